"""Amounts typed by a training manager: budgets, caps, instructor-days."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from cadre.core.errors import invalid


def decimal_amount(value: Any, field_name: str, *, positive: bool = False) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise invalid(field_name, _("must be a number"), code="amount.not_a_number") from exc
    if not number.is_finite() or number < 0 or (positive and number == 0):
        if positive:
            raise invalid(field_name, _("must be greater than 0"), code="amount.not_positive")
        raise invalid(field_name, _("must not be negative"), code="amount.negative")
    return number
