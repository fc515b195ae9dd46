"""Plan objects for the tenancy sweeps: a finished run with its stored input, a unit budget."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from cadre.planning.instances import plan_problem
from cadre.planning.models import AnnualPlan, PlanRun, UnitBudget
from cadre.planning.runs import SEED, solver_version
from cadre.planning.solver.problem_io import problem_digest, problem_dumps


def finished_run(*, plan: AnnualPlan, actor: Any) -> PlanRun:
    """A done solve run of ``plan`` holding the plan's current input (no solve needed)."""
    problem = plan_problem(plan=plan)
    return PlanRun.objects.create(
        plan=plan,
        kind=PlanRun.Kind.SOLVE,
        status=PlanRun.Status.DONE,
        progress=100,
        time_limit=1,
        seed=SEED,
        solver_version=solver_version(),
        problem=problem_dumps(problem),
        problem_sha256=problem_digest(problem),
        requested_by=actor,
        finished_at=timezone.now(),
    )


def unit_budget(*, plan: AnnualPlan, org_unit: Any, amount: int = 500) -> UnitBudget:
    return UnitBudget.objects.create(plan=plan, org_unit=org_unit, amount=amount)
