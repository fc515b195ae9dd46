"""Issue 2 end to end in a real browser: a training manager browses, a supervisor assesses."""

from __future__ import annotations

import pytest

from cadre.competencies.models import Assessment
from tests.support.world import PASSWORD

from .conftest import login, open_nav

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_training_manager_browses_framework_and_officer_profile(page, world):
    # given Alpha's training manager signs in
    login(page, "tm_a", PASSWORD)
    assert page.get_by_role("heading", level=1).first.is_visible()

    # when they open the frameworks from the navigation and then the regional framework
    open_nav(page, "Frameworks")
    page.get_by_role("link", name=world.regional_framework.title, exact=True).first.click()
    page.wait_for_load_state("networkidle")
    # then the competency tree is shown
    assert page.url.endswith(f"/frameworks/{world.regional_framework.pk}/")
    assert "Tariff & Classification" in page.locator("main").inner_text()

    # when they open the officers list and an officer's profile
    open_nav(page, "Officers")
    officer = world.a.officers[1]
    page.get_by_role("link", name=officer.full_name).first.click()
    page.wait_for_url(f"**/officers/{officer.pk}/")
    page.wait_for_load_state("networkidle")
    # then the profile shows the required competencies and the gap chart (an SVG)
    assert page.get_by_role("heading", name="Required competencies").is_visible()
    assert page.locator("svg[role=img]").count() >= 1
    # and Beta's officers are nowhere on the list
    open_nav(page, "Officers")
    assert page.get_by_text(world.b.officers[1].full_name).count() == 0


def test_supervisor_saves_the_assessment_grid(page, world):
    # given Alpha's supervisor signs in and opens the grid
    login(page, "sup_a", PASSWORD)
    open_nav(page, "Assess my staff")
    officer = world.a.officers[1]
    competency = world.competencies[0]
    cell = page.get_by_label(f"{officer.full_name} – {competency.title}")
    before = Assessment.objects.filter(officer=officer).count()

    # when they type a level with the keyboard and save
    cell.fill("3")
    cell.press("Tab")
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_load_state("networkidle")
    page.wait_for_function("document.querySelector('.messages, .message') !== null || true")

    # then exactly one assessment was stored, at level 3, by the supervisor
    for _ in range(50):
        if Assessment.objects.filter(officer=officer).count() > before:
            break
        page.wait_for_timeout(100)
    stored = Assessment.objects.filter(officer=officer).order_by("-id").first()
    assert Assessment.objects.filter(officer=officer).count() == before + 1
    assert (stored.level, stored.competency_id, stored.assessor.username) == (3, competency.pk, "sup_a")
