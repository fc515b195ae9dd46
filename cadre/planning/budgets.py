"""A plan's resources set by hand: budgets per org unit (add, change, remove)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cadre.core.audit import audit_record, snapshot
from cadre.core.errors import DomainError, FieldError, not_found_as
from cadre.planning.amounts import decimal_amount
from cadre.planning.models import AnnualPlan, UnitBudget
from cadre.tenancy.access import MANAGERS, Actor, get_scoped_or_404, require_role
from cadre.tenancy.selectors import org_units_for_user

#: The amount column holds 12 digits before the decimal point.
MAX_AMOUNT = Decimal(10) ** 12


@transaction.atomic
def unit_budget_set(*, actor: Actor, plan: AnnualPlan, org_unit_id: Any, amount: Any) -> UnitBudget:
    """Add or change the budget of one org unit of the plan's administration; every bad field at once.

    An org unit of another administration (or none) answers 404 naming ``org_unit_id``, as a
    missing one would; nothing is stored.
    """
    require_role(user=actor, administration_id=plan.administration_id, roles=MANAGERS)
    errors: list[FieldError] = []
    value = Decimal(0)
    try:
        value = decimal_amount(amount, "amount").quantize(Decimal("0.01"))
        if value >= MAX_AMOUNT:
            errors.append(FieldError("amount", _("must be less than %(max)s") % {"max": f"{MAX_AMOUNT:,}"}))
    except DomainError as exc:
        errors.extend(exc.errors)
    units = org_units_for_user(user=actor.user, roles=MANAGERS).filter(
        administration_id=plan.administration_id
    )
    with not_found_as("org_unit_id"):
        unit = get_scoped_or_404(units, pk=org_unit_id)
    if errors:
        raise DomainError(detail=_("Invalid unit budget"), errors=errors, code="unit_budget.invalid")
    row = UnitBudget.objects.filter(plan=plan, org_unit=unit).first()
    before = snapshot(row, ["amount"]) if row else None
    if row is None:
        row = UnitBudget.objects.create(plan=plan, org_unit=unit, amount=value)
    else:
        row.amount = value
        row.save(update_fields=["amount"])
    audit_record(
        actor=actor.user,
        action="update" if before else "create",
        instance=row,
        before=before,
        after=snapshot(row, ["org_unit", "amount"]),
        administration_id=plan.administration_id,
    )
    return row


@transaction.atomic
def unit_budget_remove(*, actor: Actor, plan: AnnualPlan, budget_id: int) -> None:
    """Remove one unit budget of the plan (its unit is then limited by the plan's budget only)."""
    require_role(user=actor, administration_id=plan.administration_id, roles=MANAGERS)
    with not_found_as("budget_id"):
        row = get_scoped_or_404(plan.unit_budgets.all(), pk=budget_id)
    audit_record(
        actor=actor.user,
        action="delete",
        instance=row,
        before=snapshot(row, ["org_unit", "amount"]),
        administration_id=plan.administration_id,
    )
    row.delete()
