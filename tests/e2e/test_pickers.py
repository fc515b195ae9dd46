"""The officer picker in the browser: typed, chosen by keyboard, announced, and never too wide."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from cadre.catalogue.models import Course, LifecycleStatus
from cadre.delivery.models import Enrolment, Session
from cadre.people.models import Officer
from cadre.people.search import officer_keys_fill
from tests.e2e.conftest import login
from tests.support.world import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def crowded_session(transactional_db, world):
    a = world.a
    officers = [
        officer_keys_fill(
            Officer(
                administration=a.administration,
                org_unit=a.house if i % 2 else a.other_house,
                position=a.position,
                employee_number=f"PK{i:04d}",
                given_name="Hanako" if i < 2 else f"Crowd{i}",
                family_name="Sato" if i < 2 else "Member",
                languages=["en"],
            )
        )
        for i in range(130)
    ]
    Officer.objects.bulk_create(officers)
    course = Course.objects.create(
        administration=a.administration,
        code="PICK-1",
        title="Picking people",
        languages=["en"],
        status=LifecycleStatus.ACTIVE,
    )
    start = timezone.now() + dt.timedelta(days=20)
    return Session.objects.create(
        administration=a.administration,
        course=course,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=8),
        venue="Training Centre",
        language="en",
        seats=5,
    )


def test_nominate_by_typing_and_the_keyboard(page, world, crowded_session):
    login(page, "tm_a", PASSWORD)
    page.goto(f"{page.base_url}/sessions/{crowded_session.pk}/")
    box = page.get_by_role("combobox", name="Officer")
    # when the manager types a name shared by two officers
    box.fill("hanako sato")
    options = page.locator(f"#{box.get_attribute('aria-controls')}").get_by_role("option")
    options.first.wait_for()
    # then both are listed, told apart by employee number and unit, and the count is announced
    assert box.get_attribute("aria-expanded") == "true"
    assert options.count() == 2
    texts = [options.nth(i).inner_text() for i in range(2)]
    assert any("PK0000" in t and "Airport Customs House" in t for t in texts)
    assert any("PK0001" in t and "Port Customs House" in t for t in texts)
    assert "2 matches" in page.get_by_role("status").filter(has_text="match").inner_text()
    # the arrow keys move the active option, Escape closes the list
    box.press("ArrowDown")
    box.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert active
    assert page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    box.press("End")
    box.press("Home")
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    # Enter chooses the active option
    box.press("ArrowDown")
    box.press("Enter")
    assert re.search(r"Sato", box.input_value())
    hidden = page.locator('input[type="hidden"][name="officer"]')
    assert hidden.input_value().startswith("#")
    # nothing overflows the screen, on a phone too
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    chosen = int(hidden.input_value().lstrip("#"))
    page.get_by_role("button", name="Nominate").click()
    page.wait_for_load_state("networkidle")
    assert "Nomination recorded" in page.content(), page.locator(".messages").inner_text()
    nominated = Enrolment.objects.get(session=crowded_session)
    assert nominated.officer.family_name == "Sato"
    assert nominated.officer_id == chosen


def test_more_than_twenty_asks_to_refine(page, world, crowded_session):
    login(page, "tm_a", PASSWORD)
    page.goto(f"{page.base_url}/sessions/{crowded_session.pk}/")
    box = page.get_by_role("combobox", name="Officer")
    box.fill("crowd")
    options = page.locator(f"#{box.get_attribute('aria-controls')}").get_by_role("option")
    options.first.wait_for()
    assert options.count() == 20
    assert "Refine your search" in page.locator(".combobox-status").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_no_match_says_so_without_an_empty_listbox(page, world, crowded_session):
    login(page, "tm_a", PASSWORD)
    page.goto(f"{page.base_url}/sessions/{crowded_session.pk}/")
    box = page.get_by_role("combobox", name="Officer")
    box.fill("zzzz")
    note = page.locator(".combobox-status")
    note.wait_for()
    assert "No match" in note.inner_text()
    assert box.get_attribute("aria-expanded") == "false"
    assert page.locator(f"#{box.get_attribute('aria-controls')}").is_hidden()
    box.press("Escape")
    assert note.is_hidden()


def test_several_instructors_are_chosen_as_chips_and_removed(page, world, transactional_db):
    from cadre.delivery.models import Instructor

    Instructor.objects.bulk_create(
        [
            Instructor(administration=world.a.administration, kind="external", name=f"Expert {i:03d}")
            for i in range(120)
        ]
    )
    login(page, "tm_a", PASSWORD)
    page.goto(f"{page.base_url}/sessions/new/")
    box = page.get_by_role("combobox", name="Instructors")
    hidden = page.locator('input[type="hidden"][name="instructors"]')
    chips = page.locator(".combobox-chosen li")
    for query in ("expert 010", "expert 020"):
        box.fill(query)
        page.locator(f"#{box.get_attribute('aria-controls')}").get_by_role("option").first.wait_for()
        box.press("ArrowDown")
        box.press("Enter")
    assert chips.count() == 2
    assert box.input_value() == ""
    assert len(hidden.input_value().split(",")) == 2
    page.get_by_role("button", name="Remove Expert 010").click()
    assert chips.count() == 1
    assert "Expert 020" in chips.first.inner_text()
    assert len(hidden.input_value().split(",")) == 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
