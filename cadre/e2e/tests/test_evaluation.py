"""Reaction evaluation in the browser.

An officer follows the link in their in-app notice and answers the reaction questionnaire on a
phone; the training manager then opens the course evaluation page and sees the response counted.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from cadre.catalogue.models import Course, LifecycleStatus
from cadre.delivery.models import Enrolment, Session
from cadre.e2e.tests.conftest import login
from cadre.evaluation.models import Response
from cadre.evaluation.services.questionnaires import (
    QuestionInput,
    questionnaire_template_create,
    survey_launch,
)
from cadre.testing.world import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def surveyed_session(transactional_db, world) -> Session:
    """Alpha's course ended yesterday for learner_a; the reaction questionnaire was sent."""
    a = world.a
    course = Course.objects.create(
        administration=a.administration,
        code="EVAL-101",
        title="Post-clearance audit basics",
        languages=["en"],
        status=LifecycleStatus.ACTIVE,
        duration_days=1,
    )
    start = (timezone.now() - dt.timedelta(days=2)).replace(microsecond=0)
    session = Session.objects.create(
        administration=a.administration,
        course=course,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=8),
        venue="Training Centre",
        room="1",
        language="en",
        seats=5,
    )
    now = timezone.now()
    Enrolment.objects.create(
        session=session,
        officer=a.learner_officer,
        state=Enrolment.State.CONFIRMED,
        origin=Enrolment.Origin.REQUEST,
        approved_at=now,
        confirmed_at=now,
    )
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
    survey_launch(actor=a.tm, session=session, template=template)
    return session


def _as(page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username, PASSWORD)


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_officer_answers_on_a_phone_and_the_manager_sees_the_response(page, world, surveyed_session):
    # given the officer's notice on a phone
    _as(page, "learner_a")
    page.goto(page.base_url + "/notices/")
    notice = page.locator("a[href*='/evaluation/r/']")
    assert notice.count() == 1

    # when they follow its link and answer
    notice.click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("heading", name="Post-clearance audit basics").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Right", exact=True).check()
    page.locator("textarea").fill("More practical cases.")
    page.get_by_role("button", name="Send answers").click()
    page.wait_for_load_state("networkidle")

    # then the answers are saved
    assert page.get_by_text("Thank you: your answers are saved.").is_visible()
    assert Response.objects.filter(survey__session=surveyed_session).count() == 1

    # and the training manager sees the response on the course evaluation page
    _as(page, "tm_a")
    page.goto(f"{page.base_url}/evaluation/courses/{surveyed_session.course_id}/")
    reaction = page.locator("section", has=page.get_by_role("heading", name="Reaction"))
    assert re.search(r"1 of 1 invited participants answered", reaction.inner_text())
