"""Tenancy's plain types: the roles a membership grants and the validators of an administration's settings.

Other apps import these instead of ``cadre.tenancy.models``: a role is a value, not a table.
"""

from __future__ import annotations

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone: %(tz)s"), params={"tz": value})


def validate_currency(value: str) -> None:
    from cadre.core.l10n import iso_4217_codes

    if value and value not in iso_4217_codes():
        raise ValidationError(
            _("“%(code)s” is not an ISO 4217 currency code in use (e.g. JPY, EUR, USD)."),
            code="invalid_currency",
            params={"code": value},
        )


class Role(models.TextChoices):
    LEARNER = "learner", _("Learner")
    SUPERVISOR = "supervisor", _("Supervisor")
    INSTRUCTOR = "instructor", _("Instructor")
    TRAINING_MANAGER = "training_manager", _("Training manager")
    ADMIN = "admin", _("Administration admin")
    REGIONAL_COORDINATOR = "regional_coordinator", _("Regional coordinator")
    REGIONAL_ADMIN = "regional_admin", _("Regional admin")


ADMINISTRATION_ROLES = frozenset(
    {Role.LEARNER, Role.SUPERVISOR, Role.INSTRUCTOR, Role.TRAINING_MANAGER, Role.ADMIN}
)
REGIONAL_ROLES = frozenset({Role.REGIONAL_COORDINATOR, Role.REGIONAL_ADMIN})
