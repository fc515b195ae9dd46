"""Reaction and behaviour evaluation in the browser.

An officer follows the link in their in-app notice and answers the reaction questionnaire on a
phone; their supervisor then completes the behaviour follow-up of the officer's completion; the
training manager finally opens the course evaluation page and sees both counted.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.utils import timezone

from cadre.catalogue.models import Course, LifecycleStatus
from cadre.catalogue.services.courses import ObjectiveInput, course_objectives_set
from cadre.competencies.models import Competency
from cadre.delivery.models import Enrolment, Session
from cadre.delivery.selectors import session_days
from cadre.delivery.services import attendance_record, completion_record
from cadre.evaluation.models import FollowUp, Response
from cadre.evaluation.services.followups import follow_ups_open_due, follow_ups_schedule
from cadre.evaluation.services.questionnaires import (
    QuestionInput,
    questionnaire_template_create,
    survey_launch,
)
from cadre.evaluation.services.settings import evaluation_settings_set
from tests.e2e.conftest import login
from tests.support.world import PASSWORD

pytestmark = pytest.mark.browser


@dataclass
class Evaluated:
    session: Session
    competency: Competency
    follow_up: FollowUp


@pytest.fixture
def evaluated(transactional_db, world) -> Evaluated:
    """Alpha's course ran ten days ago and learner_a passed it; the reaction questionnaire was sent
    and, with follow-ups one week after completion, the behaviour follow-up is open for sup_a."""
    a = world.a
    competency = world.competencies[0]
    course = Course.objects.create(
        administration=a.administration,
        code="EVAL-101",
        title="Post-clearance audit basics",
        languages=["en"],
        status=LifecycleStatus.ACTIVE,
        duration_days=1,
    )
    course_objectives_set(actor=a.tm, course=course, objectives=[ObjectiveInput(competency, 3)])
    start = (timezone.now() - dt.timedelta(days=10)).replace(microsecond=0)
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
    enrolment = Enrolment.objects.create(
        session=session,
        officer=a.learner_officer,
        state=Enrolment.State.CONFIRMED,
        origin=Enrolment.Origin.REQUEST,
        approved_at=now,
        confirmed_at=now,
    )
    for day in session_days(session=session):
        attendance_record(actor=a.tm, enrolment=enrolment, day=day, present=True)
    completion_record(actor=a.tm, enrolment=enrolment, score=None, passed=True)
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
    follow_up_template = questionnaire_template_create(
        actor=a.tm,
        administration=a.administration,
        name="Back at work",
        kind="follow_up",
        anonymous=False,
        questions=[QuestionInput("likert", "The officer applies the course at work")],
    )
    evaluation_settings_set(
        actor=a.tm,
        administration=a.administration,
        follow_up_weeks=1,
        reminder_after_days=7,
        daily_cost_of_absence=0,
        follow_up_template=follow_up_template,
    )
    # the nightly sweeps: schedule the completion's follow-up, then open it (due three days ago)
    assert follow_ups_schedule() == 1
    assert follow_ups_open_due() == 1
    follow_up = FollowUp.objects.get(enrolment=enrolment)
    assert follow_up.state == FollowUp.State.OPEN
    return Evaluated(session, competency, follow_up)


def _as(page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username, PASSWORD)


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_reaction_and_follow_up_reach_the_course_report(page, world, evaluated):
    session, follow_up = evaluated.session, evaluated.follow_up

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
    assert Response.objects.filter(survey__session=session).count() == 1

    # given the supervisor's due follow-up, reached from their notice
    _as(page, "sup_a")
    page.goto(page.base_url + "/notices/")
    link = page.locator(f"a[href$='/evaluation/follow-ups/{follow_up.pk}/']")
    assert link.count() == 1

    # when they re-assess the officer at the course target and answer the questionnaire
    link.click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("heading", name=re.compile(r"^Follow-up")).wait_for()
    page.locator(f"#level_{evaluated.competency.pk}").select_option("3")
    page.get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Save follow-up").click()
    page.wait_for_load_state("networkidle")

    # then the follow-up is completed and the training transferred
    assert page.get_by_text("Follow-up saved.").is_visible()
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUp.State.COMPLETED
    assert follow_up.transferred is True
    assert follow_up.completed_by_id == world.a.sup.pk
    assert Response.objects.filter(follow_up=follow_up).count() == 1

    # and the training manager's course report shows the reaction response and the follow-up
    _as(page, "tm_a")
    page.goto(f"{page.base_url}/evaluation/courses/{session.course_id}/")
    reaction = page.locator("section", has=page.get_by_role("heading", name="Reaction"))
    assert re.search(r"1 of 1 invited participants answered", reaction.inner_text())
    behaviour = page.locator("section", has=page.get_by_role("heading", name="Behaviour"))
    figures = {
        dt_.inner_text().strip(): dd.inner_text().strip()
        for dt_, dd in zip(behaviour.locator("dt").all(), behaviour.locator("dd").all(), strict=True)
    }
    assert figures["Completed"] == "1"
    assert figures["Due"] == "0"
    assert figures["Completion rate"] == "100 %"
    assert figures["Transfer rate"] == "100 %"
