"""An administration's working calendar: worked weekdays, its country's public holidays, closures."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cadre.calendars.types import ClosureKind


class WorkingCalendar(models.Model):
    """One per administration; without a row the defaults apply (Monday-Friday, the zone's country)."""

    administration = models.OneToOneField(
        "tenancy.Administration", on_delete=models.CASCADE, related_name="working_calendar"
    )
    country = models.CharField(
        max_length=2, help_text=_("ISO 3166 country whose public holidays apply (e.g. JP)")
    )
    subdivision = models.CharField(
        max_length=10, blank=True, help_text=_("Province or state whose own holidays also apply")
    )
    weekdays = models.CharField(
        max_length=7, default="12345", help_text=_("Worked ISO weekdays: 1 Monday ... 7 Sunday")
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.administration_id}: {self.country} {self.weekdays}"


class Closure(models.Model):
    """Days of an administration on which no session may run: a closure or a peak season."""

    administration = models.ForeignKey(
        "tenancy.Administration", on_delete=models.CASCADE, related_name="closures"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=ClosureKind.choices, default=ClosureKind.CLOSURE)
    starts_on = models.DateField()
    ends_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="closure_ends_on_or_after_start", condition=Q(ends_on__gte=F("starts_on"))
            )
        ]
        indexes = [models.Index(fields=["administration", "starts_on"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.starts_on} - {self.ends_on})"
