"""Statements about linked modules become progress and "xapi" competency evidence, exactly once."""

from __future__ import annotations

import pytest

from cadre.catalogue.models import Course, CourseObjective, LifecycleStatus, Module
from cadre.competencies.models import Assessment
from cadre.lrs.evidence import outbox_process
from cadre.lrs.models import ModuleProgress, OutboxEntry, ScoreBand
from cadre.lrs.tests.conftest import statement

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
