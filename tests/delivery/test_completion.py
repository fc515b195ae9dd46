"""Attendance per day, results, and a pass turning into competency evidence (source: training)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from cadre.competencies.models import Assessment
from cadre.competencies.selectors import officer_requirement_status
from cadre.core.errors import DomainError
from cadre.delivery import services
from cadre.delivery.models import Completion, DeliveryPolicy, Enrolment
from tests.delivery.conftest import make_enrolment, make_session
from tests.support import factories as f
from tests.support.errors import NOT_FOUND

pytestmark = pytest.mark.django_db


@pytest.fixture
def ran_today(world, delivery):
    """A session that started two hours ago and has just ended, with the learner confirmed."""
    now = timezone.now()
    session = make_session(delivery.course, start=now - dt.timedelta(hours=2), room="R9")
    session.ends_at = now - dt.timedelta(minutes=1)
    session.save()
    session.instructors.set([delivery.instructor])
    enrolment = make_enrolment(session, world.a.learner_officer, Enrolment.State.CONFIRMED)
    return session, enrolment


def _today(session):
    from cadre.delivery.selectors import session_days

    return session_days(session=session)[-1]


def _attend_all(actor, session, enrolment):
    from cadre.delivery.selectors import session_days

    for day in session_days(session=session):
        services.attendance_record(actor=actor, enrolment=enrolment, day=day, present=True)


def test_pass_records_training_evidence_at_the_target_level(world, delivery, ran_today):
    # given the learner at level 1 in the course's competency (OP1; their role needs 2)
    session, enrolment = ran_today
    competency = world.competencies[0]
    f.AssessmentFactory(officer=enrolment.officer, competency=competency, level=1)
    # when attendance and a pass are recorded
    _attend_all(world.a.tm, session, enrolment)
    completion = services.completion_record(
        actor=world.a.tm, enrolment=enrolment, score=Decimal("87.5"), passed=True
    )
    # then a validated training assessment at level 3 is the officer's current level
    evidence = Assessment.objects.get(officer=enrolment.officer, source=Assessment.Source.TRAINING)
    assert (evidence.level, evidence.validation) == (3, Assessment.Validation.VALIDATED)
    assert list(completion.assessments.all()) == [evidence]
    status = {s.requirement.competency_id: s for s in officer_requirement_status(officer=enrolment.officer)}
    assert status[competency.pk].current == 3


def test_policy_can_require_validation(world, delivery, ran_today):
    DeliveryPolicy.objects.create(
        administration=world.a.administration, training_evidence_auto_validated=False
    )
    session, enrolment = ran_today
    _attend_all(world.a.tm, session, enrolment)
    services.completion_record(actor=world.a.tm, enrolment=enrolment, score=None, passed=True)
    evidence = Assessment.objects.get(officer=enrolment.officer, source=Assessment.Source.TRAINING)
    assert evidence.validation == Assessment.Validation.PENDING


def test_no_evidence_that_would_lower_a_higher_level(world, delivery, ran_today):
    session, enrolment = ran_today
    f.AssessmentFactory(officer=enrolment.officer, competency=world.competencies[0], level=4)
    _attend_all(world.a.tm, session, enrolment)
    services.completion_record(actor=world.a.tm, enrolment=enrolment, score=None, passed=True)
    assert not Assessment.objects.filter(source=Assessment.Source.TRAINING).exists()


def test_a_pass_needs_attendance_and_a_fail_records_no_evidence(world, delivery, ran_today):
    _session, enrolment = ran_today
    with pytest.raises(DomainError) as exc:
        services.completion_record(actor=world.a.tm, enrolment=enrolment, score=None, passed=True)
    assert exc.value.errors[0].field == "passed"
    assert not Completion.objects.exists()
    services.completion_record(actor=world.a.tm, enrolment=enrolment, score=Decimal(30), passed=False)
    assert not Assessment.objects.filter(source=Assessment.Source.TRAINING).exists()
    with pytest.raises(DomainError):
        services.completion_record(actor=world.a.tm, enrolment=enrolment, score=None, passed=False)


def test_score_range_and_future_days(world, delivery, ran_today):
    session, enrolment = ran_today
    with pytest.raises(DomainError) as exc:
        services.completion_record(actor=world.a.tm, enrolment=enrolment, score=Decimal(101), passed=False)
    assert "score" in {e.field for e in exc.value.errors}
    with pytest.raises(DomainError) as exc:
        services.attendance_record(
            actor=world.a.tm, enrolment=enrolment, day=_today(session) + dt.timedelta(days=1), present=True
        )
    assert exc.value.errors[0].field == "day"


def test_results_wait_for_the_last_day(world, delivery):
    enrolment = make_enrolment(delivery.session, world.a.learner_officer, Enrolment.State.CONFIRMED)
    with pytest.raises(DomainError) as exc:
        services.completion_record(actor=world.a.tm, enrolment=enrolment, score=None, passed=False)
    assert "last day" in exc.value.errors[0].reason


def test_only_roster_keepers_record(world, delivery, ran_today, instructor_user):
    session, enrolment = ran_today
    for outsider in (world.a.learner, world.a.sup, world.b.tm):
        with pytest.raises(NOT_FOUND):
            services.attendance_record(actor=outsider, enrolment=enrolment, day=_today(session), present=True)
    # the session's own instructor may
    session.instructors.add(*delivery.session.instructors.all())
    services.attendance_record(actor=instructor_user, enrolment=enrolment, day=_today(session), present=True)


def test_unconfirmed_participants_have_no_attendance(world, delivery, ran_today):
    session, _ = ran_today
    waiting = make_enrolment(session, world.a.officers[1], Enrolment.State.WAITLISTED)
    with pytest.raises(DomainError):
        services.attendance_record(actor=world.a.tm, enrolment=waiting, day=_today(session), present=True)
