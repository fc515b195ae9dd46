"""From a request on a phone to updated competency evidence, in the browser.

The officer requests a seat in today's session, their supervisor approves it, the training manager
confirms it and records attendance and a pass; the officer's profile then shows the training evidence.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest
from django.utils import timezone

from cadre.catalogue.models import Course, CourseObjective, LifecycleStatus
from cadre.delivery.models import Session
from tests.e2e.conftest import login
from tests.support.world import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def today_session(transactional_db, world):
    admin = world.a.administration
    course = Course.objects.create(
        administration=admin,
        code="RISK-101",
        title="Risk analysis in practice",
        languages=["en"],
        status=LifecycleStatus.ACTIVE,
        duration_days=1,
    )
    CourseObjective.objects.create(course=course, competency=world.competencies[0], target_level=3)
    zone = zoneinfo.ZoneInfo(admin.time_zone)
    day = timezone.localdate(timezone=zone)
    return Session.objects.create(
        administration=admin,
        course=course,
        starts_at=dt.datetime.combine(day, dt.time(0, 0), tzinfo=zone),
        ends_at=dt.datetime.combine(day, dt.time(23, 59), tzinfo=zone),
        venue="Training Centre",
        room="1",
        language="en",
        seats=5,
    )


def _as(page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username, PASSWORD)


def test_request_approve_confirm_attend_and_see_the_evidence(page, world, today_session):
    session_url = f"{page.base_url}/sessions/{today_session.pk}/"

    # the officer (on a phone in the phone run) requests a seat
    _as(page, "learner_a")
    page.goto(session_url)
    page.get_by_role("button", name="Request a seat").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".my-state").get_attribute("data-state") == "requested"
    page.goto(page.base_url + "/learning/")
    assert page.get_by_text("Awaiting supervisor approval").first.is_visible()

    # the supervisor approves it with the row's htmx button on the nominations page (the bulk bar
    # above the list has its own)
    _as(page, "sup_a")
    page.goto(page.base_url + "/enrolments/")
    page.locator("tbody").get_by_role("button", name="Approve").first.click()
    page.locator('tr[data-state="approved"]').first.wait_for()

    # the training manager confirms it
    _as(page, "tm_a")
    page.goto(page.base_url + "/enrolments/")
    page.locator("tbody").get_by_role("button", name="Confirm").first.click()
    page.locator('tr[data-state="confirmed"]').first.wait_for()

    # and records attendance and a pass on the roster
    page.goto(session_url + "roster/")
    page.locator('input[type="checkbox"][name^="present-"]').first.check()
    page.locator('input[name^="score-"]').first.fill("92")
    page.locator('select[name^="result-"]').first.select_option("pass")
    page.get_by_role("button", name="Save attendance and results").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("link", name="Certificate").first.is_visible()

    # the officer's profile shows the new evidence, validated, at the course's target level
    _as(page, "learner_a")
    page.goto(page.base_url + "/me/")
    history = page.locator("#history-heading + .table-wrap table")
    row = history.locator("tbody tr", has_text="Training").first
    assert row.is_visible()
    assert re.search(r"\bValidated\b", row.inner_text())
    assert "Tariff & Classification" in row.inner_text()
    # and the learning page offers the certificate
    page.goto(page.base_url + "/learning/")
    assert page.get_by_role("link", name="Certificate").first.is_visible()
