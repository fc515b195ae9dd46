"""List pages in the browser: nothing overflows a 390 px phone, a wide table scrolls in its own box
with its first column fixed, and sorting, filtering and paging work by link and form."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import login
from tests.support import factories as f
from tests.support.world import PASSWORD

pytestmark = pytest.mark.browser

PAGES = ["/officers/", "/sessions/?when=all", "/catalogue/", "/frameworks/", "/org-units/", "/audit/"]


@pytest.fixture
def crowded(transactional_db, world):
    for i in range(40):
        f.OfficerFactory(
            administration=world.a.administration,
            org_unit=world.a.house,
            position=world.a.position,
            family_name=f"Longfamilyname-{i:02d}",
            given_name="Givenname-with-a-long-tail",
        )
    return world


def _page_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_list_pages_never_overflow_and_tables_scroll_in_their_box(page, crowded):
    login(page, "tm_a", PASSWORD)
    for path in PAGES:
        page.goto(page.base_url + path)
        assert _page_overflow(page) <= 0, (path, page.viewport_name)
    page.goto(page.base_url + "/officers/")
    box = page.locator(".list-scroll").first
    if page.viewport_name == "phone":
        # a table wider than the phone scrolls inside its box, and the name column stays put;
        # one that fits (narrow columns wrap) stays within its box
        first = page.locator(".list-scroll tbody th").first
        if box.evaluate("el => el.scrollWidth > el.clientWidth"):
            left_before = first.bounding_box()["x"]
            box.evaluate("el => el.scrollBy(200, 0)")
            assert abs(first.bounding_box()["x"] - left_before) < 1
        else:
            table = box.locator("table").bounding_box()
            assert table["x"] + table["width"] <= box.bounding_box()["x"] + box.bounding_box()["width"] + 1


def test_sort_filter_and_pages_by_link_and_form(page, crowded):
    login(page, "tm_a", PASSWORD)
    page.goto(page.base_url + "/officers/")
    assert page.get_by_text("44 officers").is_visible()
    assert page.get_by_text("Page 1 of 2").is_visible()
    page.get_by_role("link", name="Employee number").click()
    assert page.locator('th[aria-sort="ascending"]').inner_text().startswith("Employee number")
    page.get_by_label("Name or employee number").fill("Longfamilyname-3")
    page.get_by_role("button", name="Filter").click()
    assert page.get_by_text("10 officers").is_visible()
    assert "sort=number" in page.url
