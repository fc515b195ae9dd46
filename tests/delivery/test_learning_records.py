"""Course completions proven by learning records: self-paced courses, at most once, cohorts respected."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from cadre.catalogue.models import CourseObjective, DeliveryMode
from cadre.competencies.models import Assessment
from cadre.core.errors import DomainError
from cadre.delivery.learning_records import completion_record_from_learning_record
from cadre.delivery.models import Completion, Enrolment, Session
from cadre.delivery.selectors import (
    calendar_sessions_for_officer,
    officer_passed_course_ids,
    officer_upcoming_sessions,
    sessions_for_list,
)
from cadre.delivery.services import enrolment_request
from tests.delivery.conftest import make_course, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def elearning(world):
    course = make_course(
        world.a.administration, code="VAL-EL", delivery_mode=DeliveryMode.ELEARNING, duration_days=0
    )
    CourseObjective.objects.create(course=course, competency=world.competencies[0], target_level=2)
    return course


def _now() -> dt.datetime:
    return timezone.now().replace(microsecond=0)


def test_a_self_paced_course_is_enrolled_and_completed_automatically(world, elearning):
    # given an officer with no enrolment in the e-learning course
    officer = world.a.learner_officer
    statement_id = uuid.uuid4()
    # when the learning records prove the course passed
    recorded = completion_record_from_learning_record(
        officer=officer,
        course=elearning,
        completed_at=_now(),
        score=Decimal("85.50"),
        statement_id=statement_id,
    )
    # then a confirmed self-paced enrolment holds an xAPI completion
    completion = recorded.completion
    assert recorded.created
    assert completion.passed
    assert completion.score == Decimal("85.50")
    assert completion.source == Completion.Source.XAPI
    assert completion.statement_id == statement_id
    enrolment = completion.enrolment
    assert enrolment.officer == officer
    assert enrolment.state == Enrolment.State.CONFIRMED
    assert enrolment.origin == Enrolment.Origin.SELF_PACED
    session = enrolment.session
    assert session.self_paced
    assert session.course == elearning
    assert session.starts_at <= _now() < session.ends_at
    # and the course counts as passed (prerequisites, recommendations)
    assert elearning.pk in officer_passed_course_ids(officer_id=officer.pk)
    # and the course objective became training evidence
    evidence = Assessment.objects.get(officer=officer, source=Assessment.Source.TRAINING)
    assert evidence.level == 2
    assert list(completion.assessments.all()) == [evidence]


def test_recording_twice_changes_nothing(world, elearning):
    # given a completion already recorded from a learning record
    officer = world.a.learner_officer
    first = completion_record_from_learning_record(officer=officer, course=elearning, completed_at=_now())
    # when the same (or a later) learning record is processed again
    again = completion_record_from_learning_record(
        officer=officer, course=elearning, completed_at=_now() + dt.timedelta(minutes=5)
    )
    # then the first completion stands alone
    assert not again.created
    assert again.completion.pk == first.completion.pk
    assert Completion.objects.filter(enrolment__officer=officer).count() == 1
    assert Enrolment.objects.filter(officer=officer).count() == 1
    assert Session.objects.filter(self_paced=True).count() == 1
    assert Assessment.objects.filter(officer=officer, source=Assessment.Source.TRAINING).count() == 1


def test_two_officers_share_the_years_self_paced_session(world, elearning):
    # given two officers completing the course the same year
    for officer in world.a.officers[:2]:
        completion_record_from_learning_record(officer=officer, course=elearning, completed_at=_now())
    # then one self-paced session holds both enrolments
    session = Session.objects.get(self_paced=True)
    assert session.enrolments.count() == 2


def test_the_database_allows_one_self_paced_session_per_course_and_year(world, elearning):
    # given the year's self-paced session
    completion_record_from_learning_record(
        officer=world.a.learner_officer, course=elearning, completed_at=_now()
    )
    session = Session.objects.get(self_paced=True)
    # when a second one for the same start is inserted directly
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(
            administration=session.administration,
            course=elearning,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            language="en",
            seats=1,
            self_paced=True,
        )


def test_a_nominated_cohort_place_receives_the_completion(world, elearning):
    # given the officer confirmed in a running e-learning cohort session
    officer = world.a.learner_officer
    start = _now() - dt.timedelta(days=3)
    cohort = make_session(
        elearning, start=start, days=10, venue="", room="", online_url="https://lms.example.org"
    )
    enrolment = Enrolment.objects.create(
        session=cohort,
        officer=officer,
        state=Enrolment.State.CONFIRMED,
        origin=Enrolment.Origin.NOMINATION,
        approved_at=start,
        confirmed_at=start,
    )
    # when the learning records complete the course
    recorded = completion_record_from_learning_record(officer=officer, course=elearning, completed_at=_now())
    # then the completion is on the cohort place and no self-paced session is made
    assert recorded.completion.enrolment == enrolment
    assert not Session.objects.filter(self_paced=True).exists()


@pytest.mark.parametrize("mode", [DeliveryMode.CLASSROOM, DeliveryMode.BLENDED, DeliveryMode.VR])
def test_an_instructor_led_course_keeps_its_roster_result(world, mode):
    # given a course whose result its instructor records
    course = make_course(world.a.administration, code=f"IL-{mode}", delivery_mode=mode)
    # when learning records claim it complete
    with pytest.raises(DomainError) as raised:
        completion_record_from_learning_record(
            officer=world.a.learner_officer, course=course, completed_at=_now()
        )
    # then it is refused, naming the course, and nothing is stored
    assert raised.value.errors[0].field == "course"
    assert "roster" in raised.value.errors[0].reason
    assert not Completion.objects.exists()
    assert not Session.objects.filter(self_paced=True).exists()


def test_a_course_of_another_administration_is_refused(world):
    # given B's e-learning course and A's officer
    course = make_course(world.b.administration, code="B-EL", delivery_mode=DeliveryMode.ELEARNING)
    # when a completion is claimed across administrations
    with pytest.raises(DomainError) as raised:
        completion_record_from_learning_record(
            officer=world.a.learner_officer, course=course, completed_at=_now()
        )
    # then it is refused and nothing changed
    assert raised.value.errors[0].field == "course"
    assert not Completion.objects.exists()
    assert not Enrolment.objects.exists()


def test_naive_times_and_bad_scores_are_refused(world, elearning):
    with pytest.raises(DomainError) as raised:
        completion_record_from_learning_record(
            officer=world.a.learner_officer,
            course=elearning,
            completed_at=dt.datetime(2025, 1, 1, 12, 0),  # naive: the point of the test
            score=Decimal(120),
        )
    assert {e.field for e in raised.value.errors} == {"completed_at", "score"}
    assert not Completion.objects.exists()


def test_self_paced_sessions_stay_off_the_schedule_and_take_no_requests(world, elearning):
    # given the officer's self-paced completion
    officer = world.a.learner_officer
    completion_record_from_learning_record(officer=officer, course=elearning, completed_at=_now())
    session = Session.objects.get(self_paced=True)
    # then it is in no list, no upcoming view and no calendar
    assert session not in sessions_for_list(user=world.a.tm)
    assert session not in officer_upcoming_sessions(officer=officer)
    assert session not in calendar_sessions_for_officer(officer=officer)
    # and nobody asks for a seat in it
    with pytest.raises(DomainError) as raised:
        enrolment_request(actor=world.a.learner, session=session, officer=officer)
    assert "session" in {e.field for e in raised.value.errors}
