"""The demo cmi5 course on a phone: launch the AU from Cadre, pass its check, see the completion on the profile.

The AU is the one the demo ships (``cadre/cmi5/demo_au``), imported as a ZIP package and served
sandboxed from ``/launch/content/``: it fetches its auth-token, reads LMS.LaunchData and the learner
preferences and sends initialized, completed, passed and terminated to ``/xapi/``, all through
CORS from its opaque origin. The outbox is drained by django-tasks' ``db_worker``, as in production.
"""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from cadre.cmi5 import vocabulary as v
from cadre.cmi5.demo import load_cmi5_demo
from cadre.cmi5.models import LaunchSession, Registration
from cadre.delivery.models import Completion
from cadre.lrs.models import OutboxEntry, Statement
from tests.e2e.conftest import login, open_nav
from tests.support.world import PASSWORD

pytestmark = pytest.mark.browser

ANSWERS = (
    "GIR 1: the terms of the headings and the section and chapter notes",
    "As a bicycle: it has the essential character of the complete article (GIR 2(a))",
    "The one giving the most specific description (GIR 3(a))",
    "Six",
)


@pytest.fixture
def demo_course(transactional_db, world):
    return load_cmi5_demo(administration=world.a.administration, actor=world.a.tm)


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_officer_completes_the_demo_cmi5_au_on_a_phone_and_sees_it_on_the_profile(page, world, demo_course):
    course = demo_course.catalogue_course
    # given the officer opening the cmi5 courses from the menu, on a phone
    login(page, "learner_a", PASSWORD)
    open_nav(page, "cmi5 courses")
    page.get_by_role("link", name=demo_course.title).click()
    page.get_by_role("heading", name=demo_course.title).wait_for()
    page.wait_for_load_state("load")  # the deferred scripts (a11y.js boxes wide tables) have run
    assert _fits(page)

    # when they launch the AU
    page.get_by_role("button", name="Launch").click()
    page.get_by_role("heading", name="The General Interpretative Rules").wait_for()
    # then it runs from the package's sandboxed content, after initialized was accepted
    assert page.url.startswith(f"{page.base_url}/launch/content/{demo_course.identifier}/index.html?")
    assert _fits(page)

    # when they read the lesson and answer the check right
    page.get_by_role("button", name="Start the check").click()
    for answer in ANSWERS:
        page.get_by_label(answer, exact=True).check()
    assert _fits(page)
    page.get_by_role("button", name="Submit my answers").click()

    # then the AU says it passed and saved the result; the LRS has the cmi5 statements in order
    page.get_by_role("heading", name="Well done: you passed").wait_for()
    page.get_by_text("Your result is saved in Cadre.").wait_for()
    registration = Registration.objects.get(officer=world.a.learner_officer, package=demo_course)
    verbs = list(
        Statement.objects.filter(registration=registration.code)
        .order_by("stored", "id")
        .values_list("verb_iri", flat=True)
    )
    # (the AU is in no block: its pass satisfies the course, written before the AU sends terminated)
    assert verbs == [v.LAUNCHED, v.INITIALIZED, v.COMPLETED, v.PASSED, v.SATISFIED, v.TERMINATED], verbs
    session = LaunchSession.objects.get(registration=registration)
    assert session.terminated_at is not None
    registration.refresh_from_db()
    assert registration.satisfied_at is not None

    # when they go back to Cadre through the AU's return link
    page.get_by_role("link", name="Back to Cadre").click()
    page.get_by_text("Course satisfied").wait_for()

    # and the background worker drains the outbox, as it does in production
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    assert not OutboxEntry.objects.filter(status=OutboxEntry.Status.PENDING).exists()
    completion = Completion.objects.get(
        enrolment__officer=world.a.learner_officer, enrolment__session__course=course
    )
    assert completion.source == Completion.Source.XAPI

    # then their profile shows the course completed from the learning records and the AU passed
    open_nav(page, "My profile")
    page.get_by_role("heading", name="Completed courses").wait_for()
    assert _fits(page)
    assert course.code in page.locator(f"#completion-{completion.pk}").inner_text()
    progress = page.locator("#module-progress").inner_text()
    assert re.search(r"The General Interpretative Rules.*Passed.*100 %", progress, re.S), progress
