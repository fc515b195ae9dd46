"""Background plan runs: enqueued after commit, progress phases, cancel, failure, tenancy, reproduction."""

import pytest
from django.test import Client
from django.urls import reverse

from cadre.core.errors import DomainError
from cadre.needs.models import GapSnapshotData
from cadre.planning import execution, runs, services
from cadre.planning.models import AnnualPlan, PlanRun
from cadre.planning.solver.problem_io import problem_digest, problem_loads
from cadre.planning.tasks import run_plan
from cadre.tenancy.access import actor_for
from tests.support.errors import NOT_FOUND

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def plan(planned):
    return services.plan_create(
        actor=actor_for(planned.a.tm),
        administration=planned.a.administration,
        name="2027",
        year=2027,
        budget="5000",
        snapshot_row=planned.a.snapshot,
    )


def _login(user):
    client = Client()
    client.force_login(user)
    return client


def test_solve_page_enqueues_after_commit_and_the_task_stores_plan_and_input(
    planned, plan, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    client = _login(planned.a.tm)
    # when the training manager asks for a solve and the transaction commits
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("planning:solve", args=[plan.pk]))
    # then the task ran the solve: the plan holds decisions and the run its phases and input
    assert response.status_code == 302
    run = PlanRun.objects.get(plan=plan)
    plan.refresh_from_db()
    assert run.status == PlanRun.Status.DONE, run.error
    assert run.progress == 100
    assert plan.status == AnnualPlan.Status.SOLVED
    assert plan.assignments.exists()
    assert [m["phase"] for m in run.messages][:4] == ["building", "building", "greedy", "optimiser"]
    assert {"storing", "done"} <= {m["phase"] for m in run.messages}
    assert run.result["objective"] == plan.result["objective"]
    assert run.seed == runs.SEED
    assert run.solver_version.startswith("highspy ")
    stored = problem_loads(run.problem)
    assert stored == services.plan_problem(plan=plan)
    assert run.problem_sha256 == problem_digest(stored)


def test_status_fragment_polls_with_cancel_while_queued_and_stops_when_done(planned, plan):
    client = _login(planned.a.tm)
    # given a queued run (no worker yet: the on-commit enqueue is not executed here)
    client.post(reverse("planning:solve", args=[plan.pk]))
    run = PlanRun.objects.get(plan=plan)
    assert run.status == PlanRun.Status.QUEUED
    url = reverse("planning:run", args=[plan.pk, run.pk])
    # when the page polls it
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    # then it polls every second and offers Cancel
    assert 'hx-trigger="every 1s"' in fragment
    assert reverse("planning:run_cancel", args=[plan.pk, run.pk]) in fragment
    assert (
        "solve in the background"
        in client.get(reverse("planning:detail", args=[plan.pk])).content.decode().lower()
    )
    # when the worker runs the task
    assert run_plan.call(run_id=run.pk) == "done"
    # then polling stops and a second call of the task changes nothing
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in fragment
    assert run_plan.call(run_id=run.pk) == "done"
    assert client.get(url).status_code == 200


def test_cancel_before_the_worker_starts(planned, plan):
    # given a queued run
    run = runs.plan_run_request(actor=actor_for(planned.a.tm), plan=plan, background=False)
    # when the manager cancels it through the page, then the worker picks it up
    response = _login(planned.a.tm).post(reverse("planning:run_cancel", args=[plan.pk, run.pk]))
    assert response.status_code == 302
    executed = execution.plan_run_execute(run_id=run.pk)
    # then it is cancelled, never started, and the plan is untouched
    assert executed.status == PlanRun.Status.CANCELLED
    assert executed.started_at is None
    plan.refresh_from_db()
    assert plan.status == AnnualPlan.Status.DRAFT
    assert not plan.assignments.exists()
    # and a finished run cannot be cancelled again (naming the run)
    with pytest.raises(DomainError) as err:
        runs.plan_run_cancel(actor=actor_for(planned.a.tm), run=executed)
    assert err.value.errors[0].field == "run"


def test_cancel_while_running_stops_at_the_next_phase(planned, plan):
    run = runs.plan_run_request(actor=actor_for(planned.a.tm), plan=plan, background=False)

    def cancel_during_greedy(current):
        # the manager presses Cancel while the greedy phase runs
        if current.phase == "greedy":
            runs.plan_run_cancel(actor=actor_for(planned.a.tm), run=current)

    # when the run is executed and cancelled under way
    executed = execution.plan_run_execute(run_id=run.pk, observer=cancel_during_greedy)
    # then it stops before the optimiser and stores no decision
    assert executed.status == PlanRun.Status.CANCELLED
    assert "optimiser" not in {m["phase"] for m in executed.messages}
    assert executed.finished_at is not None
    plan.refresh_from_db()
    assert plan.status == AnnualPlan.Status.DRAFT
    assert not plan.sessions.exists()
    # and a new run may start at once
    assert (
        runs.plan_run_request(actor=actor_for(planned.a.tm), plan=plan, background=False).status == "queued"
    )


def test_one_active_run_per_plan(planned, plan):
    runs.plan_run_request(actor=actor_for(planned.a.tm), plan=plan, background=False)
    with pytest.raises(DomainError) as err:
        runs.plan_run_request(actor=actor_for(planned.a.tm), plan=plan, kind="scenarios", background=False)
    assert err.value.errors[0].field == "plan"
    assert PlanRun.objects.filter(plan=plan).count() == 1


def test_failure_is_recorded_with_a_readable_reason(planned, plan, client_for):
    # given a snapshot whose stored gaps are gone
    GapSnapshotData.objects.filter(snapshot=planned.a.snapshot).delete()
    run = runs.plan_run_request(actor=actor_for(planned.a.tm), plan=plan, background=False)
    # when the run executes
    executed = execution.plan_run_execute(run_id=run.pk)
    # then it failed, saying which input and why, and the page shows it
    assert executed.status == PlanRun.Status.FAILED
    assert executed.error.startswith("snapshot_id: needs snapshot")
    assert "run the analysis again" in executed.error
    page = client_for(planned.a.tm).get(reverse("planning:run", args=[plan.pk, run.pk]))
    assert "run the analysis again" in page.content.decode()
    plan.refresh_from_db()
    assert plan.status == AnnualPlan.Status.DRAFT


def test_foreign_manager_gets_404_for_run_status_cancel_input_and_reproduce(planned, plan):
    run = runs.plan_run_request(actor=actor_for(planned.a.tm), plan=plan, background=False)
    beta = _login(planned.b.tm)
    # given Beta's manager and Alpha's queued run
    for name, method in (
        ("run", "get"),
        ("run_input", "get"),
        ("run_cancel", "post"),
        ("run_reproduce", "post"),
    ):
        # when they read or act on it
        response = getattr(beta, method)(reverse(f"planning:{name}", args=[plan.pk, run.pk]))
        # then 404, as for a missing run
        assert response.status_code == 404, name
    run.refresh_from_db()
    assert run.status == PlanRun.Status.QUEUED
    assert not run.cancel_requested
    assert PlanRun.objects.count() == 1
    # and the service refuses the same way
    with pytest.raises(NOT_FOUND):
        runs.plan_run_cancel(actor=actor_for(planned.b.tm), run=run)
    # a run id of another plan is not found under this plan either
    other = services.plan_create(
        actor=actor_for(planned.b.tm),
        administration=planned.b.administration,
        name="Beta",
        year=2027,
        budget="100",
        snapshot_row=planned.b.snapshot,
    )
    assert beta.get(reverse("planning:run", args=[other.pk, run.pk])).status_code == 404


def test_reproduce_gives_the_same_objective_and_downloads_the_input(planned, plan, client_for):
    # given a solved plan (small: the optimiser proves optimality, greedy is deterministic)
    services.plan_solve(actor=actor_for(planned.a.tm), plan=plan, time_limit=5)
    source = PlanRun.objects.get(plan=plan)
    client = client_for(planned.a.tm)
    # when the manager reproduces the run and the worker executes it
    client.post(reverse("planning:run_reproduce", args=[plan.pk, source.pk]))
    again = PlanRun.objects.get(plan=plan, kind=PlanRun.Kind.REPRODUCE)
    assert run_plan.call(run_id=again.pk) == "done"
    again.refresh_from_db()
    # then the same input and solver gave the same objective and greedy objective
    assert again.result["same_input"]
    assert again.result["same_solver"]
    assert again.result["same_objective"], again.result
    assert again.result["same_greedy"]
    assert again.result["objective"] == pytest.approx(plan.result["objective"])
    # and the stored input downloads as JSON with the same digest
    download = client.get(reverse("planning:run_input", args=[plan.pk, source.pk]))
    assert download["Content-Type"] == "application/json"
    assert problem_digest(problem_loads(b"J" + download.content)) == source.problem_sha256


def test_scenarios_run_as_a_background_run(planned, plan):
    services.plan_solve(actor=actor_for(planned.a.tm), plan=plan, time_limit=5)
    run = runs.plan_run_request(
        actor=actor_for(planned.a.tm), plan=plan, kind="scenarios", time_limit=1, background=False
    )
    executed = execution.plan_run_execute(run_id=run.pk)
    assert executed.status == PlanRun.Status.DONE, executed.error
    plan.refresh_from_db()
    assert [p["factor"] for p in plan.scenarios["sweep"]] == list(services.SWEEP)
    assert plan.scenarios["run_id"] == run.pk
