"""Fix (or release) a plan's decisions for the next solve."""

from __future__ import annotations

from cadre.core.audit import audit_record
from cadre.core.errors import not_found_as
from cadre.planning.models import AnnualPlan, PlannedAssignment, PlannedSession
from cadre.tenancy.access import MANAGERS, Actor, get_scoped_or_404, require_role


def plan_assignment_lock(
    *, actor: Actor, plan: AnnualPlan, assignment_id: int, locked: bool
) -> PlannedAssignment:
    """Fix (or release) one assignment for the next solve."""
    require_role(user=actor, administration_id=plan.administration_id, roles=MANAGERS)
    with not_found_as("assignment_id"):
        row = get_scoped_or_404(plan.assignments.all(), pk=assignment_id)
    row.locked = locked
    row.save(update_fields=["locked"])
    audit_record(
        actor=actor.user,
        action="update",
        instance=row,
        before={"locked": not locked},
        after={"locked": locked},
        administration_id=plan.administration_id,
    )
    return row


def plan_session_lock(*, actor: Actor, plan: AnnualPlan, session_id: int, locked: bool) -> PlannedSession:
    """Fix (or release) the sessions of one course in one period for the next solve."""
    require_role(user=actor, administration_id=plan.administration_id, roles=MANAGERS)
    with not_found_as("session_id"):
        row = get_scoped_or_404(plan.sessions.all(), pk=session_id)
    row.locked = locked
    row.save(update_fields=["locked"])
    audit_record(
        actor=actor.user,
        action="update",
        instance=row,
        before={"locked": not locked},
        after={"locked": locked},
        administration_id=plan.administration_id,
    )
    return row
