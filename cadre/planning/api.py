"""Annual plan API (the lead mounts it at /api/v1/planning)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from cadre.core.errors import not_found_as
from cadre.needs.selectors import managed_administration, snapshot_get_for_user
from cadre.planning import selectors as sel
from cadre.planning import services

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
    return [_out(p) for p in sel.plans_for_user(user=request.user)[:100]]


@router.post("/plans", response={201: PlanOut})
def create_plan(request: HttpRequest, payload: PlanIn) -> tuple[int, dict[str, Any]]:
    with not_found_as("administration_id"):
        administration = managed_administration(
            user=request.user, administration_id=payload.administration_id
        )
    with not_found_as("snapshot_id"):
        snap = snapshot_get_for_user(user=request.user, snapshot_id=payload.snapshot_id)
    plan = services.plan_create(
        actor=request.user,
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
    return _out(sel.plan_get_for_user(user=request.user, plan_id=plan_id))


@router.post("/plans/{plan_id}/solve", response=PlanOut)
def solve_plan(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    plan = sel.plan_get_for_user(user=request.user, plan_id=plan_id)
    return _out(services.plan_solve(actor=request.user, plan=plan))


@router.post("/plans/{plan_id}/scenarios", response=PlanOut)
def run_scenarios(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    plan = sel.plan_get_for_user(user=request.user, plan_id=plan_id)
    return _out(services.plan_scenarios_run(actor=request.user, plan=plan))


@router.post("/plans/{plan_id}/publish")
def publish_plan(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    plan = sel.plan_get_for_user(user=request.user, plan_id=plan_id)
    result = services.plan_publish(actor=request.user, plan=plan)
    return {
        "sessions_created": result.sessions_created,
        "nominations_created": result.nominations_created,
        "skipped": result.skipped,
    }


@router.get("/plans/{plan_id}/assignments")
def list_assignments(request: HttpRequest, plan_id: int) -> list[dict[str, Any]]:
    plan = sel.plan_get_for_user(user=request.user, plan_id=plan_id)
    rows = plan.assignments.values("id", "officer_id", "course_id", "period", "value", "locked")[:5000]
    return [dict(row) for row in rows]


@router.put("/plans/{plan_id}/assignments/{assignment_id}/lock")
def lock_assignment(
    request: HttpRequest, plan_id: int, assignment_id: int, payload: LockIn
) -> dict[str, Any]:
    plan = sel.plan_get_for_user(user=request.user, plan_id=plan_id)
    row = services.plan_assignment_lock(
        actor=request.user, plan=plan, assignment_id=assignment_id, locked=payload.locked
    )
    return {"id": row.pk, "locked": row.locked}


@router.get("/plans/{plan_id}/officers/{officer_id}/explanation")
def explanation(request: HttpRequest, plan_id: int, officer_id: int) -> dict[str, Any]:
    e = sel.plan_officer_explanation(user=request.user, plan_id=plan_id, officer_id=officer_id)
    return {"officer_id": e.officer_id, "rank": e.rank, "ranked": e.ranked, "reasons": e.reasons}
