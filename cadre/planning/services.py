"""Create, solve, lock and explore annual plans (the database side of cadre.planning.solver)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.catalogue.selectors import courses_for_planning
from cadre.core.audit import audit_record, snapshot
from cadre.core.errors import DomainError, FieldError, invalid
from cadre.delivery.selectors import instructor_days_by_qualification, officers_passed_course_ids
from cadre.needs.models import GapSnapshot, GapSnapshotData
from cadre.needs.store import load_aggregates, load_officer_rows
from cadre.people.models import Officer
from cadre.planning.models import AnnualPlan, InstructorCapacity, PlannedAssignment, PlannedSession
from cadre.planning.solver import CourseSpec, Gap, OfficerSpec, Plan, Problem, Result, evaluate
from cadre.planning.solver.breakdown import plan_breakdown, plan_figures
from cadre.tenancy.access import MANAGERS, require_role
from cadre.tenancy.models import Administration, OrgUnit

#: Budget multipliers of the budget sweep.
SWEEP = (0.5, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5)


def _decimal(value: Any, field_name: str, *, positive: bool = False) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise invalid(field_name, _("must be a number")) from exc
    if not number.is_finite() or number < 0 or (positive and number == 0):
        raise invalid(field_name, _("must be greater than 0") if positive else _("must not be negative"))
    return number


@transaction.atomic
def plan_create(
    *,
    actor: Any,
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
    if snapshot_row.administration_id != administration.pk or snapshot_row.status != GapSnapshot.Status.DONE:
        errors.append(FieldError("snapshot_id", _("must be a finished snapshot of this administration")))
    amounts = {}
    for field_name, value, positive in (
        ("budget", budget, False),
        ("officer_day_cap", officer_day_cap, True),
    ):
        try:
            amounts[field_name] = _decimal(value, field_name, positive=positive)
        except DomainError as exc:
            errors.extend(exc.errors)
    if errors:
        raise DomainError(detail=_("Invalid plan"), errors=errors)
    plan = AnnualPlan.objects.create(
        administration=administration,
        name=name.strip(),
        year=int(year),
        period_kind=period_kind,
        budget=amounts["budget"],
        officer_day_cap=amounts["officer_day_cap"],
        snapshot=snapshot_row,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor, action="create", instance=plan, after=snapshot(plan, ["name", "year", "budget"])
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
    *, actor: Any, plan: AnnualPlan, qualification: str, period: Any, days: Any
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
        amount = _decimal(days, "days").quantize(Decimal("0.1"))
        if amount >= 10**7:  # the column holds 7 digits before the point
            errors.append(FieldError("days", _("must be less than 10,000,000")))
    except DomainError as exc:
        errors.extend(exc.errors)
    if errors:
        raise DomainError(detail=_("Invalid instructor capacity"), errors=errors)
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
        actor=actor,
        action="update" if before else "create",
        instance=row,
        before=before,
        after=snapshot(row, ["qualification", "period", "days", "entered"]),
        administration_id=plan.administration_id,
    )
    return row


def _officer_specs(plan: AnnualPlan) -> tuple[list[OfficerSpec], dict[str, Any]]:
    data = GapSnapshotData.objects.filter(snapshot_id=plan.snapshot_id).first()
    if data is None:
        raise invalid(
            "snapshot_id",
            _("needs snapshot #%(snapshot_id)s has no stored gaps; run the analysis again")
            % {"snapshot_id": plan.snapshot_id},
        )
    rows, agg = load_officer_rows(data.officer_rows), load_aggregates(data.aggregates)
    comp_ids, unit_ids = agg.competency_ids, agg.unit_ids
    gap = rows.pair_required.astype(np.int64) - rows.pair_current.astype(np.int64)
    usable = (rows.pair_current >= 0) & (gap > 0)
    officer_ids = [int(i) for i in rows.officer_ids]
    live = dict(
        Officer.objects.filter(
            administration_id=plan.administration_id, active=True, pk__in=officer_ids
        ).values_list("pk", "languages")
    )
    passed = officers_passed_course_ids(officer_ids=list(live))
    gaps: dict[int, list[Gap]] = defaultdict(list)
    held: dict[int, set[int]] = defaultdict(set)
    for o, c, req, cur, score, ok in zip(
        rows.pair_officer,
        rows.pair_competency,
        rows.pair_required,
        rows.pair_current,
        rows.pair_score,
        usable,
        strict=True,
    ):
        if cur >= 0:  # competency levels held count as prerequisites (see _prerequisite_token)
            held[int(o)].update(_prerequisite_token(int(comp_ids[c]), lvl) for lvl in range(1, int(cur) + 1))
        if ok:
            gaps[int(o)].append(Gap(int(comp_ids[c]), int(cur), int(req), float(score) / float(req - cur)))
    specs = [
        OfficerSpec(
            key=officer_ids[i],
            unit=int(unit_ids[rows.officer_unit[i]]),
            gaps=tuple(gaps[i]),
            languages=frozenset(live[officer_ids[i]] or []),
            completed=frozenset(passed.get(officer_ids[i], set()) | held[i]),
        )
        for i in sorted(gaps)
        if officer_ids[i] in live
    ]
    return specs, data.dimensions


def _prerequisite_token(competency_id: int, level: int) -> int:
    """A competency-level prerequisite as a negative key beside course ids in ``completed``."""
    return -(competency_id * 100 + level)


def _course_specs(plan: AnnualPlan) -> list[CourseSpec]:
    from cadre.evaluation.selectors import course_effectiveness

    courses = list(courses_for_planning(administration_id=plan.administration_id))
    measured = course_effectiveness(course_ids=[c.pk for c in courses])
    specs = []
    for c in courses:
        e = measured.get(c.pk)
        # the measured share of the declared uplift (1 until evaluation data exist)
        effectiveness = e.ratio if e is not None and e.declared_uplift > 0 else 1.0
        prerequisites = frozenset(
            p.required_course_id
            if p.required_course_id
            else _prerequisite_token(p.competency_id or 0, p.min_level or 1)
            for p in c.prerequisites.all()
        )
        idays = float(c.duration_days) * c.instructors_per_session
        specs.append(
            CourseSpec(
                key=c.pk,
                days=float(c.duration_days),
                seats=max(int(c.max_participants), 1),
                min_fill=int(c.min_participants),
                session_cost=float(c.cost_per_session),
                participant_cost=float(c.cost_per_participant),
                instructor_day_cost=float(c.cost_per_instructor_day),
                instructor_days=idays,
                qualification=c.instructor_qualification or "",
                targets={o.competency_id: o.target_level for o in c.objectives.all()},
                languages=frozenset(c.languages or []),
                prerequisites=prerequisites,
                effectiveness=effectiveness,
            )
        )
    return specs


def plan_problem(*, plan: AnnualPlan) -> Problem:
    """The solver's input for a plan: snapshot gaps, courses, capacities, caps and locks."""
    officers, _dims = _officer_specs(plan)
    capacity: dict[str, list[float]] = defaultdict(lambda: [0.0] * plan.periods)
    for row in plan.capacities.all():
        if row.period < plan.periods:
            capacity[row.qualification][row.period] = float(row.days)
    caps = dict(
        OrgUnit.objects.filter(administration_id=plan.administration_id, away_cap__isnull=False).values_list(
            "pk", "away_cap"
        )
    )
    return Problem(
        periods=plan.periods,
        budget=float(plan.budget),
        day_cap=float(plan.officer_day_cap),
        courses=_course_specs(plan),
        officers=officers,
        instructor_days=dict(capacity),
        unit_caps={int(k): int(v) for k, v in caps.items() if v is not None},
        unit_budgets={b.org_unit_id: float(b.amount) for b in plan.unit_budgets.all()},
        locked_assignments=list(
            plan.assignments.filter(locked=True).values_list("officer_id", "course_id", "period")
        ),
        locked_sessions=list(plan.sessions.filter(locked=True).values_list("course_id", "period", "count")),
    )


def _summary(problem: Problem, result: Result, greedy_result: Result) -> dict[str, Any]:
    courses = {c.key: c for c in problem.courses}
    officers = {o.key: o for o in problem.officers}
    by_unit: dict[int, float] = defaultdict(float)
    for o, k, _p in result.plan.assignments:
        by_unit[officers[o].unit] += courses[k].participant_cost
    fixed = sum(n * courses[k].fixed_cost for (k, p), n in result.plan.sessions.items())
    participants = sum(courses[k].participant_cost for _, k, _ in result.plan.assignments)
    demand = sum(g.weight * (g.required - g.current) for o in problem.officers for g in o.gaps)
    return {
        "method": result.method,
        "status": result.status,
        "objective": result.objective,
        "bound": result.bound,
        "gap_pct": result.gap_pct,
        "greedy_objective": greedy_result.objective,
        "greedy_seconds": greedy_result.seconds,
        "seconds": result.seconds,
        "conflicts": result.conflicts,
        "demand": demand,
        "cost_sessions": fixed,
        "cost_participants": participants,
        "cost_total": fixed + participants,
        "cost_by_unit": {str(u): v for u, v in by_unit.items()},
        "officers_with_gaps": len(problem.officers),
        "officers_assigned": len({o for o, _, _ in result.plan.assignments}),
        "greedy": plan_figures(problem, greedy_result.plan)
        | {"objective": greedy_result.objective, "seconds": greedy_result.seconds},
        "optimiser": plan_figures(problem, result.plan)
        | {
            "objective": result.objective,
            "bound": result.bound,
            "gap_pct": result.gap_pct,
            "seconds": result.seconds,
        },
        "details": {k: v for k, v in result.details.items() if isinstance(v, int | float | str)},
    }


def plan_solve(*, actor: Any, plan: AnnualPlan, time_limit: float | None = None) -> AnnualPlan:
    """Solve now, in this process (demo loader, API): a run like the background one, input stored."""
    from cadre.planning.runs import plan_run_execute, plan_run_request

    run = plan_run_request(actor=actor, plan=plan, time_limit=time_limit, background=False)
    run = plan_run_execute(run_id=run.pk)
    if run.status == run.Status.FAILED:
        raise invalid("plan", run.error, _("Plan not solved"))
    plan.refresh_from_db()
    return plan


def plan_store_result(
    *, actor: Any, plan: AnnualPlan, problem: Problem, result: Result, base: Result
) -> AnnualPlan:
    """Store a run's decisions and summary on the plan (locked decisions were inputs and stay)."""
    _store(plan=plan, problem=problem, result=result)
    before = {"status": plan.status}
    plan.result = _summary(problem, result, base) | {"breakdown": _breakdown(plan, problem, result)}
    plan.status = AnnualPlan.Status.FAILED if result.conflicts else AnnualPlan.Status.SOLVED
    plan.solved_at = timezone.now()
    plan.save(update_fields=["result", "status", "solved_at"])
    audit_record(actor=actor, action="update", instance=plan, before=before, after={"status": plan.status})
    return plan


def _breakdown(plan: AnnualPlan, problem: Problem, result: Result) -> dict[str, Any]:
    out = plan_breakdown(problem, result.plan)
    dims = (
        GapSnapshotData.objects.filter(snapshot_id=plan.snapshot_id)
        .values_list("dimensions", flat=True)
        .first()
    )
    dims = dims or {}
    units = {str(u["id"]): u["name"] for u in dims.get("units", [])}
    comps = {str(c["id"]): f"{c['code']} {c['title']}" for c in dims.get("competencies", [])}
    out["unit_names"] = {u: units.get(u, u) for u in out["cost_by_unit"]}
    wanted = set(out["cost_by_competency"]) | set(out["competencies"])
    out["competency_names"] = {c: comps.get(c, c) for c in wanted}
    return out


@transaction.atomic
def _store(*, plan: AnnualPlan, problem: Problem, result: Result) -> None:
    courses = {c.key: c for c in problem.courses}
    officers = {o.key: o for o in problem.officers}
    taken: dict[int, list[Any]] = defaultdict(list)
    for o, k, _p in result.plan.assignments:
        taken[o].append(courses[k])
    locked_sessions = {(k, p) for k, p, _n in problem.locked_sessions}
    locked_assignments = set(problem.locked_assignments)
    plan.sessions.all().delete()
    plan.assignments.all().delete()
    participants: dict[tuple[int, int], int] = defaultdict(int)
    for _o, k, p in result.plan.assignments:
        participants[k, p] += 1
    PlannedSession.objects.bulk_create(
        PlannedSession(
            plan=plan,
            course_id=k,
            period=p,
            count=n,
            participants=participants[k, p],
            cost=Decimal(
                str(round(n * courses[k].fixed_cost + participants[k, p] * courses[k].participant_cost, 2))
            ),
            locked=(k, p) in locked_sessions,
        )
        for (k, p), n in result.plan.sessions.items()
    )
    rows = []
    for o, k, p in result.plan.assignments:
        others = [c for c in taken[o] if c.key != k]
        from cadre.planning.solver import officer_value

        gain = officer_value(officers[o], taken[o]) - officer_value(officers[o], others)
        rows.append(
            PlannedAssignment(
                plan=plan,
                officer_id=o,
                course_id=k,
                period=p,
                value=gain,
                locked=(o, k, p) in locked_assignments,
            )
        )
    PlannedAssignment.objects.bulk_create(rows, batch_size=2000)


def plan_assignment_lock(
    *, actor: Any, plan: AnnualPlan, assignment_id: int, locked: bool
) -> PlannedAssignment:
    """Fix (or release) one assignment for the next solve."""
    require_role(user=actor, administration_id=plan.administration_id, roles=MANAGERS)
    from cadre.core.errors import not_found_as
    from cadre.tenancy.access import get_scoped_or_404

    with not_found_as("assignment_id"):
        row = get_scoped_or_404(plan.assignments.all(), pk=assignment_id)
    row.locked = locked
    row.save(update_fields=["locked"])
    audit_record(
        actor=actor,
        action="update",
        instance=row,
        before={"locked": not locked},
        after={"locked": locked},
        administration_id=plan.administration_id,
    )
    return row


def plan_session_lock(*, actor: Any, plan: AnnualPlan, session_id: int, locked: bool) -> PlannedSession:
    """Fix (or release) the sessions of one course in one period for the next solve."""
    require_role(user=actor, administration_id=plan.administration_id, roles=MANAGERS)
    from cadre.core.errors import not_found_as
    from cadre.tenancy.access import get_scoped_or_404

    with not_found_as("session_id"):
        row = get_scoped_or_404(plan.sessions.all(), pk=session_id)
    row.locked = locked
    row.save(update_fields=["locked"])
    audit_record(
        actor=actor,
        action="update",
        instance=row,
        before={"locked": not locked},
        after={"locked": locked},
        administration_id=plan.administration_id,
    )
    return row


def plan_scenarios_run(*, actor: Any, plan: AnnualPlan, time_limit: float = 5.0) -> AnnualPlan:
    """Budget sweep, unit caps relaxed/tightened and LP values, now (the page queues it as a run)."""
    from cadre.planning.runs import plan_run_execute, plan_run_request

    run = plan_run_request(actor=actor, plan=plan, kind="scenarios", time_limit=time_limit, background=False)
    run = plan_run_execute(run_id=run.pk)
    if run.status == run.Status.FAILED:
        raise invalid("plan", run.error, _("Scenarios not run"))
    plan.refresh_from_db()
    return plan


def plan_check(*, plan: AnnualPlan) -> list[str]:
    """Re-verify the stored decisions against the current inputs (the violations, or an empty list)."""
    problem = plan_problem(plan=plan)
    stored = Plan(
        sessions={(s.course_id, s.period): s.count for s in plan.sessions.all()},
        assignments=list(plan.assignments.values_list("officer_id", "course_id", "period")),
    )
    return evaluate(problem, stored).violations


# --- publishing to delivery -------------------------------------------------------------------------

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
    import zoneinfo

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


@transaction.atomic
def plan_publish(*, actor: Any, plan: AnnualPlan) -> PublishResult:
    """Create the plan's sessions in delivery and nominate the assigned officers; idempotent.

    Each planned (course, period, count) becomes ``count`` delivery sessions (see ``session_times``;
    venue "To be confirmed", the course's maximum as seats, no instructors yet) through
    ``delivery.services.session_create``, and each assignment a nomination through
    ``delivery.workflow.enrolment_nominate`` (by a training manager: awaiting the supervisor's
    approval). Sessions already published for the plan are reused and officers already holding an
    enrolment in them are skipped, so publishing twice creates nothing new. Officers the delivery
    workflow refuses (no longer active, prerequisite not yet met, ...) are reported, not nominated.
    """
    from cadre.catalogue.models import Course
    from cadre.delivery.models import Enrolment
    from cadre.delivery.services import session_create
    from cadre.delivery.workflow import enrolment_nominate
    from cadre.planning.models import PublishedSession

    require_role(user=actor, administration_id=plan.administration_id, roles=MANAGERS)
    plan = AnnualPlan.objects.select_for_update().select_related("administration").get(pk=plan.pk)
    if plan.status != AnnualPlan.Status.SOLVED:
        raise invalid("plan", _("only a solved plan can be published"), _("Plan not published"))
    administration = plan.administration
    # period order: a prerequisite planned in spring is nominated before the autumn course needing it
    planned = list(plan.sessions.order_by("period", "course_id", "pk"))
    courses = Course.objects.in_bulk([s.course_id for s in planned])
    assigned: dict[tuple[int, int], list[Officer]] = defaultdict(list)
    for a in plan.assignments.select_related("officer", "officer__org_unit").order_by("officer_id"):
        assigned[a.course_id, a.period].append(a.officer)
    existing = {(p.course_id, p.period, p.index): p.session for p in plan.published.select_related("session")}
    created = nominated = 0
    skipped: list[str] = []
    for row in planned:
        course = courses[row.course_id]
        split = _split_by_language(
            course, assigned.get((row.course_id, row.period), []), row.count, administration.default_language
        )
        for index, (language, officers) in enumerate(split):
            session = existing.get((row.course_id, row.period, index))
            if session is None:
                starts_at, ends_at = session_times(
                    plan=plan,
                    period=row.period,
                    index=index,
                    duration_days=course.duration_days,
                    zone=administration.time_zone,
                )
                session = session_create(
                    actor=actor,
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
                created += 1
            published_to = {
                s.pk for (k, p, _i), s in existing.items() if (k, p) == (row.course_id, row.period)
            } | {session.pk}
            for officer in officers:
                if Enrolment.objects.filter(session_id__in=published_to, officer=officer).exists():
                    continue
                try:
                    enrolment_nominate(actor=actor, session=session, officer=officer)
                except DomainError as exc:
                    reasons = "; ".join(f"{e.field}: {e.reason}" for e in exc.errors)
                    skipped.append(f"{officer.pk} {course.code}: {reasons}")
                    continue
                nominated += 1
    result = PublishResult(sessions_created=created, nominations_created=nominated, skipped=skipped)
    if created or nominated:
        audit_record(
            actor=actor,
            action="update",
            instance=plan,
            before={"published_sessions": len(existing)},
            after={"published_sessions": len(existing) + created, "nominations_created": nominated},
        )
    return result
