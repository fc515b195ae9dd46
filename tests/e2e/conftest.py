"""Browser fixtures: Playwright driving Debian's chromium (never a downloaded browser)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator

import pytest

CHROMIUM = os.environ.get("CADRE_CHROMIUM", "/usr/bin/chromium")
# Chromium's background services try to reach the internet; on a closed network they only add noise.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "1")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="cadre-chromium-")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(params=["desktop", "phone"])
def page(request, browser, live_server):
    viewport = DESKTOP if request.param == "desktop" else PHONE
    context = browser.new_context(viewport=viewport, is_mobile=request.param == "phone", locale="en-GB")
    pg = context.new_page()
    pg.set_default_timeout(15000)
    pg.base_url = live_server.url  # type: ignore[attr-defined]
    pg.viewport_name = request.param  # type: ignore[attr-defined]
    yield pg
    context.close()


def login(page, username: str, password: str) -> None:
    page.goto(page.base_url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")


def open_nav(page, name: str) -> None:
    """Follow a main-menu link: open the phone menu when it is collapsed, then the link's group."""
    toggle = page.locator(".nav-toggle")
    if toggle.is_visible():
        toggle.click()
    link = page.locator("#site-nav").get_by_role("link", name=name, exact=True)
    if not link.is_visible():  # a closed group's links are hidden (and not in the accessibility tree)
        anchor = page.locator(f"a:text-is({name!r})")
        page.locator("#site-nav .nav-group").filter(has=anchor).locator(".nav-group-toggle").click()
    link.click()
    page.wait_for_load_state("networkidle")
