"""Regions, their sovereign member administrations, org-unit trees and role memberships."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cadre.tenancy.types import (
    ADMINISTRATION_ROLES,
    REGIONAL_ROLES,
    Role,
    validate_currency,
    validate_time_zone,
)


class Region(models.Model):
    code = models.SlugField(max_length=20, unique=True)
    name = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.name


class Administration(models.Model):
    """A member customs administration: the tenant boundary for personal data."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="administrations")
    code = models.SlugField(max_length=20, unique=True)
    name = models.CharField(max_length=200)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    default_language = models.CharField(max_length=10, default="en")
    currency = models.CharField(
        max_length=3,
        blank=True,
        validators=[validate_currency],
        help_text=_(
            "ISO 4217 code of the money the administration budgets in; blank: its time zone's country's."
        ),
    )
    self_assessment_requires_validation = models.BooleanField(
        default=True, help_text=_("Self-assessments count only once a supervisor validates them.")
    )
    shares_regional_analytics = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A default, not logic: code that creates administrations without a currency keeps working.
        if not self.currency:
            from cadre.core.l10n import currency_for_time_zone

            self.currency = currency_for_time_zone(self.time_zone)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "currency"}
        super().save(*args, **kwargs)


class OrgUnit(models.Model):
    """A node of an administration's organisation: headquarters, bureau, customs house, division.

    ``path`` is a materialised path ("/12/40/57/") so a subtree is one ``startswith`` filter.
    """

    class Kind(models.TextChoices):
        HEADQUARTERS = "headquarters", _("Headquarters")
        BUREAU = "bureau", _("Regional bureau")
        CUSTOMS_HOUSE = "customs_house", _("Customs house")
        DIVISION = "division", _("Division")
        TRAINING_CENTRE = "training_centre", _("Training centre")
        OFFICE = "office", _("Office")

    administration = models.ForeignKey(Administration, on_delete=models.CASCADE, related_name="org_units")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OFFICE)
    path = models.CharField(max_length=400, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    away_cap = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Officers of this unit who may be away on training at once.")
    )

    class Meta:
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["administration", "code"], name="orgunit_code_unique_per_admin"),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A role a user holds in one administration (or, for regional roles, in one region)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)
    administration = models.ForeignKey(
        Administration, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("For supervisors: the root of the subtree they supervise."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    Q(
                        role__in=sorted(r.value for r in REGIONAL_ROLES),
                        region__isnull=False,
                        administration__isnull=True,
                    )
                    | (
                        Q(role__in=sorted(r.value for r in ADMINISTRATION_ROLES))
                        & Q(administration__isnull=False, region__isnull=True)
                    )
                ),
            ),
            models.CheckConstraint(
                name="membership_supervisor_has_unit",
                condition=~Q(role="supervisor") | Q(org_unit__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "administration"],
                name="membership_unique_admin_role",
                condition=Q(administration__isnull=False, org_unit__isnull=True),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "administration", "org_unit"],
                name="membership_unique_admin_unit_role",
                condition=Q(administration__isnull=False, org_unit__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "region"],
                name="membership_unique_region_role",
                condition=Q(region__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        scope = self.administration or self.region
        return f"{self.user} · {self.get_role_display()} · {scope}"
