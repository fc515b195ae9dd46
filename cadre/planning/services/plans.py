"""Create annual plans, set their instructor capacity, check stored decisions."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from cadre.core.audit import audit_record, snapshot
from cadre.core.errors import DomainError, FieldError
from cadre.delivery.selectors import instructor_days_by_qualification
from cadre.needs.selectors import snapshot_is_finished
from cadre.planning.amounts import decimal_amount
from cadre.planning.instances import plan_problem
from cadre.planning.models import AnnualPlan, InstructorCapacity
from cadre.planning.solver import Plan, evaluate
from cadre.tenancy.access import MANAGERS, Actor, require_role

if TYPE_CHECKING:
    from cadre.needs.models import GapSnapshot
    from cadre.tenancy.models import Administration


@transaction.atomic
def plan_create(
    *,
    actor: Actor,
    administration: Administration,
    name: str,
    year: int,
    budget: Any,
    snapshot_row: GapSnapshot,
    period_kind: str = AnnualPlan.PeriodKind.QUARTER,
    officer_day_cap: Any = 10,
) -> AnnualPlan:
    """Create a draft plan; every bad field is reported at once and nothing is stored."""
    require_role(user=actor, administration_id=administration.pk, roles=MANAGERS)
    errors: list[FieldError] = []
    if not name.strip():
        errors.append(FieldError("name", _("is required")))
    if not 2000 <= int(year) <= 2100:
        errors.append(FieldError("year", _("must be between 2000 and 2100")))
    if period_kind not in AnnualPlan.PeriodKind.values:
        errors.append(FieldError("period_kind", _("must be quarter or month")))
    if not snapshot_is_finished(snapshot=snapshot_row, administration_id=administration.pk):
        errors.append(FieldError("snapshot_id", _("must be a finished snapshot of this administration")))
    amounts = {}
    for field_name, value, positive in (
        ("budget", budget, False),
        ("officer_day_cap", officer_day_cap, True),
    ):
        try:
            amounts[field_name] = decimal_amount(value, field_name, positive=positive)
        except DomainError as exc:
            errors.extend(exc.errors)
    if errors:
        raise DomainError(detail=_("Invalid plan"), errors=errors, code="plan.invalid")
    plan = AnnualPlan.objects.create(
        administration=administration,
        name=name.strip(),
        year=int(year),
        period_kind=period_kind,
        budget=amounts["budget"],
        officer_day_cap=amounts["officer_day_cap"],
        snapshot=snapshot_row,
        created_by_id=actor.user_id,
    )
    audit_record(
        actor=actor.user, action="create", instance=plan, after=snapshot(plan, ["name", "year", "budget"])
    )
    plan_capacity_derive(plan=plan)
    return plan


def plan_capacity_derive(*, plan: AnnualPlan) -> None:
    """Instructor-days per qualification per period from the instructors' availability (split evenly)."""
    yearly = instructor_days_by_qualification(administration_id=plan.administration_id, year=plan.year)
    entered = set(plan.capacities.filter(entered=True).values_list("qualification", "period"))
    plan.capacities.filter(entered=False).delete()
    rows = [
        InstructorCapacity(plan=plan, qualification=code, period=p, days=Decimal(days) / plan.periods)
        for code, days in yearly.items()
        for p in range(plan.periods)
        if (code, p) not in entered
    ]
    InstructorCapacity.objects.bulk_create(rows)


@transaction.atomic
def plan_capacity_set(
    *, actor: Actor, plan: AnnualPlan, qualification: str, period: Any, days: Any
) -> InstructorCapacity:
    """Enter instructor-days by hand for one qualification and period (1-based in errors); audited."""
    require_role(user=actor, administration_id=plan.administration_id, roles=MANAGERS)
    errors: list[FieldError] = []
    if not qualification.strip():
        errors.append(FieldError("qualification", _("is required")))
    elif len(qualification.strip()) > 80:
        errors.append(FieldError("qualification", _("must be at most 80 characters")))
    try:
        index = int(period)
    except (TypeError, ValueError):
        index = -1
    if not 0 <= index < plan.periods:
        errors.append(FieldError("period", _("must be between 1 and %(max)s") % {"max": plan.periods}))
    try:
        amount = decimal_amount(days, "days").quantize(Decimal("0.1"))
        if amount >= 10**7:  # the column holds 7 digits before the point
            errors.append(FieldError("days", _("must be less than 10,000,000")))
    except DomainError as exc:
        errors.extend(exc.errors)
    if errors:
        raise DomainError(
            detail=_("Invalid instructor capacity"), errors=errors, code="instructor_capacity.invalid"
        )
    row = InstructorCapacity.objects.filter(
        plan=plan, qualification=qualification.strip(), period=index
    ).first()
    before = snapshot(row, ["days", "entered"]) if row else None
    row, _created = InstructorCapacity.objects.update_or_create(
        plan=plan,
        qualification=qualification.strip(),
        period=index,
        defaults={"days": amount, "entered": True},
    )
    audit_record(
        actor=actor.user,
        action="update" if before else "create",
        instance=row,
        before=before,
        after=snapshot(row, ["qualification", "period", "days", "entered"]),
        administration_id=plan.administration_id,
    )
    return row


def plan_check(*, plan: AnnualPlan) -> list[str]:
    """Re-verify the stored decisions against the current inputs (the violations, or an empty list)."""
    problem = plan_problem(plan=plan)
    stored = Plan(
        sessions={(s.course_id, s.period): s.count for s in plan.sessions.all()},
        assignments=list(plan.assignments.values_list("officer_id", "course_id", "period")),
    )
    return evaluate(problem, stored).violations
