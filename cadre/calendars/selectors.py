"""Reading working calendars: which days an administration's sessions may use, and why not the others.

``calendar_rules`` loads everything a calendar needs in two queries; ``days_off`` and
``working_days`` then answer for any date range without touching the database again, so the
timetabler and the pages can ask about thousands of days cheaply.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import holidays
from babel.core import get_global
from django.db.models import QuerySet
from django.utils import translation

from cadre.calendars.models import Closure, WorkingCalendar
from cadre.calendars.types import DEFAULT_WEEKDAYS, ClosureKind, DayOff, DayOffReason
from cadre.tenancy.access import (
    MANAGERS,
    MEMBERS,
    Actor,
    UserLike,
    actor_for,
    get_scoped_or_404,
    scope_to_administrations,
)
from cadre.tenancy.selectors import administration_get_for_user

if TYPE_CHECKING:
    from cadre.tenancy.models import Administration


@dataclass(frozen=True)
class ClosureSpan:
    starts_on: dt.date
    ends_on: dt.date
    kind: str
    name: str


@dataclass(frozen=True)
class CalendarRules:
    """An administration's calendar as plain data (no further queries)."""

    administration_id: int
    country: str  # "" when neither set nor derivable from the time zone: no public holidays
    subdivision: str
    weekdays: tuple[int, ...]
    closures: tuple[ClosureSpan, ...]
    configured: bool  # False: the defaults, nothing stored yet


def country_for_time_zone(time_zone: str) -> str:
    """The ISO 3166 country of a tz database zone when the holidays package knows it, else ""."""
    territory = get_global("zone_territories").get(time_zone, "")
    return territory if territory in supported_countries() else ""


@lru_cache(maxsize=1)
def supported_countries() -> dict[str, tuple[str, ...]]:
    """Country code -> its subdivision codes, for every country the holidays package covers."""
    return {code: tuple(subdivisions) for code, subdivisions in holidays.list_supported_countries().items()}


def _holidays_language(country: str, language: str) -> str | None:
    """The holidays package's language closest to a Django language code, or None (its default)."""
    try:
        supported = holidays.country_holidays(country).supported_languages
    except NotImplementedError:  # the holidays package's answer for a country it does not cover
        return None
    base = language.split("-")[0].lower()
    for candidate in (language, base, f"{base}_US" if base == "en" else ""):
        if candidate and candidate in supported:
            return candidate
    return None


@lru_cache(maxsize=256)
def holiday_names(country: str, subdivision: str, year: int, language: str) -> dict[dt.date, str]:
    """Public holidays of a country (and subdivision) in a year, named in ``language`` when offered."""
    if not country:
        return {}
    found = holidays.country_holidays(
        country,
        subdiv=subdivision or None,
        years=year,
        language=_holidays_language(country, language),
    )
    return dict(found.items())


def calendar_rules(*, administration: Administration) -> CalendarRules:
    """The calendar of an administration the caller has already reached (two queries)."""
    stored = WorkingCalendar.objects.filter(administration_id=administration.pk).first()
    closures = tuple(
        ClosureSpan(c.starts_on, c.ends_on, c.kind, c.name)
        for c in Closure.objects.filter(administration_id=administration.pk).order_by("starts_on", "pk")
    )
    if stored is None:
        return CalendarRules(
            administration_id=administration.pk,
            country=country_for_time_zone(administration.time_zone),
            subdivision="",
            weekdays=DEFAULT_WEEKDAYS,
            closures=closures,
            configured=False,
        )
    return CalendarRules(
        administration_id=administration.pk,
        country=stored.country,
        subdivision=stored.subdivision,
        weekdays=tuple(sorted(int(d) for d in stored.weekdays)),
        closures=closures,
        configured=True,
    )


def _days(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


def days_off(
    rules: CalendarRules, start: dt.date, end: dt.date, language: str | None = None
) -> dict[dt.date, DayOff]:
    """Every day from ``start`` to ``end`` (inclusive) no session may use, with its reason.

    A closure or peak season is named first (the administration's own decision), then a public
    holiday, then the weekend.
    """
    language = language or translation.get_language() or "en"
    names: dict[dt.date, str] = {}
    for year in range(start.year, end.year + 1):
        names.update(holiday_names(rules.country, rules.subdivision, year, language))
    found: dict[dt.date, DayOff] = {}
    for day in _days(start, end):
        closure = next((c for c in rules.closures if c.starts_on <= day <= c.ends_on), None)
        if closure is not None:
            reason = DayOffReason.PEAK if closure.kind == ClosureKind.PEAK else DayOffReason.CLOSURE
            found[day] = DayOff(day, str(reason), closure.name)
        elif day in names:
            found[day] = DayOff(day, str(DayOffReason.HOLIDAY), names[day])
        elif day.isoweekday() not in rules.weekdays:
            found[day] = DayOff(day, str(DayOffReason.WEEKEND))
    return found


def working_days(rules: CalendarRules, start: dt.date, end: dt.date) -> list[dt.date]:
    """The days from ``start`` to ``end`` (inclusive) sessions may use, in order."""
    off = days_off(rules, start, end)
    return [day for day in _days(start, end) if day not in off]


def calendar_for_user(
    *, actor: Actor | UserLike, administration_id: int
) -> tuple[Administration, CalendarRules]:
    """An administration's calendar for any of its members (instructors and officers read it too)."""
    administration = administration_get_for_user(
        user=actor_for(actor), administration_id=administration_id, roles=MEMBERS
    )
    return administration, calendar_rules(administration=administration)


def closures_for_user(*, actor: Actor | UserLike) -> QuerySet[Closure]:
    return scope_to_administrations(Closure.objects.all(), user=actor_for(actor), roles=MANAGERS)


def closure_get_for_user(*, actor: Actor | UserLike, closure_id: int) -> Closure:
    """A closure the caller manages; a foreign or missing id is NotFound."""
    return get_scoped_or_404(closures_for_user(actor=actor).select_related("administration"), pk=closure_id)
