"""Instructor supply and demand for a year, per qualification: where shortages become visible.

Demand: for every session scheduled in the year, the course's duration in days x its instructors
per session, grouped by the course's qualification code (a course without one forms its own group,
taught by instructors holding its objectives' competencies); plus any extra demand given (e.g. the
annual plan's sessions not yet scheduled). Supply: each active qualified instructor's available
working days (Monday to Friday) in the year: inside their "available" ranges when they have any,
else the whole year, minus their "unavailable" ranges, capped at their maximum teaching days. An
instructor holding several qualifications counts in each group, so groups do not add up.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from cadre.catalogue.models import Course
from cadre.delivery.models import Instructor, Session
from cadre.delivery.selectors import instructor_qualified_for
from cadre.tenancy.models import Administration


@dataclass(frozen=True)
class SupplyDemandRow:
    key: str
    label: str
    sessions: int
    scheduled_days: Decimal
    extra_days: Decimal
    instructors: int
    available_days: Decimal

    @property
    def needed_days(self) -> Decimal:
        return self.scheduled_days + self.extra_days

    @property
    def balance(self) -> Decimal:
        return self.available_days - self.needed_days

    @property
    def shortage(self) -> bool:
        return self.balance < 0


def _weekdays(first: dt.date, last: dt.date) -> set[dt.date]:
    days = set()
    day = first
    while day <= last:
        if day.weekday() < 5:
            days.add(day)
        day += dt.timedelta(days=1)
    return days


def instructor_available_days(*, instructor: Instructor, year: int) -> int:
    """Working days the instructor can teach in the year, capped at their maximum."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    ranges = [r for r in instructor.availability.all() if r.ends_on >= first and r.starts_on <= last]
    open_ranges = [r for r in ranges if r.available]
    days: set[dt.date] = set()
    if open_ranges:
        for r in open_ranges:
            days |= _weekdays(max(r.starts_on, first), min(r.ends_on, last))
    else:
        days = _weekdays(first, last)
    for r in ranges:
        if not r.available:
            days -= _weekdays(max(r.starts_on, first), min(r.ends_on, last))
    return min(len(days), instructor.max_days_per_year)


def _key(course: Course) -> str:
    return course.instructor_qualification or f"course:{course.code}"


def supply_demand(
    *, administration: Administration, year: int, extra_demand: Mapping[str, Decimal] | None = None
) -> list[SupplyDemandRow]:
    """Rows per qualification, shortages first, then by name."""
    zone = zoneinfo.ZoneInfo(administration.time_zone)
    start = dt.datetime(year, 1, 1, tzinfo=zone)
    end = dt.datetime(year + 1, 1, 1, tzinfo=zone)
    sessions = Session.objects.filter(
        administration=administration,
        status=Session.Status.SCHEDULED,
        starts_at__gte=start,
        starts_at__lt=end,
    ).select_related("course")
    demand: dict[str, list[Decimal]] = {}
    courses: dict[str, Course] = {}
    for session in sessions:
        key = _key(session.course)
        courses.setdefault(key, session.course)
        days = Decimal(session.course.duration_days) * session.course.instructors_per_session
        entry = demand.setdefault(key, [Decimal(0), Decimal(0)])
        entry[0] += 1
        entry[1] += days
    extra = {k.strip(): Decimal(v) for k, v in (extra_demand or {}).items() if k.strip()}
    instructors = list(
        Instructor.objects.filter(administration=administration, active=True).prefetch_related(
            "qualifications", "availability"
        )
    )
    available = {i.pk: instructor_available_days(instructor=i, year=year) for i in instructors}
    rows = []
    for key in sorted(set(demand) | set(extra)):
        if key in courses and key.startswith("course:"):
            course = courses[key]
            qualified = [i for i in instructors if instructor_qualified_for(instructor=i, course=course)]
            label = f"{course.code} {course.title}"
        else:
            qualified = [i for i in instructors if any(q.code == key for q in i.qualifications.all())]
            label = key
        sessions_count, scheduled = demand.get(key, [Decimal(0), Decimal(0)])
        rows.append(
            SupplyDemandRow(
                key=key,
                label=label,
                sessions=int(sessions_count),
                scheduled_days=scheduled,
                extra_days=extra.get(key, Decimal(0)),
                instructors=len(qualified),
                available_days=Decimal(sum(available[i.pk] for i in qualified)),
            )
        )
    return sorted(rows, key=lambda r: (not r.shortage, r.balance, r.label))
