"""Every demo persona's pages on a phone, in English and Japanese (issue 14, items 6 and 7).

Each persona signs in and follows every internal link it is shown (at most two URLs per URL
pattern in English, one in Japanese), and every page reached at 390×844 must answer without a
4xx/5xx, fit the screen's width, carry ``lang`` in the interface language, have a title and one
``h1``, and have no serious or critical axe-core violation (axe-core from the
axe-playwright-python package, a local test asset). Each persona's first pages are also checked
at 1280×900, where the navigation sits in the top bar.
"""

from __future__ import annotations

import time

import pytest
from axe_playwright_python.sync_playwright import Axe

from cadre.demo.data import DEMO_PASSWORD, DemoSize, demo_load
from cadre.demo.names import BIG
from tests.e2e.conftest import DESKTOP, PHONE, login

from .crawl import Problem, crawl

pytestmark = pytest.mark.browser

PERSONAS = (
    f"tm.{BIG.code}",
    f"sup.{BIG.code}",
    f"officer.{BIG.code}",
    f"instructor.{BIG.code}",
    "coordinator",
)


@pytest.fixture
def demo(transactional_db, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_load(size=DemoSize.for_big(300))


def _crawl_personas(
    browser,
    base_url: str,
    *,
    language: str,
    per_pattern: int,
    skip_rules: tuple[str, ...] = (),
    viewport: dict[str, int] = PHONE,
    max_pages: int | None = None,
) -> list[Problem]:
    axe = Axe()
    # axe runs once per URL pattern across personas, except on the few pages of a short pass (each
    # role's home page differs).
    shared: set[str] = set()
    problems: list[Problem] = []
    for persona in PERSONAS:
        started = time.monotonic()
        phone = viewport == PHONE
        context = browser.new_context(
            viewport=viewport,
            is_mobile=phone,
            has_touch=phone,
            locale="ja-JP" if language == "ja" else "en-GB",
        )
        context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
        page = context.new_page()
        page.set_default_timeout(20000)
        page.base_url = base_url  # type: ignore[attr-defined]
        login_as(page, persona, language)
        result = crawl(
            page,
            persona=persona,
            base_url=base_url,
            axe=axe,
            language=language,
            max_width=viewport["width"],
            per_pattern=per_pattern,
            axed=shared if max_pages is None else set(),
            skip_rules=skip_rules,
            max_pages=max_pages,
        )
        context.close()
        print(
            f"{persona} ({language}): {len(result.visited)} pages in {time.monotonic() - started:.0f} s;"
            f" slowest {result.slowest()}",
            flush=True,
        )
        problems += result.problems
    return problems


def login_as(page, persona: str, language: str) -> None:
    if language == "en":
        login(page, persona, DEMO_PASSWORD)
        return
    page.goto(page.base_url + "/accounts/login/")
    page.locator("input[name=username]").fill(persona)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")


def test_every_persona_page_works_on_a_phone_in_english_and_japanese_and_on_a_desktop(
    browser, live_server, demo
):
    # One test for both languages: the demo is loaded once (loading and flushing it costs a minute).
    problems = _crawl_personas(browser, live_server.url, language="en", per_pattern=2)
    # Colours do not change with the language and colour-contrast is axe's slowest rule (seconds on a
    # long page): the English crawl checks it; the Japanese one checks everything else.
    problems += _crawl_personas(
        browser, live_server.url, language="ja", per_pattern=1, skip_rules=("color-contrast",)
    )
    # On a desktop the navigation is laid out in the top bar, not in the phone menu: each persona's
    # first pages are checked there too.
    problems += _crawl_personas(
        browser, live_server.url, language="en", per_pattern=1, viewport=DESKTOP, max_pages=3
    )
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(map(str, problems))
