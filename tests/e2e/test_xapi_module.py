"""The demo xAPI module on a phone: launch from "My learning", take the quiz, see the result on the profile.

The activity is the one shipped with the demo (Cadre's static files, no external request); it
reports to /xapi/ with the launch credential it was given. The outbox is then drained by the
same background worker the app runs (django-tasks' ``db_worker``), and the officer's profile
shows the course completed from the learning records, the module's score and the competency
evidence.
"""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from cadre.delivery.models import Completion
from cadre.lrs.demo import load_xapi_module_demo
from cadre.lrs.models import OutboxEntry, Statement
from tests.e2e.conftest import login
from tests.support.world import PASSWORD

pytestmark = pytest.mark.browser

#: The right choice of each of the demo quiz's four questions.
ANSWERS = (
    "10,500",
    "A buying commission paid to the importer's own agent",
    "Yes, if the relationship did not influence the price",
    "Transaction value of identical goods",
)


@pytest.fixture
def demo_module(transactional_db, world):
    return load_xapi_module_demo(
        administration=world.a.administration, competency=world.competencies[0], actor=world.a.tm
    )


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_officer_takes_the_demo_module_on_a_phone_and_sees_the_completion(page, world, demo_module):
    course, competency = demo_module.course, world.competencies[0]

    # given the officer on their learning page, on a phone
    login(page, "learner_a", PASSWORD)
    page.goto(page.base_url + "/learning/")
    entry = page.locator(f"#launch-module-{demo_module.module.pk}")
    assert entry.is_visible()
    assert _fits(page)

    # when they start the module
    entry.get_by_role("button", name="Start Customs valuation essentials").click()
    page.get_by_role("heading", name="The transaction value").wait_for()
    # then the activity runs from Cadre's static files, without the token left in the address bar
    assert page.url.startswith(page.base_url + "/static/lrs/activities/customs-valuation/")
    assert "auth=" not in page.url
    assert _fits(page)

    # when they read the four screens and answer the quiz right
    for _ in range(3):
        page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Start the quiz").click()
    for number, answer in enumerate(ANSWERS, start=1):
        page.get_by_role("heading", name=f"Question {number} of 4").wait_for()
        page.get_by_label(answer, exact=True).check()
        page.get_by_role("button", name="Check my answer").click()
        page.get_by_text("Correct.").wait_for()
        assert _fits(page)
        page.get_by_role("button", name="See my result" if number == 4 else "Next question").click()

    # then the activity says it passed and that the result is saved in the LRS
    page.get_by_role("heading", name="Well done: you passed").wait_for()
    page.get_by_text("Your result is saved in Cadre.").wait_for()
    verbs = set(Statement.objects.values_list("verb_iri", flat=True))
    assert {v.rsplit("/", 1)[-1] for v in verbs} == {
        "launched",
        "experienced",
        "answered",
        "completed",
        "passed",
    }

    # when the background worker drains the outbox, as it does in production
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    assert not OutboxEntry.objects.filter(status=OutboxEntry.Status.PENDING).exists()
    completion = Completion.objects.get(enrolment__officer=world.a.learner_officer)
    assert completion.source == Completion.Source.XAPI

    # then the officer, back in Cadre, sees the completion, the module score and the evidence
    page.get_by_role("link", name="Back to Cadre").click()
    page.get_by_role("heading", name="Completed courses").wait_for()
    assert _fits(page)
    completed = page.locator(f"#completion-{completion.pk}")
    assert course.code in completed.inner_text()
    assert "Completed online: recorded from learning records (xAPI)" in completed.inner_text()
    assert "score 100 %" in completed.inner_text()
    progress = page.locator("#module-progress")
    assert re.search(r"Customs valuation essentials.*Passed.*100 %", progress.inner_text(), re.S)
    history = page.locator("section", has=page.get_by_role("heading", name="Assessment history"))
    rows = history.locator("tbody tr", has_text="xAPI evidence")
    assert rows.count() == 1
    assert competency.code in rows.first.inner_text()
    assert rows.first.locator("td").nth(2).inner_text().strip() == "3"  # the full-score band: Advanced
