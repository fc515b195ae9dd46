"""The regional community in the browser: a workshop's nominations, and searching the collection.

Alpha's focal point (its training manager) nominates two officers for a regional workshop, the
regional coordinator selects one, and the participant list shows them. On a phone, a learner finds
a Japanese practice by a Japanese word, with the word highlighted.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cadre.community.models import Nomination
from cadre.community.services import call_open, event_create
from cadre.practices.services import PracticeInput, practice_create, practice_publish, practice_submit
from tests.e2e.conftest import PHONE, login
from tests.support.world import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def workshop(transactional_db, world):
    today = timezone.localdate()
    event = event_create(
        actor=world.coordinator,
        region=world.region,
        code="tna-workshop",
        title="Regional Workshop on Training Needs Analysis",
        starts_on=today + dt.timedelta(days=60),
        ends_on=today + dt.timedelta(days=62),
        venue="Regional Training Centre",
        seats=10,
        languages=["en"],
    )
    call_open(
        actor=world.coordinator,
        event=event,
        closes_on=today + dt.timedelta(days=30),
        quota_per_administration=2,
    )
    return event


def test_a_focal_point_nominates_and_the_coordinator_selects(page, world, workshop):
    first, second = world.a.officers[0], world.a.officers[1]
    # given Alpha's training manager on the workshop's page
    login(page, world.a.tm.username, PASSWORD)
    page.goto(f"{page.base_url}/community/events/{workshop.pk}/")
    # when they nominate two officers
    for officer in (first, second):
        page.get_by_label("Officer").select_option(f"#{officer.pk}")
        page.get_by_role("button", name="Nominate").click()
        page.wait_for_load_state("networkidle")
    chosen = Nomination.objects.get(event=workshop, officer=first)
    assert Nomination.objects.filter(event=workshop).count() == 2
    # and the regional coordinator selects the first
    page.context.clear_cookies()
    login(page, world.coordinator.username, PASSWORD)
    page.goto(f"{page.base_url}/community/events/{workshop.pk}/")
    page.locator(f"#nomination-{chosen.pk}").get_by_role("button", name="Select", exact=True).click()
    page.wait_for_load_state("networkidle")
    # then the participant list shows the selected officer, and only them
    page.get_by_role("link", name="Participant list").click()
    table = page.locator("#participants")
    assert first.full_name in table.inner_text()
    assert second.full_name not in table.inner_text()
    # and Alpha's training manager sees the same list
    page.context.clear_cookies()
    login(page, world.a.tm.username, PASSWORD)
    page.goto(f"{page.base_url}/community/events/{workshop.pk}/participants/")
    assert first.full_name in page.locator("#participants").inner_text()


@pytest.fixture
def japanese_practice(transactional_db, world):
    practice = practice_create(
        actor=world.a.tm,
        administration=world.a.administration,
        data=PracticeInput(
            title="研修ニーズ分析の標準化",
            year=2019,
            language="ja",
            summary="全国の税関で同じ研修ニーズ分析の手順を使う。",
            topics=("needs_analysis",),
        ),
    )
    practice_submit(actor=world.a.tm, practice=practice)
    return practice_publish(actor=world.coordinator, practice=practice)


def test_a_japanese_title_is_found_on_a_phone(browser, live_server, world, japanese_practice):
    context = browser.new_context(viewport=PHONE, is_mobile=True, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url
    try:
        # given Beta's learner on a phone, on the collection's search page
        login(page, world.b.learner.username, PASSWORD)
        page.goto(f"{page.base_url}/practices/")
        # when they search for a Japanese word of the title
        page.locator("#q").fill("ニーズ分析")
        page.locator("#q").press("Enter")
        page.wait_for_load_state("networkidle")
        # then Alpha's published practice is found, the word highlighted in its title and snippet
        hit = page.locator("article.card").filter(has_text="研修ニーズ分析の標準化")
        assert hit.count() == 1
        marks = hit.locator("mark")
        assert marks.count() >= 2
        assert marks.first.inner_text() == "ニーズ分析"
        # and the hit fits the phone's width
        box = hit.bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= PHONE["width"] + 1
    finally:
        context.close()
