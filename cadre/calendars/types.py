"""The plain values of a working calendar: why a day is not a training day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

#: ISO weekday numbers (Monday 1 ... Sunday 7) worked when an administration sets nothing else.
DEFAULT_WEEKDAYS = (1, 2, 3, 4, 5)


class ClosureKind(models.TextChoices):
    CLOSURE = "closure", _("Closed (no work, no training)")
    PEAK = "peak", _("Peak season (officers stay on duty: no training away from post)")


class DayOffReason(models.TextChoices):
    WEEKEND = "weekend", _("Weekend")
    HOLIDAY = "holiday", _("Public holiday")
    CLOSURE = "closure", _("Closure")
    PEAK = "peak", _("Peak season")


@dataclass(frozen=True)
class DayOff:
    """A day no session may use, and why (the first reason found, most specific first)."""

    day: dt.date
    reason: str  # a DayOffReason value
    name: str = ""  # the holiday's or the closure's name; "" for a weekend
