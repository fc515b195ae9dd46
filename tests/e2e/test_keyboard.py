"""Keyboard-only use (WCAG 2.1.1, 2.1.2, 2.4.1, 2.4.7, 3.1.1), on a desktop and on a phone."""

from __future__ import annotations

import pytest

from tests.support.world import PASSWORD

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {tag: el.tagName.toLowerCase(), id: el.id, cls: el.className, text: (el.textContent || '').trim(),
          outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
          visible: box.width > 0 && box.height > 0 && box.left >= 0 && box.top >= 0};
}"""


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page, world):
    # given a training manager on their home page
    login(page, "tm_a", PASSWORD)
    # when they press Tab once
    page.keyboard.press("Tab")
    focused = page.evaluate(_FOCUSED)
    # then the skip link has the focus, is on screen and shows a focus ring
    assert focused["cls"] == "skip-link"
    assert focused["visible"]
    assert focused["outline"] != "none"
    assert focused["outlineWidth"] >= 2
    # and Enter moves the focus to the main content
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_tab_walks_every_control_of_a_page_without_a_trap(page, world):
    # given the officers list (filters, links, pagination) of a training manager
    login(page, "tm_a", PASSWORD)
    page.goto(page.base_url + "/officers/")
    stops = page.evaluate(
        """() => Array.from(document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, [tabindex="0"]'))
             .filter(el => !el.disabled && el.offsetParent !== null).length"""
    )
    # when they press Tab once more than there are controls
    seen = []
    for _ in range(stops + 1):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)
        seen.append((focused["tag"], focused["id"], focused["text"][:40]))
        # then every stop shows where the focus is
        if focused["tag"] != "body":
            assert focused["outline"] != "none", f"no visible focus on {seen[-1]}"
    # and the focus went through distinct controls and came out at the end (no trap)
    assert len(set(seen)) >= stops - 1, seen


def test_the_phone_menu_opens_and_closes_from_the_keyboard(page, world):
    if page.viewport_name != "phone":
        pytest.skip("the menu collapses on small screens only")
    login(page, "tm_a", PASSWORD)
    toggle = page.locator(".nav-toggle")
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.locator("#site-nav").is_visible()
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('nav-toggle')")


def test_the_page_language_follows_the_interface_language(page, world):
    login(page, "tm_a", PASSWORD)
    assert page.evaluate("document.documentElement.lang") == "en"
    # when the person switches to Japanese with the language form (a button, not on change: 3.2.2)
    page.locator("#lang-select").select_option("ja")
    assert page.evaluate("document.documentElement.lang") == "en"  # choosing alone changes nothing
    page.locator(".lang-switch button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.lang") == "ja"


def test_a_table_that_scrolls_sideways_is_a_named_region_reachable_by_tab(page, world):
    # given the officers list, whose table is wider than a phone
    login(page, "tm_a", PASSWORD)
    page.goto(page.base_url + "/officers/")
    boxes = page.evaluate(
        """() => ({
          bare: Array.from(document.querySelectorAll('main table')).filter(t => !t.closest('.table-wrap, .scroll-x, .list-scroll, .assess-grid-wrap')).length,
          boxes: Array.from(document.querySelectorAll('.table-wrap, .list-scroll')).map(b => ({
            list: b.classList.contains('list-scroll'),
            scrolls: b.scrollWidth > b.clientWidth + 1, tabindex: b.getAttribute('tabindex'),
            role: b.getAttribute('role'), name: b.getAttribute('aria-label') || b.getAttribute('aria-labelledby')}))
        })"""
    )
    # then every table is inside a scroll box
    assert boxes["bare"] == 0
    assert boxes["boxes"]
    # and a box is a Tab stop, a region with a name, exactly when it scrolls (a list's box is
    # declared a region named by the list's title in the page itself, so it works without JavaScript)
    for box in boxes["boxes"]:
        if box["list"]:
            assert box["tabindex"] == "0", box
            assert box["role"] == "region", box
            assert box["name"], box
            continue
        assert (box["tabindex"] == "0") is box["scrolls"], box
        if box["scrolls"]:
            assert box["role"] == "region"
            assert box["name"]
    if page.viewport_name == "phone":
        assert any(box["scrolls"] for box in boxes["boxes"])
