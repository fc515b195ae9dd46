"""The annual plan in the browser, on the demo data.

Kasumi's training manager solves the demo plan in the background (the page polls the run and
offers Cancel; the worker executes the task), reads the optimiser beside the greedy baseline with
the bound and gap, opens an officer's explanation, runs the scenarios and compares them side by
side, and publishes the plan: the sessions appear in delivery with the nominations.
"""

from __future__ import annotations

import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from cadre.delivery.models import Enrolment
from cadre.demo.data import DEMO_PASSWORD, DemoSize, demo_load
from cadre.demo.names import BIG
from cadre.planning.demo import DEMO_PLAN_NAME
from cadre.planning.models import AnnualPlan, PlanRun, PublishedSession
from tests.e2e.conftest import DESKTOP, login

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_plan(transactional_db, settings) -> AnnualPlan:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_load(size=DemoSize.for_big(300))
    plan = AnnualPlan.objects.get(administration__code=BIG.code, name=DEMO_PLAN_NAME)
    # a short solver limit keeps the scenario sweep (ten solves) quick in a test
    plan.time_limit = 1
    plan.save(update_fields=["time_limit"])
    return plan


@pytest.fixture
def desktop(browser, live_server):
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    pg = context.new_page()
    pg.set_default_timeout(30000)
    pg.base_url = live_server.url
    yield pg
    context.close()


def _worker() -> None:
    """The demo's worker (db_worker beside runserver), run until the queue is empty."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0.1", verbosity=0)


def _run_in_background(page, button: str) -> PlanRun:
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state("networkidle")
    run = PlanRun.objects.order_by("-pk").first()
    assert run is not None
    assert run.status == PlanRun.Status.QUEUED
    status = page.locator(f"#run-{run.pk}")
    # the page shows the queued run, polls it and offers Cancel
    assert status.get_attribute("hx-trigger") == "every 1s"
    assert status.get_by_role("button", name="Cancel").is_visible()
    # when the worker executes the task, the polled fragment turns to Done without a reload
    _work_until_finished(run)
    assert run.status == PlanRun.Status.DONE, run.error
    page.locator(f'#run-{run.pk} [data-run-status="done"]').wait_for()
    return run


def _work_until_finished(run: PlanRun, attempts: int = 50) -> None:
    """Run the worker until the run leaves the queue.

    The task is enqueued when the request's transaction commits, which a slow machine may do
    just after the test has read the queued row: one empty batch is not a finished run.
    """
    for _ in range(attempts):
        _worker()
        run.refresh_from_db()
        if run.status not in PlanRun.ACTIVE:
            return
        time.sleep(0.2)
    raise AssertionError(f"run #{run.pk} still {run.status} after {attempts} worker batches")


def test_a_training_manager_solves_compares_explains_and_publishes(desktop, demo_plan):
    page = desktop
    tm = get_user_model().objects.get(username=f"tm.{BIG.code}")
    # given Kasumi's training manager on the demo plan
    login(page, tm.username, DEMO_PASSWORD)
    page.goto(page.base_url + "/plans/")
    page.get_by_role("link", name=DEMO_PLAN_NAME).click()
    # when they solve it in the background
    run = _run_in_background(page, "Solve in the background")
    assert {"building", "greedy", "optimiser", "storing"} <= {m["phase"] for m in run.messages}
    page.reload()
    # then the optimiser stands beside the greedy baseline, with the bound and the gap
    demo_plan.refresh_from_db()
    methods = page.locator("#methods")
    assert methods.get_by_role("columnheader", name="Greedy baseline").is_visible()
    row = methods.get_by_role("row", name=re.compile("Objective"))
    greedy_text, optimiser_text = (row.locator("td").nth(i).inner_text() for i in (0, 1))
    assert float(greedy_text.replace(",", "")) == pytest.approx(
        demo_plan.result["greedy_objective"], abs=0.01
    )
    assert float(optimiser_text.replace(",", "")) == pytest.approx(demo_plan.result["objective"], abs=0.01)
    assert methods.get_by_role("row", name=re.compile("Best bound proved")).is_visible()
    assert methods.get_by_role("row", name=re.compile("Gap to bound")).is_visible()
    assert page.get_by_role("heading", name="Gap closure by strategic objective").is_visible()
    assert page.locator("#objectives").get_by_text("Smart enforcement", exact=False).first.is_visible()
    assert page.get_by_role("heading", name="What is left unmet, and why").is_visible()
    # when they open an officer's explanation
    page.locator("#units tbody").get_by_role("link").first.click()  # a unit's assignments
    page.wait_for_load_state("networkidle")
    page.locator("main table tbody").get_by_role("link").first.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name=re.compile("Why this plan")).is_visible()
    assert page.get_by_text(re.compile(r"Assigned to .+ in period \d")).first.is_visible()
    page.go_back()
    page.go_back()
    page.wait_for_load_state("networkidle")
    # and run the scenarios, then compare them side by side
    _run_in_background(page, "Run the scenarios in the background")
    page.reload()
    scenarios = page.locator("#scenarios")
    assert scenarios.get_by_role("row", name=re.compile(r"\(×1\.1\)")).is_visible()
    assert scenarios.get_by_role("row", name=re.compile(r"\(×0\.5\)")).is_visible()
    assert page.locator("svg[aria-label='Gap closure against budget']").is_visible()
    # when they publish the plan
    page.get_by_role("button", name=re.compile("Publish to delivery")).click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text(re.compile(r"Published: \d+ new sessions")).is_visible()
    # then the planned sessions are in delivery, venue to be confirmed, with the officers nominated
    published = PublishedSession.objects.filter(plan=demo_plan)
    assert published.count() == sum(s.count for s in demo_plan.sessions.all())
    first = published.select_related("session").first()
    assert Enrolment.objects.filter(session__in=[p.session_id for p in published]).exists()
    page.goto(f"{page.base_url}/sessions/{first.session_id}/")
    assert page.get_by_text("To be confirmed").first.is_visible()
