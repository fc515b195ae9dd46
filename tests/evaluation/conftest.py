"""Evaluation fixtures on the two-administration ``world``: a course that has run, with participants."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cadre.catalogue.models import Course, CourseObjective
from cadre.delivery.models import Completion, Enrolment, Instructor, Session
from cadre.evaluation.models import QuestionnaireTemplate
from cadre.evaluation.services.questionnaires import QuestionInput, questionnaire_template_create
from tests.delivery.conftest import make_course, make_enrolment, make_instructor, make_session
from tests.support import factories as f


@dataclass
class Evaluated:
    world: Any
    course: Course
    session: Session
    instructor: Instructor
    enrolments: list[Enrolment]
    users: list[Any]
    template: QuestionnaireTemplate
    course_b: Course
    session_b: Session


def ended_session(course: Course, *, days_ago: int = 10) -> Session:
    start = (timezone.now() - dt.timedelta(days=days_ago)).replace(microsecond=0)
    return make_session(course, start=start)


@pytest.fixture
def client_for():
    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def ev(world) -> Evaluated:
    """Alpha's course (OP1 -> 3, declared uplift 1) ran 10 days ago for 6 officers with logins."""
    a = world.a
    course = make_course(
        a.administration,
        code="VAL-1",
        declared_uplift=Decimal("1.00"),
        cost_per_session=Decimal("1000"),
        cost_per_participant=Decimal("50"),
        cost_per_instructor_day=Decimal("300"),
    )
    CourseObjective.objects.create(course=course, competency=world.competencies[0], target_level=3)
    instructor = make_instructor(a.administration)
    session = ended_session(course)
    session.instructors.set([instructor])
    users, enrolments = [], []
    for i in range(6):
        user = f.UserFactory(username=f"participant_{i}")
        f.MembershipFactory(user=user, role="learner", administration=a.administration)
        officer = f.OfficerFactory(
            administration=a.administration, org_unit=a.house, position=a.position, user=user
        )
        users.append(user)
        enrolments.append(make_enrolment(session, officer))
    template = questionnaire_template_create(
        actor=a.tm,
        administration=a.administration,
        name="After the course",
        kind="reaction",
        anonymous=True,
        questions=[
            QuestionInput("likert", "The course was useful for my work"),
            QuestionInput("choice", "Pace", ["Too slow", "Right", "Too fast"]),
            QuestionInput("text", "What should change?", required=False),
        ],
    )
    course_b = make_course(world.b.administration, code="VAL-B")
    session_b = ended_session(course_b)
    make_enrolment(session_b, world.b.learner_officer)
    return Evaluated(world, course, session, instructor, enrolments, users, template, course_b, session_b)


def complete(enrolment: Enrolment, *, passed: bool = True, on: dt.date | None = None) -> Completion:
    return Completion.objects.create(
        enrolment=enrolment, passed=passed, completed_on=on or enrolment.session.ends_at.date()
    )
