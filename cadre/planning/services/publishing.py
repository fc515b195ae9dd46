"""Publish a solved plan to delivery: its sessions, and nominations of the assigned officers."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from cadre.catalogue.selectors import courses_by_id
from cadre.core.audit import audit_record
from cadre.core.errors import DomainError, invalid
from cadre.delivery.selectors import officer_enrolled_in_any
from cadre.delivery.services import enrolment_nominate_planned, session_create
from cadre.planning.models import AnnualPlan, PlannedSession, PublishedSession
from cadre.tenancy.access import MANAGERS, Actor, require_role

if TYPE_CHECKING:
    from cadre.people.models import Officer

#: Venue of published sessions until the training manager sets the real one in delivery.
PUBLISHED_VENUE = "To be confirmed"
SESSION_START = dt.time(9, 0)
SESSION_END = dt.time(17, 0)


@dataclass(frozen=True)
class PublishResult:
    sessions_created: int
    nominations_created: int
    skipped: list[str]  # officers not nominated, with the delivery workflow's reason


def period_first_day(*, year: int, period: int, period_kind: str) -> dt.date:
    """First working day (Monday to Friday) of a plan period: its month, or its quarter's first month."""
    month = period + 1 if period_kind == AnnualPlan.PeriodKind.MONTH else 3 * period + 1
    day = dt.date(year, month, 1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def session_times(
    *, plan: AnnualPlan, period: int, index: int, duration_days: Decimal, zone: str
) -> tuple[dt.datetime, dt.datetime]:
    """Start at 09:00 local on the period's first working day (a week later per further session).

    A course of d days (rounded up) ends at 17:00 local on its d-th day; under a day it lasts its
    share of 8 hours.
    """
    tz = zoneinfo.ZoneInfo(zone)
    first = period_first_day(year=plan.year, period=period, period_kind=plan.period_kind)
    start_day = first + dt.timedelta(days=7 * index)
    starts_at = dt.datetime.combine(start_day, SESSION_START, tzinfo=tz)
    days = max(Decimal(duration_days), Decimal("0.1"))
    if days < 1:
        return starts_at, starts_at + dt.timedelta(hours=float(days) * 8)
    whole = int(days.to_integral_value(rounding="ROUND_CEILING"))
    ends_at = dt.datetime.combine(start_day + dt.timedelta(days=whole - 1), SESSION_END, tzinfo=tz)
    return starts_at, ends_at


def _split_by_language(
    course: Any, officers: list[Officer], sessions: int, default_language: str
) -> list[tuple[str, list[Officer]]]:
    """Give each of ``sessions`` sessions a language and up to ``seats`` officers who speak it."""
    languages = list(course.languages or []) or [default_language]
    groups: dict[str, list[Officer]] = defaultdict(list)
    for officer in officers:
        spoken = set(officer.languages or [])
        groups[next((lang for lang in languages if lang in spoken), languages[0])].append(officer)
    seats = max(int(course.max_participants), 1)
    out: list[tuple[str, list[Officer]]] = []
    for _session in range(sessions):
        waiting = [lang for lang in languages if groups.get(lang)] or [
            lang for lang in groups if groups[lang]
        ]
        if not waiting:
            out.append((languages[0], []))
            continue
        lang = max(waiting, key=lambda code: len(groups[code]))
        out.append((lang, groups[lang][:seats]))
        groups[lang] = groups[lang][seats:]
    # Officers beyond their language's seats join the least filled session they can follow (and will
    # wait for a seat there); with none, the last session, where delivery refuses them by language.
    for officer in (o for group in groups.values() for o in group):
        spoken = set(officer.languages or [])
        fits = [i for i, (lang, _o) in enumerate(out) if lang in spoken] or [len(out) - 1]
        best = min(fits, key=lambda i: len(out[i][1]))
        out[best] = (out[best][0], [*out[best][1], officer])
    return out


@dataclass
class _Publishing:
    """What publishing one plan has done so far."""

    plan: AnnualPlan
    actor: Actor
    existing: dict[tuple[int, int, int], Any]  # (course, period, index) -> delivery session
    created: int = 0
    nominated: int = 0
    skipped: list[str] = field(default_factory=list)


@transaction.atomic
def plan_publish(*, actor: Actor, plan: AnnualPlan) -> PublishResult:
    """Create the plan's sessions in delivery and nominate the assigned officers; idempotent.

    Each planned (course, period, count) becomes ``count`` delivery sessions (see ``session_times``;
    venue "To be confirmed", the course's maximum as seats, no instructors yet) through
    ``delivery.services.session_create``, and each assignment a nomination through the delivery
    workflow (by a training manager: awaiting the supervisor's
    approval). Sessions already published for the plan are reused and officers already holding an
    enrolment in them are skipped, so publishing twice creates nothing new. Officers the delivery
    workflow refuses (no longer active, prerequisite not yet met, ...) are reported, not nominated.
    """
    require_role(user=actor, administration_id=plan.administration_id, roles=MANAGERS)
    plan = AnnualPlan.objects.select_for_update().select_related("administration").get(pk=plan.pk)
    if plan.status != AnnualPlan.Status.SOLVED:
        raise invalid(
            "plan", _("only a solved plan can be published"), _("Plan not published"), code="plan.not_solved"
        )
    # period order: a prerequisite planned in spring is nominated before the autumn course needing it
    planned = list(plan.sessions.order_by("period", "course_id", "pk"))
    courses = courses_by_id(course_ids=[s.course_id for s in planned])
    assigned: dict[tuple[int, int], list[Officer]] = defaultdict(list)
    for a in plan.assignments.select_related("officer", "officer__org_unit").order_by("officer_id"):
        assigned[a.course_id, a.period].append(a.officer)
    existing = {(p.course_id, p.period, p.index): p.session for p in plan.published.select_related("session")}
    state = _Publishing(plan, actor, existing)
    for row in planned:
        _publish_row(state, row, courses[row.course_id], assigned.get((row.course_id, row.period), []))
    result = PublishResult(
        sessions_created=state.created, nominations_created=state.nominated, skipped=state.skipped
    )
    if state.created or state.nominated:
        audit_record(
            actor=actor.user,
            action="update",
            instance=plan,
            before={"published_sessions": len(existing)},
            after={
                "published_sessions": len(existing) + state.created,
                "nominations_created": state.nominated,
            },
        )
    return result


def _publish_row(state: _Publishing, row: PlannedSession, course: Any, officers: list[Officer]) -> None:
    """The delivery sessions of one planned (course, period, count), and their nominations."""
    plan, administration = state.plan, state.plan.administration
    split = _split_by_language(course, officers, row.count, administration.default_language)
    for index, (language, members) in enumerate(split):
        session = state.existing.get((row.course_id, row.period, index))
        if session is None:
            starts_at, ends_at = session_times(
                plan=plan,
                period=row.period,
                index=index,
                duration_days=course.duration_days,
                zone=administration.time_zone,
            )
            session = session_create(
                actor=state.actor.user,  # delivery's services still take the user
                administration=administration,
                course=course,
                starts_at=starts_at,
                ends_at=ends_at,
                language=language,
                seats=max(int(course.max_participants), 1),
                venue=PUBLISHED_VENUE,
            )
            PublishedSession.objects.create(
                plan=plan, course=course, period=row.period, index=index, session=session
            )
            state.created += 1
        published_to = {
            s.pk for (k, p, _i), s in state.existing.items() if (k, p) == (row.course_id, row.period)
        } | {session.pk}
        for officer in members:
            _nominate(state, session, officer, course, published_to)


def _nominate(
    state: _Publishing, session: Any, officer: Officer, course: Any, published_to: set[int]
) -> None:
    if officer_enrolled_in_any(officer=officer, session_ids=published_to):
        return
    try:
        enrolment_nominate_planned(actor=state.actor, session=session, officer=officer)
    except DomainError as exc:
        reasons = "; ".join(f"{e.field}: {e.reason}" for e in exc.errors)
        state.skipped.append(f"{officer.pk} {course.code}: {reasons}")
        return
    state.nominated += 1
