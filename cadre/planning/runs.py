"""Background plan runs: request (queued; the django-tasks task starts after commit) and cancel.

The worker executes a run through ``execution.plan_run_execute`` in phases, each reported on the
``PlanRun`` row the plan page polls; see cadre.planning.execution.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.core.audit import audit_record, snapshot
from cadre.core.errors import invalid
from cadre.planning.execution import SCENARIO_TIME_LIMIT, SEED, SWEEP, solver_version
from cadre.planning.models import AnnualPlan, PlanRun
from cadre.planning.tasks import run_plan
from cadre.tenancy.access import MANAGERS, Actor, require_role

__all__ = ["SEED", "SWEEP", "plan_run_cancel", "plan_run_request", "solver_version"]

# --- requests -----------------------------------------------------------------------------------


@transaction.atomic
def plan_run_request(
    *,
    actor: Actor,
    plan: AnnualPlan,
    kind: str = PlanRun.Kind.SOLVE,
    time_limit: float | None = None,
    source: PlanRun | None = None,
    background: bool = True,
) -> PlanRun:
    """Queue a run of the plan; the background task starts after the transaction commits."""
    require_role(user=actor, administration_id=plan.administration_id, roles=MANAGERS)
    if kind not in PlanRun.Kind.values:
        raise invalid("kind", _("must be solve, scenarios or reproduce"), code="plan_run.kind_invalid")
    if kind == PlanRun.Kind.REPRODUCE:
        if source is None or source.plan_id != plan.pk or not source.problem:
            raise invalid(
                "run", _("must be a run of this plan with a stored input"), code="plan_run.source_invalid"
            )
        limit, seed = source.time_limit, source.seed
    else:
        default = float(plan.time_limit)
        if kind == PlanRun.Kind.SCENARIOS:
            default = min(SCENARIO_TIME_LIMIT, default)
        limit, seed = float(time_limit or default), SEED
    if not 0 < limit <= 3600:
        raise invalid(
            "time_limit", _("must be between 0 and 3600 seconds"), code="plan_run.time_limit_invalid"
        )
    if plan.runs.filter(status__in=PlanRun.ACTIVE).exists():
        raise invalid(
            "plan",
            _("a run of this plan is already queued or running"),
            _("Run not started"),
            code="plan_run.already_active",
        )
    try:
        with transaction.atomic():
            run = PlanRun.objects.create(
                plan=plan,
                kind=kind,
                source=source,
                time_limit=limit,
                seed=seed,
                solver_version=solver_version(),
                requested_by_id=actor.user_id,
            )
    except IntegrityError as exc:  # another request won the race for the one active run
        raise invalid(
            "plan",
            _("a run of this plan is already queued or running"),
            _("Run not started"),
            code="plan_run.already_active",
        ) from exc
    audit_record(
        actor=actor.user,
        action="create",
        instance=run,
        after=snapshot(run, ["plan", "kind", "time_limit", "seed"]),
        administration_id=plan.administration_id,
    )
    if background:
        transaction.on_commit(lambda: run_plan.enqueue(run_id=run.pk))
    return run


@transaction.atomic
def plan_run_cancel(*, actor: Actor, run: PlanRun) -> PlanRun:
    """Stop a run: a queued one at once, a running one at its next phase boundary."""
    require_role(user=actor, administration_id=run.plan.administration_id, roles=MANAGERS)
    row = PlanRun.objects.select_for_update().get(pk=run.pk)
    if row.status not in PlanRun.ACTIVE:
        raise invalid(
            "run",
            _("is already %(status)s") % {"status": row.get_status_display().lower()},
            _("Run not cancelled"),
            code="plan_run.not_active",
        )
    before = {"status": row.status, "cancel_requested": row.cancel_requested}
    row.cancel_requested = True
    fields = ["cancel_requested"]
    if row.status == PlanRun.Status.QUEUED:
        row.status, row.finished_at, row.phase = PlanRun.Status.CANCELLED, timezone.now(), "cancelled"
        fields += ["status", "finished_at", "phase"]
    row.save(update_fields=fields)
    audit_record(
        actor=actor.user,
        action="update",
        instance=row,
        before=before,
        after={"status": row.status, "cancel_requested": True},
        administration_id=run.plan.administration_id,
    )
    return row
