"""Delivery fixtures on top of the two-administration ``world``: courses, instructors, sessions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cadre.catalogue.models import Course, CourseObjective, LifecycleStatus
from cadre.delivery.models import Enrolment, Instructor, InstructorQualification, Session
from tests.support import factories as f


def make_course(administration: Any, *, code: str = "RISK-1", **overrides: Any) -> Course:
    data = {
        "administration": administration,
        "code": code,
        "title": f"Course {code}",
        "languages": ["en", "ja"],
        "max_participants": 20,
        "duration_days": 2,
        "status": LifecycleStatus.ACTIVE,
        "instructor_qualification": "RISK",
    }
    data.update(overrides)
    return Course.objects.create(**data)


def make_instructor(
    administration: Any, *, name: str = "Dr Expert", code: str = "RISK", **overrides: Any
) -> Instructor:
    data = {"administration": administration, "kind": Instructor.Kind.EXTERNAL, "name": name}
    data.update(overrides)
    instructor = Instructor.objects.create(**data)
    if code:
        InstructorQualification.objects.create(instructor=instructor, code=code)
    return instructor


def make_session(
    course: Course, *, start: dt.datetime | None = None, days: int = 1, **overrides: Any
) -> Session:
    start = start or (timezone.now() + dt.timedelta(days=30)).replace(microsecond=0)
    data = {
        "administration": course.administration,
        "course": course,
        "starts_at": start,
        "ends_at": start + dt.timedelta(days=days - 1, hours=8),
        "venue": "Training Centre",
        "room": "101",
        "language": "en",
        "seats": 10,
    }
    data.update(overrides)
    return Session.objects.create(**data)


def make_enrolment(
    session: Session, officer: Any, state: str = Enrolment.State.CONFIRMED, **extra: Any
) -> Enrolment:
    now = timezone.now()
    approved = state in (Enrolment.State.APPROVED, Enrolment.State.CONFIRMED, Enrolment.State.WAITLISTED)
    return Enrolment.objects.create(
        session=session,
        officer=officer,
        state=state,
        origin=Enrolment.Origin.REQUEST,
        approved_at=now if approved else None,
        confirmed_at=now if state == Enrolment.State.CONFIRMED else None,
        **extra,
    )


@dataclass
class Delivery:
    world: Any
    course: Course
    course_b: Course
    instructor: Instructor
    instructor_b: Instructor
    session: Session
    session_b: Session


@pytest.fixture
def delivery(world) -> Delivery:
    """A course with an objective (OP1 -> 3) in each administration, an instructor and a session each."""
    course = make_course(world.a.administration)
    CourseObjective.objects.create(course=course, competency=world.competencies[0], target_level=3)
    course_b = make_course(world.b.administration, code="RISK-B")
    instructor = make_instructor(world.a.administration)
    instructor_b = make_instructor(world.b.administration, name="Beta Expert")
    session = make_session(course)
    session.instructors.set([instructor])
    session_b = make_session(course_b)
    return Delivery(world, course, course_b, instructor, instructor_b, session, session_b)


@pytest.fixture
def client_for():
    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def instructor_user(world, delivery):
    """A login that teaches the Alpha session (an officer instructor)."""
    user = f.UserFactory(username="teacher_a")
    f.MembershipFactory(user=user, role="instructor", administration=world.a.administration)
    officer = world.a.officers[3]
    officer.user = user
    officer.save(update_fields=["user"])
    teacher = Instructor.objects.create(
        administration=world.a.administration, kind=Instructor.Kind.OFFICER, officer=officer
    )
    InstructorQualification.objects.create(instructor=teacher, code="RISK")
    delivery.session.instructors.add(teacher)
    return user
