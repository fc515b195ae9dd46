"""Statements about linked modules become progress and "xapi" competency evidence, exactly once."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadre.catalogue.models import Course, CourseObjective, LifecycleStatus, Module
from cadre.competencies.models import Assessment
from cadre.lrs.evidence import Outcome, module_satisfied, outbox_process, progress_merge
from cadre.lrs.models import ModuleProgress, OutboxEntry, ScoreBand
from tests.lrs.conftest import statement

pytestmark = pytest.mark.django_db
URL = "/xapi/statements"
IRI = "https://cadre.example.org/xapi/hs-classification"


@pytest.fixture
def module(world):
    course = Course.objects.create(
        administration=world.a.administration, code="HS-1", title="HS basics", status=LifecycleStatus.ACTIVE
    )
    CourseObjective.objects.create(course=course, competency=world.competencies[0], target_level=2)
    module = Module.objects.create(
        administration=world.a.administration,
        course=course,
        code="HS-1-M1",
        title="Classify",
        kind=Module.Kind.XAPI,
        minutes=10,
        activity_iri=IRI,
    )
    module.competencies.add(world.competencies[0])
    return module


def _officer_actor(world):
    officer = world.a.learner_officer
    return officer, {"account": {"homePage": "https://hr.example.org", "name": officer.employee_number}}


def test_a_passed_statement_becomes_progress_and_evidence_once(world, module, xapi_a):
    # given an officer passing the linked activity
    officer, actor = _officer_actor(world)
    sent = statement(
        actor=actor,
        verb={"id": "http://adlnet.gov/expapi/verbs/passed"},
        object={"id": IRI},
        result={"score": {"scaled": 0.9}, "success": True},
    )
    xapi_a.post(URL, sent)
    # when the outbox is processed twice
    outbox_process()
    outbox_process()
    # then progress and one evidence at the course objective's level exist
    progress = ModuleProgress.objects.get(officer=officer, module=module)
    assert progress.completed
    assert progress.passed
    assert progress.score_scaled == pytest.approx(0.9)
    evidence = Assessment.objects.filter(officer=officer, source=Assessment.Source.XAPI)
    assert evidence.count() == 1
    assert evidence.get().level == 2
    assert OutboxEntry.objects.get().status == OutboxEntry.Status.APPLIED


def test_score_bands_map_the_level(world, module, xapi_a):
    officer, actor = _officer_actor(world)
    for min_scaled, level in ((0.5, 1), (0.8, 3)):
        ScoreBand.objects.create(
            administration=world.a.administration,
            activity_iri=IRI,
            competency=world.competencies[1],
            min_scaled=min_scaled,
            level=level,
        )
    xapi_a.post(
        URL,
        statement(
            actor=actor,
            verb={"id": "http://adlnet.gov/expapi/verbs/scored"},
            object={"id": IRI},
            result={"score": {"raw": 85, "min": 0, "max": 100}},
        ),
    )
    outbox_process()
    assessment = Assessment.objects.get(officer=officer, source=Assessment.Source.XAPI)
    assert assessment.competency == world.competencies[1]
    assert assessment.level == 3


def test_a_failed_statement_records_progress_without_evidence(world, module, xapi_a):
    officer, actor = _officer_actor(world)
    xapi_a.post(
        URL, statement(actor=actor, verb={"id": "http://adlnet.gov/expapi/verbs/failed"}, object={"id": IRI})
    )
    outbox_process()
    assert ModuleProgress.objects.get(officer=officer).passed is False
    assert not Assessment.objects.filter(source=Assessment.Source.XAPI).exists()


def test_unknown_officer_or_activity_is_kept_and_reported(world, module, xapi_a):
    # given statements for a stranger, and for an unlinked activity
    xapi_a.post(URL, statement(actor={"mbox": "mailto:stranger@example.org"}, object={"id": IRI}))
    _, actor = _officer_actor(world)
    xapi_a.post(URL, statement(actor=actor, object={"id": "https://elsewhere.example.org/x"}))
    outbox_process()
    # then both are kept as unmatched with a reason
    reasons = sorted(OutboxEntry.objects.values_list("status", "reason"))
    assert [status for status, _ in reasons] == ["unmatched", "unmatched"]
    assert all(reason for _, reason in reasons)


def test_a_foreign_client_cannot_raise_another_administrations_officer(world, module, xapi_b):
    # given B's client reporting a pass for A's officer on A's activity
    officer, actor = _officer_actor(world)
    xapi_b.post(
        URL, statement(actor=actor, verb={"id": "http://adlnet.gov/expapi/verbs/passed"}, object={"id": IRI})
    )
    outbox_process()
    # then nothing changes for A's officer
    assert not ModuleProgress.objects.filter(officer=officer).exists()
    assert not Assessment.objects.filter(officer=officer, source=Assessment.Source.XAPI).exists()


PASSED = "http://adlnet.gov/expapi/verbs/passed"
FAILED = "http://adlnet.gov/expapi/verbs/failed"


def _attempt(xapi, actor, verb, scaled):
    xapi.post(
        URL,
        statement(
            actor=actor,
            verb={"id": verb},
            object={"id": IRI},
            result={"score": {"scaled": scaled}, "success": verb == PASSED},
        ),
    )
    outbox_process()


def test_a_worse_retry_after_a_pass_keeps_the_pass_and_the_best_score(world, module, xapi_a):
    # given a module with a pass mark, passed at 0.9
    module.pass_mark = 0.75
    module.save(update_fields=["pass_mark"])
    officer, actor = _officer_actor(world)
    _attempt(xapi_a, actor, PASSED, 0.9)
    # when the learner retries and fails at 0.4
    _attempt(xapi_a, actor, FAILED, 0.4)
    # then the pass and the 0.9 stay, and the module still counts towards its course
    progress = ModuleProgress.objects.get(officer=officer, module=module)
    assert (progress.passed, progress.completed) == (True, True)
    assert progress.score_scaled == pytest.approx(0.9)
    assert module_satisfied(module, progress)


def test_a_better_retry_raises_the_score(world, module, xapi_a):
    officer, actor = _officer_actor(world)
    _attempt(xapi_a, actor, FAILED, 0.3)
    _attempt(xapi_a, actor, PASSED, 0.8)
    _attempt(xapi_a, actor, PASSED, 0.76)
    progress = ModuleProgress.objects.get(officer=officer, module=module)
    assert progress.passed is True
    assert progress.score_scaled == pytest.approx(0.8)


_outcomes = st.lists(
    st.builds(
        Outcome,
        completed=st.booleans(),
        passed=st.none() | st.booleans(),
        scaled=st.none() | st.floats(min_value=-2, max_value=2, allow_nan=False),
    ),
    max_size=8,
)


@given(outcomes=_outcomes, seed=st.randoms())
def test_progress_is_the_best_attempt_in_any_order(outcomes, seed):
    # given any attempts, folded in the order they came and in another order
    when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    folded = []
    for order in (outcomes, seed.sample(outcomes, len(outcomes))):
        progress = ModuleProgress()
        for i, outcome in enumerate(order):
            progress_merge(progress, outcome, when + dt.timedelta(minutes=i))
        folded.append(progress)
    # then completion, pass and score are those of the best attempts, whatever the order
    scores = [max(-1.0, min(1.0, o.scaled)) for o in outcomes if o.scaled is not None]
    verdicts = [o.passed for o in outcomes if o.passed is not None]
    for progress in folded:
        assert progress.completed == any(o.completed for o in outcomes)
        assert progress.score_scaled == (max(scores) if scores else None)
        assert progress.passed == ((True in verdicts) if verdicts else None)
