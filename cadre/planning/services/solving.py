"""Solve a plan and run its scenarios now, in this process (the pages queue them as runs)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cadre.core.errors import invalid
from cadre.planning.execution import plan_run_execute
from cadre.planning.models import AnnualPlan
from cadre.planning.runs import plan_run_request
from cadre.tenancy.access import Actor


def plan_solve(*, actor: Actor, plan: AnnualPlan, time_limit: float | None = None) -> AnnualPlan:
    """Solve now, in this process (demo loader, API): a run like the background one, input stored."""
    run = plan_run_request(actor=actor, plan=plan, time_limit=time_limit, background=False)
    run = plan_run_execute(run_id=run.pk)
    if run.status == run.Status.FAILED:
        raise invalid("plan", run.error, _("Plan not solved"), code="plan.solve_failed")
    plan.refresh_from_db()
    return plan


def plan_scenarios_run(*, actor: Actor, plan: AnnualPlan, time_limit: float = 5.0) -> AnnualPlan:
    """Budget sweep, unit caps relaxed/tightened and LP values, now (the page queues it as a run)."""
    run = plan_run_request(actor=actor, plan=plan, kind="scenarios", time_limit=time_limit, background=False)
    run = plan_run_execute(run_id=run.pk)
    if run.status == run.Status.FAILED:
        raise invalid("plan", run.error, _("Scenarios not run"), code="plan.scenarios_failed")
    plan.refresh_from_db()
    return plan
