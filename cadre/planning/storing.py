"""Store a solved plan: its decisions as rows, its summary and breakdown on the plan."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from cadre.core.audit import audit_record
from cadre.needs.selectors import snapshot_dimensions
from cadre.planning.models import AnnualPlan, PlannedAssignment, PlannedSession
from cadre.planning.solver import Problem, Result, officer_value
from cadre.planning.solver.breakdown import plan_breakdown, plan_figures
from cadre.tenancy.access import Actor


def _summary(problem: Problem, result: Result, greedy_result: Result) -> dict[str, Any]:
    courses = {c.key: c for c in problem.courses}
    officers = {o.key: o for o in problem.officers}
    by_unit: dict[int, float] = defaultdict(float)
    for o, k, _p in result.plan.assignments:
        by_unit[officers[o].unit] += courses[k].participant_cost
    fixed = sum(n * courses[k].fixed_cost for (k, p), n in result.plan.sessions.items())
    participants = sum(courses[k].participant_cost for _, k, _ in result.plan.assignments)
    demand = sum(g.weight * (g.required - g.current) for o in problem.officers for g in o.gaps)
    return {
        "method": result.method,
        "status": result.status,
        "objective": result.objective,
        "bound": result.bound,
        "gap_pct": result.gap_pct,
        "greedy_objective": greedy_result.objective,
        "greedy_seconds": greedy_result.seconds,
        "seconds": result.seconds,
        "conflicts": result.conflicts,
        "demand": demand,
        "cost_sessions": fixed,
        "cost_participants": participants,
        "cost_total": fixed + participants,
        "cost_by_unit": {str(u): v for u, v in by_unit.items()},
        "officers_with_gaps": len(problem.officers),
        "officers_assigned": len({o for o, _, _ in result.plan.assignments}),
        "greedy": plan_figures(problem, greedy_result.plan)
        | {"objective": greedy_result.objective, "seconds": greedy_result.seconds},
        "optimiser": plan_figures(problem, result.plan)
        | {
            "objective": result.objective,
            "bound": result.bound,
            "gap_pct": result.gap_pct,
            "seconds": result.seconds,
        },
        "details": {k: v for k, v in result.details.items() if isinstance(v, int | float | str)},
    }


def plan_store_result(
    *, actor: Actor, plan: AnnualPlan, problem: Problem, result: Result, base: Result
) -> AnnualPlan:
    """Store a run's decisions and summary on the plan (locked decisions were inputs and stay)."""
    _store(plan=plan, problem=problem, result=result)
    before = {"status": plan.status}
    plan.result = _summary(problem, result, base) | {"breakdown": _breakdown(plan, problem, result)}
    plan.status = AnnualPlan.Status.FAILED if result.conflicts else AnnualPlan.Status.SOLVED
    plan.solved_at = timezone.now()
    plan.save(update_fields=["result", "status", "solved_at"])
    audit_record(
        actor=actor.user, action="update", instance=plan, before=before, after={"status": plan.status}
    )
    return plan


def _breakdown(plan: AnnualPlan, problem: Problem, result: Result) -> dict[str, Any]:
    out = plan_breakdown(problem, result.plan)
    dims = snapshot_dimensions(snapshot_id=plan.snapshot_id)
    units = {str(u["id"]): u["name"] for u in dims.get("units", [])}
    comps = {str(c["id"]): f"{c['code']} {c['title']}" for c in dims.get("competencies", [])}
    out["unit_names"] = {u: units.get(u, u) for u in out["cost_by_unit"]}
    wanted = set(out["cost_by_competency"]) | set(out["competencies"])
    out["competency_names"] = {c: comps.get(c, c) for c in wanted}
    return out


@transaction.atomic
def _store(*, plan: AnnualPlan, problem: Problem, result: Result) -> None:
    courses = {c.key: c for c in problem.courses}
    officers = {o.key: o for o in problem.officers}
    taken: dict[int, list[Any]] = defaultdict(list)
    for o, k, _p in result.plan.assignments:
        taken[o].append(courses[k])
    locked_sessions = {(k, p) for k, p, _n in problem.locked_sessions}
    locked_assignments = set(problem.locked_assignments)
    plan.sessions.all().delete()
    plan.assignments.all().delete()
    participants: dict[tuple[int, int], int] = defaultdict(int)
    for _o, k, p in result.plan.assignments:
        participants[k, p] += 1
    PlannedSession.objects.bulk_create(
        PlannedSession(
            plan=plan,
            course_id=k,
            period=p,
            count=n,
            participants=participants[k, p],
            cost=Decimal(
                str(round(n * courses[k].fixed_cost + participants[k, p] * courses[k].participant_cost, 2))
            ),
            locked=(k, p) in locked_sessions,
        )
        for (k, p), n in result.plan.sessions.items()
    )
    rows = []
    for o, k, p in result.plan.assignments:
        others = [c for c in taken[o] if c.key != k]
        gain = officer_value(officers[o], taken[o]) - officer_value(officers[o], others)
        rows.append(
            PlannedAssignment(
                plan=plan,
                officer_id=o,
                course_id=k,
                period=p,
                value=gain,
                locked=(o, k, p) in locked_assignments,
            )
        )
    PlannedAssignment.objects.bulk_create(rows, batch_size=2000)
