"""Scheduling sessions: course, times, language, seats, qualified instructors, no double-booking."""

import datetime as dt

import pytest
from django.utils import timezone

from cadre.core.errors import DomainError
from cadre.delivery import services
from cadre.delivery.models import InstructorAvailability, Session
from tests.delivery.conftest import make_instructor
from tests.support.errors import NOT_FOUND

pytestmark = pytest.mark.django_db


def _when(days=40, hours=8):
    start = (timezone.now() + dt.timedelta(days=days)).replace(microsecond=0)
    return start, start + dt.timedelta(hours=hours)


def _create(world, delivery, **overrides):
    start, end = _when()
    data = {
        "actor": world.a.tm,
        "administration": world.a.administration,
        "course": delivery.course,
        "starts_at": start,
        "ends_at": end,
        "language": "en",
        "seats": 12,
        "venue": "Training Centre",
        "room": "201",
        "instructors": [delivery.instructor],
    }
    data.update(overrides)
    return services.session_create(**data)


def _fields(exc):
    return {e.field for e in exc.value.errors}


def test_create_session(world, delivery):
    session = _create(world, delivery)
    assert list(session.instructors.all()) == [delivery.instructor]
    assert session.starts_at.tzinfo is not None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"language": "fr"}, "language"),
        ({"seats": 21}, "seats"),
        ({"seats": 0}, "seats"),
        ({"venue": "", "room": "", "online_url": ""}, "venue"),
        ({"starts_at": dt.datetime(2026, 5, 1, 9)}, "starts_at"),  # naive
    ],
)
def test_invalid_sessions_name_the_field_and_save_nothing(world, delivery, overrides, field):
    count = Session.objects.count()
    with pytest.raises(DomainError) as exc:
        _create(world, delivery, **overrides)
    assert field in _fields(exc)
    assert Session.objects.count() == count


def test_end_before_start(world, delivery):
    start, _end = _when()
    with pytest.raises(DomainError) as exc:
        _create(world, delivery, starts_at=start, ends_at=start - dt.timedelta(hours=1))
    assert _fields(exc) == {"ends_at"}


def test_instructor_double_booking_refused(world, delivery):
    first = _create(world, delivery)
    with pytest.raises(DomainError) as exc:
        _create(
            world,
            delivery,
            starts_at=first.starts_at + dt.timedelta(hours=2),
            ends_at=first.ends_at + dt.timedelta(hours=2),
            room="other",
        )
    assert _fields(exc) == {"instructors"}
    assert "already teaches RISK-1" in exc.value.errors[0].reason


def test_room_double_booking_refused_but_back_to_back_is_fine(world, delivery):
    first = _create(world, delivery, instructors=[])
    with pytest.raises(DomainError) as exc:
        _create(
            world, delivery, instructors=[], starts_at=first.starts_at + dt.timedelta(hours=1), room=" 201 "
        )
    assert _fields(exc) == {"room"}
    back_to_back = _create(
        world,
        delivery,
        instructors=[],
        starts_at=first.ends_at,
        ends_at=first.ends_at + dt.timedelta(hours=2),
    )
    assert back_to_back.pk


def test_cancelled_session_frees_the_room(world, delivery):
    first = _create(world, delivery, instructors=[])
    services.session_cancel(actor=world.a.tm, session=first)
    assert _create(world, delivery, instructors=[]).pk


def test_unqualified_or_unavailable_or_foreign_instructor_refused(world, delivery):
    unqualified = make_instructor(world.a.administration, name="No Qual", code="OTHER")
    with pytest.raises(DomainError) as exc:
        _create(world, delivery, instructors=[unqualified])
    assert "not qualified" in exc.value.errors[0].reason
    start, end = _when()
    InstructorAvailability.objects.create(
        instructor=delivery.instructor, starts_on=start.date(), ends_on=end.date(), available=False
    )
    with pytest.raises(DomainError) as exc:
        _create(world, delivery)
    assert "unavailable" in exc.value.errors[0].reason
    with pytest.raises(DomainError) as exc:
        _create(world, delivery, instructors=[delivery.instructor_b])
    assert _fields(exc) == {"instructors"}


def test_competency_qualification_covers_a_course_without_code(world, delivery):
    from cadre.delivery.models import InstructorQualification

    delivery.course.instructor_qualification = ""
    delivery.course.save()
    expert = make_instructor(world.a.administration, name="Competent", code="")
    InstructorQualification.objects.create(instructor=expert, competency=world.competencies[0], level=2)
    with pytest.raises(DomainError):
        _create(world, delivery, instructors=[expert])
    InstructorQualification.objects.filter(instructor=expert).update(level=3)
    assert _create(world, delivery, instructors=[expert]).pk


def test_foreign_course_and_manager_refused(world, delivery):
    with pytest.raises(DomainError) as exc:
        _create(world, delivery, course=delivery.course_b, instructors=[])
    assert "course" in _fields(exc)
    with pytest.raises(NOT_FOUND):
        _create(world, delivery, actor=world.b.tm)


def test_seats_never_below_confirmed(world, delivery):
    from cadre.delivery.models import Enrolment
    from tests.delivery.conftest import make_enrolment

    for officer in world.a.officers[:3]:
        make_enrolment(delivery.session, officer, Enrolment.State.CONFIRMED)
    with pytest.raises(DomainError) as exc:
        services.session_update(actor=world.a.tm, session=delivery.session, seats=2)
    assert _fields(exc) == {"seats"}
    delivery.session.refresh_from_db()
    assert delivery.session.seats == 10


def test_cancel_session_cancels_enrolments(world, delivery):
    from cadre.delivery.models import Enrolment
    from tests.delivery.conftest import make_enrolment

    enrolment = make_enrolment(delivery.session, world.a.learner_officer, Enrolment.State.CONFIRMED)
    services.session_cancel(actor=world.a.tm, session=delivery.session)
    enrolment.refresh_from_db()
    assert enrolment.state == Enrolment.State.CANCELLED


def test_instructor_create_with_qualifications_and_errors(world, delivery):
    instructor = services.instructor_create(
        actor=world.a.tm,
        administration=world.a.administration,
        kind="officer",
        officer=world.a.officers[2],
        max_days_per_year=40,
        qualifications=[
            services.QualificationInput(code="HS"),
            services.QualificationInput(competency=world.competencies[3], level=3),
        ],
    )
    assert instructor.qualifications.count() == 2
    with pytest.raises(DomainError) as exc:
        services.instructor_create(
            actor=world.a.tm,
            administration=world.a.administration,
            kind="external",
            name="",
            max_days_per_year=400,
            qualifications=[services.QualificationInput(competency=world.competencies[3], level=9)],
        )
    assert _fields(exc) == {"name", "max_days_per_year", "qualifications[0].level"}
    with pytest.raises(DomainError) as exc:
        services.instructor_create(
            actor=world.a.tm,
            administration=world.a.administration,
            kind="officer",
            officer=world.b.officers[0],
        )
    assert _fields(exc) == {"officer"}
    with pytest.raises(NOT_FOUND):
        services.instructor_create(
            actor=world.b.tm, administration=world.a.administration, kind="external", name="X"
        )
