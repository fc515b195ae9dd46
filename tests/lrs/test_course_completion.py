"""Statements that satisfy every tracked module of a self-paced course complete it in delivery, once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction

from cadre.catalogue.models import Course, CourseObjective, DeliveryMode, LifecycleStatus, Module
from cadre.competencies.models import Assessment
from cadre.delivery.models import Completion, Enrolment, Session
from cadre.lrs.evidence import outbox_process
from cadre.lrs.models import ModuleProgress, OutboxEntry
from tests.lrs.conftest import statement

pytestmark = pytest.mark.django_db
URL = "/xapi/statements"
PASSED = "http://adlnet.gov/expapi/verbs/passed"
FAILED = "http://adlnet.gov/expapi/verbs/failed"
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
IRI_1 = "https://cadre.example.org/xapi/valuation/transaction-value"
IRI_2 = "https://cadre.example.org/xapi/valuation/adjustments"


def _course(world, *, mode=DeliveryMode.ELEARNING, code="VAL-EL") -> Course:
    course = Course.objects.create(
        administration=world.a.administration,
        code=code,
        title="Valuation online",
        delivery_mode=mode,
        languages=["en"],
        status=LifecycleStatus.ACTIVE,
    )
    CourseObjective.objects.create(course=course, competency=world.competencies[0], target_level=2)
    return course


def _module(world, course, code, iri, *, pass_mark=None, sequence=1) -> Module:
    module = Module.objects.create(
        administration=world.a.administration,
        course=course,
        sequence=sequence,
        code=code,
        title=code,
        kind=Module.Kind.XAPI,
        minutes=10,
        activity_iri=iri,
        pass_mark=pass_mark,
        status=LifecycleStatus.ACTIVE,
    )
    module.competencies.add(world.competencies[0])
    return module


@pytest.fixture
def two_modules(world):
    course = _course(world)
    first = _module(world, course, "VAL-1", IRI_1)
    second = _module(world, course, "VAL-2", IRI_2, pass_mark=0.75, sequence=2)
    return course, first, second


def _actor(world):
    return {
        "account": {"homePage": "https://hr.example.org", "name": world.a.learner_officer.employee_number}
    }


def _send(xapi, world, iri, verb, **result):
    sent = statement(actor=_actor(world), verb={"id": verb}, object={"id": iri})
    if result:
        sent["result"] = result
    response = xapi.post(URL, sent)
    assert response.status_code == 200, response.content
    return sent["id"]


def _completions(world):
    return Completion.objects.filter(enrolment__officer=world.a.learner_officer)


def test_the_course_completes_when_the_last_module_is_satisfied(world, two_modules, xapi_a):
    course = two_modules[0]
    # given the first module completed
    _send(xapi_a, world, IRI_1, COMPLETED)
    outbox_process()
    # then the course is not complete yet
    assert not _completions(world).exists()
    # when the second module is passed above its pass mark
    last = _send(xapi_a, world, IRI_2, PASSED, score={"scaled": 0.9}, success=True)
    outbox_process()
    # then one xAPI completion of the course is recorded, naming the statement that finished it
    completion = _completions(world).get()
    assert completion.source == Completion.Source.XAPI
    assert str(completion.statement_id) == last
    assert completion.enrolment.session.course == course
    assert completion.enrolment.session.self_paced
    assert completion.score == Decimal("90.00")
    applied = OutboxEntry.objects.get(statement__statement_id=last)
    assert applied.reason == f"course {course.code} completed"


def test_a_score_below_the_pass_mark_does_not_complete_the_course(world, two_modules, xapi_a):
    # given both modules reported, the second below its 0.75 pass mark
    _send(xapi_a, world, IRI_1, COMPLETED)
    _send(xapi_a, world, IRI_2, COMPLETED, score={"scaled": 0.6}, completion=True)
    outbox_process()
    # then progress is kept but the course is not completed
    assert ModuleProgress.objects.filter(officer=world.a.learner_officer, completed=True).count() == 2
    assert not _completions(world).exists()
    # when a later attempt reaches the pass mark
    _send(xapi_a, world, IRI_2, PASSED, score={"scaled": 0.8}, success=True)
    outbox_process()
    # then the course completes
    assert _completions(world).count() == 1


def test_a_failed_module_blocks_the_course(world, two_modules, xapi_a):
    _send(xapi_a, world, IRI_1, FAILED)
    _send(xapi_a, world, IRI_2, PASSED, score={"scaled": 1.0}, success=True)
    outbox_process()
    assert not _completions(world).exists()


def test_a_classroom_course_keeps_its_roster_result_and_says_why(world, xapi_a):
    # given a classroom course whose single module reports through xAPI
    course = _course(world, mode=DeliveryMode.CLASSROOM, code="VAL-CR")
    _module(world, course, "VAL-CR-1", IRI_1)
    # when the module is passed
    sent = _send(xapi_a, world, IRI_1, PASSED)
    outbox_process()
    # then progress and evidence are recorded, the course result is not, and the entry says why
    assert ModuleProgress.objects.get(officer=world.a.learner_officer).completed
    assert Assessment.objects.filter(source=Assessment.Source.XAPI).count() == 1
    assert not Completion.objects.exists()
    entry = OutboxEntry.objects.get(statement__statement_id=sent)
    assert entry.status == OutboxEntry.Status.APPLIED
    assert "roster" in entry.reason


def test_a_crash_before_commit_leaves_nothing_and_the_retry_completes_once(world, two_modules, xapi_a):
    # given both modules satisfied, waiting in the outbox
    _send(xapi_a, world, IRI_1, COMPLETED)
    _send(xapi_a, world, IRI_2, PASSED, score={"scaled": 0.9}, success=True)

    # when the worker dies after applying everything but before its transaction commits
    class WorkerKilledError(Exception):
        pass

    def worker_dies_before_commit() -> None:
        with transaction.atomic():
            assert outbox_process() == 2
            assert _completions(world).count() == 1  # applied inside the doomed transaction
            raise WorkerKilledError

    with pytest.raises(WorkerKilledError):
        worker_dies_before_commit()

    # then nothing of it survived: entries pending, no progress, enrolment or completion
    assert set(OutboxEntry.objects.values_list("status", flat=True)) == {OutboxEntry.Status.PENDING}
    assert not ModuleProgress.objects.exists()
    assert not Enrolment.objects.exists()
    assert not Session.objects.filter(self_paced=True).exists()
    assert not Assessment.objects.filter(officer=world.a.learner_officer).exists()

    # when the restarted worker processes the outbox, and runs again later
    assert outbox_process() == 2
    assert outbox_process() == 0

    # then the course is completed exactly once, with its evidence once
    assert _completions(world).count() == 1
    assert Enrolment.objects.filter(officer=world.a.learner_officer).count() == 1
    assert (
        Assessment.objects.filter(officer=world.a.learner_officer, source=Assessment.Source.XAPI).count() == 2
    )
    assert set(OutboxEntry.objects.values_list("status", flat=True)) == {OutboxEntry.Status.APPLIED}


def test_reprocessing_an_applied_statement_does_not_duplicate_the_completion(world, two_modules, xapi_a):
    # given the course completed from the outbox
    _send(xapi_a, world, IRI_1, COMPLETED)
    last = _send(xapi_a, world, IRI_2, PASSED, score={"scaled": 0.9}, success=True)
    outbox_process()
    completion = _completions(world).get()
    # when the finishing entry is put back to pending (as if its mark were lost) and processed again,
    # and the tool re-sends the same statement
    OutboxEntry.objects.filter(statement__statement_id=last).update(status=OutboxEntry.Status.PENDING)
    outbox_process()
    # then the completion, the enrolment and the self-paced session are still the only ones
    assert list(_completions(world)) == [completion]
    assert Enrolment.objects.filter(officer=world.a.learner_officer).count() == 1
    assert Session.objects.filter(self_paced=True).count() == 1


def test_another_administrations_client_cannot_complete_the_course(world, two_modules, xapi_b):
    # given B's client reporting both modules passed for A's officer
    _send(xapi_b, world, IRI_1, PASSED)
    _send(xapi_b, world, IRI_2, PASSED, score={"scaled": 1.0}, success=True)
    outbox_process()
    # then A's officer has no completion and the entries are kept as unmatched
    assert not _completions(world).exists()
    assert set(OutboxEntry.objects.values_list("status", flat=True)) == {OutboxEntry.Status.UNMATCHED}
