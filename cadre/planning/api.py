"""Annual plan API (the lead mounts it at /api/v1/planning)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from cadre.core.errors import not_found_as
from cadre.needs.selectors import snapshot_get_for_user
from cadre.planning import budgets, runs, services
from cadre.planning import selectors as sel
from cadre.tenancy.access import actor_for
from cadre.tenancy.selectors import managed_administration

router = Router(tags=["planning"])


class PlanIn(Schema):
    administration_id: int
    snapshot_id: int
    name: str
    year: int
    budget: str
    period_kind: str = "quarter"
    officer_day_cap: str = "10"


class PlanOut(Schema):
    id: int
    administration_id: int
    name: str
    year: int
    status: str
    budget: str
    result: dict[str, Any]
    scenarios: dict[str, Any]


class LockIn(Schema):
    locked: bool


def _out(p: Any) -> dict[str, Any]:
    return {
        "id": p.pk,
        "administration_id": p.administration_id,
        "name": p.name,
        "year": p.year,
        "status": p.status,
        "budget": str(p.budget),
        "result": p.result,
        "scenarios": p.scenarios,
    }


@router.get("/plans", response=list[PlanOut])
def list_plans(request: HttpRequest) -> list[dict[str, Any]]:
    return [_out(p) for p in sel.plans_for_user(user=actor_for(request.user))[:100]]


@router.post("/plans", response={201: PlanOut})
def create_plan(request: HttpRequest, payload: PlanIn) -> tuple[int, dict[str, Any]]:
    with not_found_as("administration_id"):
        administration = managed_administration(
            user=request.user, administration_id=payload.administration_id
        )
    with not_found_as("snapshot_id"):
        snap = snapshot_get_for_user(user=request.user, snapshot_id=payload.snapshot_id)
    plan = services.plan_create(
        actor=actor_for(request.user),
        administration=administration,
        name=payload.name,
        year=payload.year,
        budget=payload.budget,
        snapshot_row=snap,
        period_kind=payload.period_kind,
        officer_day_cap=payload.officer_day_cap,
    )
    return 201, _out(plan)


@router.get("/plans/{plan_id}", response=PlanOut)
def get_plan(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    return _out(sel.plan_get_for_user(user=actor_for(request.user), plan_id=plan_id))


@router.post("/plans/{plan_id}/solve", response=PlanOut)
def solve_plan(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    plan = sel.plan_get_for_user(user=actor_for(request.user), plan_id=plan_id)
    return _out(services.plan_solve(actor=actor_for(request.user), plan=plan))


@router.post("/plans/{plan_id}/scenarios", response=PlanOut)
def run_scenarios(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    plan = sel.plan_get_for_user(user=actor_for(request.user), plan_id=plan_id)
    return _out(services.plan_scenarios_run(actor=actor_for(request.user), plan=plan))


@router.post("/plans/{plan_id}/publish")
def publish_plan(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    plan = sel.plan_get_for_user(user=actor_for(request.user), plan_id=plan_id)
    result = services.plan_publish(actor=actor_for(request.user), plan=plan)
    return {
        "sessions_created": result.sessions_created,
        "nominations_created": result.nominations_created,
        "skipped": result.skipped,
    }


@router.get("/plans/{plan_id}/assignments")
def list_assignments(request: HttpRequest, plan_id: int) -> list[dict[str, Any]]:
    plan = sel.plan_get_for_user(user=actor_for(request.user), plan_id=plan_id)
    rows = plan.assignments.values("id", "officer_id", "course_id", "period", "value", "locked")[:5000]
    return [dict(row) for row in rows]


@router.put("/plans/{plan_id}/assignments/{assignment_id}/lock")
def lock_assignment(
    request: HttpRequest, plan_id: int, assignment_id: int, payload: LockIn
) -> dict[str, Any]:
    plan = sel.plan_get_for_user(user=actor_for(request.user), plan_id=plan_id)
    row = services.plan_assignment_lock(
        actor=actor_for(request.user), plan=plan, assignment_id=assignment_id, locked=payload.locked
    )
    return {"id": row.pk, "locked": row.locked}


@router.get("/plans/{plan_id}/officers/{officer_id}/explanation")
def explanation(request: HttpRequest, plan_id: int, officer_id: int) -> dict[str, Any]:
    e = sel.plan_officer_explanation(user=actor_for(request.user), plan_id=plan_id, officer_id=officer_id)
    return {"officer_id": e.officer_id, "rank": e.rank, "ranked": e.ranked, "reasons": e.reasons}


class RunIn(Schema):
    kind: str = "solve"
    time_limit: float | None = None


class RunOut(Schema):
    id: int
    plan_id: int
    kind: str
    status: str
    phase: str
    progress: int
    messages: list[dict[str, Any]]
    cancel_requested: bool
    error: str
    time_limit: float
    seed: int
    solver_version: str
    problem_sha256: str
    result: dict[str, Any]


def _run_out(r: Any) -> dict[str, Any]:
    return {
        "id": r.pk,
        "plan_id": r.plan_id,
        "kind": r.kind,
        "status": r.status,
        "phase": r.phase,
        "progress": r.progress,
        "messages": r.messages,
        "cancel_requested": r.cancel_requested,
        "error": r.error,
        "time_limit": r.time_limit,
        "seed": r.seed,
        "solver_version": r.solver_version,
        "problem_sha256": r.problem_sha256,
        "result": r.result,
    }


@router.post("/plans/{plan_id}/runs", response={202: RunOut})
def request_run(request: HttpRequest, plan_id: int, payload: RunIn) -> tuple[int, dict[str, Any]]:
    """Queue a solve or a scenario sweep in the background; poll the run for progress."""
    plan = sel.plan_get_for_user(user=actor_for(request.user), plan_id=plan_id)
    run = runs.plan_run_request(
        actor=actor_for(request.user), plan=plan, kind=payload.kind, time_limit=payload.time_limit
    )
    return 202, _run_out(run)


@router.get("/plans/{plan_id}/runs/{run_id}", response=RunOut)
def get_run(request: HttpRequest, plan_id: int, run_id: int) -> dict[str, Any]:
    return _run_out(sel.plan_run_get_for_user(user=actor_for(request.user), plan_id=plan_id, run_id=run_id))


@router.post("/plans/{plan_id}/runs/{run_id}/cancel", response=RunOut)
def cancel_run(request: HttpRequest, plan_id: int, run_id: int) -> dict[str, Any]:
    run = sel.plan_run_get_for_user(user=actor_for(request.user), plan_id=plan_id, run_id=run_id)
    return _run_out(runs.plan_run_cancel(actor=actor_for(request.user), run=run))


@router.post("/plans/{plan_id}/runs/{run_id}/reproduce", response={202: RunOut})
def reproduce_run(request: HttpRequest, plan_id: int, run_id: int) -> tuple[int, dict[str, Any]]:
    """Queue a solve of the run's stored input with its solver settings, compared with its result."""
    run = sel.plan_run_get_for_user(user=actor_for(request.user), plan_id=plan_id, run_id=run_id)
    again = runs.plan_run_request(actor=actor_for(request.user), plan=run.plan, kind="reproduce", source=run)
    return 202, _run_out(again)


class UnitBudgetIn(Schema):
    org_unit_id: int
    amount: str


class UnitBudgetOut(Schema):
    id: int
    org_unit_id: int
    amount: str


@router.get("/plans/{plan_id}/unit-budgets", response=list[UnitBudgetOut])
def list_unit_budgets(request: HttpRequest, plan_id: int) -> list[dict[str, Any]]:
    plan = sel.plan_get_for_user(user=actor_for(request.user), plan_id=plan_id)
    return [
        {"id": b.pk, "org_unit_id": b.org_unit_id, "amount": str(b.amount)} for b in plan.unit_budgets.all()
    ]


@router.put("/plans/{plan_id}/unit-budgets", response=UnitBudgetOut)
def set_unit_budget(request: HttpRequest, plan_id: int, payload: UnitBudgetIn) -> dict[str, Any]:
    """Add or change one org unit's budget (an org unit of another administration: 404 naming it)."""
    plan = sel.plan_get_for_user(user=actor_for(request.user), plan_id=plan_id)
    row = budgets.unit_budget_set(
        actor=actor_for(request.user), plan=plan, org_unit_id=payload.org_unit_id, amount=payload.amount
    )
    return {"id": row.pk, "org_unit_id": row.org_unit_id, "amount": str(row.amount)}


@router.delete("/plans/{plan_id}/unit-budgets/{budget_id}", response={204: None})
def remove_unit_budget(request: HttpRequest, plan_id: int, budget_id: int) -> tuple[int, None]:
    plan = sel.plan_get_for_user(user=actor_for(request.user), plan_id=plan_id)
    budgets.unit_budget_remove(actor=actor_for(request.user), plan=plan, budget_id=budget_id)
    return 204, None


class CapacityIn(Schema):
    qualification: str
    period: int  # 1-based
    days: str


@router.put("/plans/{plan_id}/capacities")
def set_capacity(request: HttpRequest, plan_id: int, payload: CapacityIn) -> dict[str, Any]:
    """Enter instructor-days by hand for one qualification and period (1 = the first period)."""
    plan = sel.plan_get_for_user(user=actor_for(request.user), plan_id=plan_id)
    row = services.plan_capacity_set(
        actor=actor_for(request.user),
        plan=plan,
        qualification=payload.qualification,
        period=payload.period - 1,
        days=payload.days,
    )
    return {"qualification": row.qualification, "period": row.period + 1, "days": str(row.days)}
