"""Demo delivery data for the big administration: instructors, sessions over the year before and
after the load date, enrolments in every state, and completed sessions whose passes became competency evidence.

Called by the demo loader after the catalogue demo. Writes go through the services and the
workflow (so they are audited and checked like a person's input); a refused step is skipped.
Past sessions take their participants directly as confirmed (requests for a session that is over
are rightly refused), then record attendance and results through the services. Deterministic for
a given ``rng`` and day; a second call changes nothing.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from cadre.catalogue.models import Course, LifecycleStatus
from cadre.core.errors import DomainError
from cadre.delivery import services
from cadre.delivery.models import DeliveryPolicy, Enrolment, Instructor, Session
from cadre.delivery.selectors import instructor_qualified_for, session_days
from cadre.people.models import Officer
from cadre.tenancy.models import Administration, Membership
from cadre.tenancy.types import Role

MAX_COURSES = 14
ROOMS = ("A1", "A2", "B1", "B2", "C1")
VENUE = "National Customs Training Centre"
EXPERTS = (
    ("Dr Amelia Hart", "WCO accredited expert"),
    ("Mr Kenji Morita", "Regional Office for Capacity Building"),
    ("Ms Priya Raman", "Regional Training Centre"),
)


@dataclass(frozen=True)
class DeliveryDemoSummary:
    instructors: int
    sessions: int
    enrolments: int
    completions: int


def _user_with(role: str, administration: Administration) -> Any:
    row = (
        Membership.objects.filter(role=role, administration=administration)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return row.user if row else None


def _persona_officer(role: str, admin: Administration) -> Officer | None:
    user = _user_with(role, admin)
    return getattr(user, "officer", None) if user else None


def _instructors(
    actor: Any, admin: Administration, courses: list[Course], rng: random.Random
) -> tuple[list[Instructor], Instructor | None]:
    """The instructor persona (qualified for every course) first, then officers and experts."""
    persona = _persona_officer(Role.INSTRUCTOR, admin)
    pool = list(
        Officer.objects.filter(administration=admin, active=True, user__isnull=True).order_by("pk")[:400]
    )
    chosen = rng.sample(pool, min(8, len(pool)))
    codes = sorted({c.instructor_qualification for c in courses if c.instructor_qualification})
    competency_levels: dict[Any, int] = {}
    for course in courses:
        if not course.instructor_qualification:
            for objective in course.objectives.select_related("competency"):
                competency_levels[objective.competency] = max(
                    competency_levels.get(objective.competency, 0), objective.target_level
                )
    people: list[dict[str, Any]] = [{"kind": "officer", "officer": o} for o in chosen]
    if persona is not None:
        people.insert(0, {"kind": "officer", "officer": persona})
    people += [
        {"kind": "external" if i == 0 else "regional", "name": n, "organisation": org}
        for i, (n, org) in enumerate(EXPERTS)
    ]
    made = []
    lead = None
    for i, person in enumerate(people):
        is_persona = persona is not None and person.get("officer") == persona
        quals = [
            services.QualificationInput(code=c) for j, c in enumerate(codes) if is_persona or (i + j) % 3 != 0
        ]
        quals += [
            services.QualificationInput(competency=comp, level=level)
            for j, (comp, level) in enumerate(sorted(competency_levels.items(), key=lambda kv: kv[0].pk))
            if is_persona or (i + j) % 2 == 0
        ]
        try:
            instructor = services.instructor_create(
                actor=actor,
                administration=admin,
                max_days_per_year=60 if is_persona else rng.choice((20, 30, 40, 60)),
                qualifications=quals,
                **person,
            )
        except DomainError:
            continue
        made.append(instructor)
        if is_persona:
            lead = instructor
    return made, lead


def _slot(zone: zoneinfo.ZoneInfo, day: dt.date, days: int) -> tuple[dt.datetime, dt.datetime]:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    start = dt.datetime.combine(day, dt.time(9), tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=days - 1), dt.time(17), tzinfo=zone)
    return start, end


def _schedule(
    actor: Any,
    admin: Administration,
    course: Course,
    instructors: list[Instructor],
    day: dt.date,
    rng: random.Random,
    lead: Instructor | None = None,
) -> Session | None:
    zone = zoneinfo.ZoneInfo(admin.time_zone)
    days = max(1, math.ceil(Decimal(course.duration_days)))
    languages = list(course.languages or [admin.default_language])
    language = admin.default_language if admin.default_language in languages else languages[0]
    qualified = [i for i in instructors if instructor_qualified_for(instructor=i, course=course)]
    for attempt in range(6):
        start, end = _slot(zone, day + dt.timedelta(days=7 * attempt), days)
        team = rng.sample(qualified, min(course.instructors_per_session, len(qualified)))
        if lead is not None and lead in qualified and lead not in team and team:
            team[0] = lead  # the instructor persona teaches (the caller limits how often)
        try:
            return services.session_create(
                actor=actor,
                administration=admin,
                course=course,
                starts_at=start,
                ends_at=end,
                language=language,
                seats=min(course.max_participants, rng.choice((8, 12, 16, 20))),
                venue=VENUE,
                room=ROOMS[(attempt + course.pk) % len(ROOMS)],
                instructors=team,
            )
        except DomainError:
            continue
    return None


def _past_participants(
    actor: Any, session: Session, officers: list[Officer], rng: random.Random, *, results: bool = True
) -> int:
    """Confirm officers of a session that is over, then record attendance and (unless told not to) results."""
    completions = 0
    now = timezone.now()
    for officer in officers[: session.seats]:
        enrolment = Enrolment.objects.create(
            session=session,
            officer=officer,
            state=Enrolment.State.CONFIRMED,
            origin=Enrolment.Origin.NOMINATION,
            requested_by=actor,
            approved_by=actor,
            approved_at=now,
            confirmed_by=actor,
            confirmed_at=now,
        )
        attended = rng.random() < 0.9
        try:
            for day in session_days(session=session):
                services.attendance_record(actor=actor, enrolment=enrolment, day=day, present=attended)
            score = Decimal(rng.randint(55, 98)) if attended else None
            if not results:
                continue  # the instructor persona still has these results to enter
            services.completion_record(
                actor=actor, enrolment=enrolment, score=score, passed=attended and (score or 0) >= 60
            )
            completions += 1
        except DomainError:
            continue
    return completions


def _future_participants(actor: Any, session: Session, officers: list[Officer], rng: random.Random) -> None:
    """Walk officers through the workflow and stop each at a different state."""
    own = getattr(getattr(actor, "officer", None), "pk", None)
    for officer in officers:
        if officer.pk == own:
            continue  # a manager may not approve their own nomination
        try:
            enrolment = services.enrolment_nominate(actor=actor, session=session, officer=officer)
            roll = rng.random()
            if roll < 0.2:
                continue  # awaiting approval
            if roll < 0.27:
                services.enrolment_reject(actor=actor, enrolment=enrolment)
                continue
            services.enrolment_approve(actor=actor, enrolment=enrolment)
            if roll < 0.4:
                continue  # awaiting confirmation
            enrolment = services.enrolment_confirm(actor=actor, enrolment=enrolment)
            if roll > 0.95:
                services.enrolment_cancel(actor=actor, enrolment=enrolment)
        except DomainError:
            continue


def _learner_persona(admin: Administration, session: Session | None) -> None:
    """Give the big administration's learner persona one request awaiting their supervisor."""
    user = _user_with(Role.LEARNER, admin)
    officer = getattr(user, "officer", None) if user else None
    if officer is None or session is None:
        return
    try:
        services.enrolment_request(actor=user, session=session, officer=officer)
    except DomainError:
        return


def _officer_persona(
    actor: Any, admin: Administration, sessions: list[Session], skip: Session | None
) -> None:
    """The officer persona: a passed course (with its certificate) and a confirmed seat coming up."""
    user = _user_with(Role.LEARNER, admin)
    officer = getattr(user, "officer", None) if user else None
    if officer is None:
        return
    now = timezone.now()
    spoken = set(officer.languages or [])
    taken = set(Enrolment.objects.filter(officer=officer).values_list("session_id", flat=True))
    free = [s for s in sessions if s.language in spoken and s.pk not in taken and s != skip]
    past = sorted((s for s in free if s.ends_at < now), key=lambda s: s.ends_at)
    passed = Enrolment.objects.filter(officer=officer, completion__passed=True).exists()
    if past and not passed:
        session = past[-1]  # the most recent: its questionnaire is still open
        enrolment = Enrolment.objects.create(
            session=session,
            officer=officer,
            state=Enrolment.State.CONFIRMED,
            origin=Enrolment.Origin.NOMINATION,
            requested_by=actor,
            approved_by=actor,
            approved_at=now,
            confirmed_by=actor,
            confirmed_at=now,
        )
        try:
            for day in session_days(session=session):
                services.attendance_record(actor=actor, enrolment=enrolment, day=day, present=True)
            services.completion_record(actor=actor, enrolment=enrolment, score=Decimal(86), passed=True)
        except DomainError:
            pass
    # A seat coming up in a course they have not passed and have not asked for.
    done = set(
        Enrolment.objects.filter(officer=officer, completion__passed=True).values_list(
            "session__course_id", flat=True
        )
    )
    if skip is not None:
        done.add(skip.course_id)
    coming = sorted(
        (s for s in free if s.starts_at > now and s.course_id not in done), key=lambda s: s.starts_at
    )
    for session in coming:
        try:
            enrolment = services.enrolment_nominate(actor=actor, session=session, officer=officer)
            services.enrolment_approve(actor=actor, enrolment=enrolment)
            services.enrolment_confirm(actor=actor, enrolment=enrolment)
        except DomainError:
            continue
        return


#: Sessions the instructor persona teaches (past and coming), and of those past, one left for them
#: to enter the results of.
LEAD_SESSIONS = 8


@transaction.atomic
def load_delivery_demo(*, big_administration: Administration, rng: random.Random) -> DeliveryDemoSummary:
    admin = big_administration
    if Instructor.objects.filter(administration=admin, name=EXPERTS[0][0]).exists():
        return DeliveryDemoSummary(0, 0, 0, 0)
    actor = _user_with(Role.TRAINING_MANAGER, admin)
    courses = list(
        Course.objects.filter(administration=admin, status=LifecycleStatus.ACTIVE)
        .exclude(delivery_mode__in=["microlearning", "mobile", "elearning"])
        .prefetch_related("objectives")
        .order_by("code")[:MAX_COURSES]
    )
    if actor is None or not courses:
        return DeliveryDemoSummary(0, 0, 0, 0)
    DeliveryPolicy.objects.get_or_create(
        administration=admin, defaults={"away_cap_share": Decimal("0.30"), "away_cap_mode": "warn"}
    )
    instructors, lead = _instructors(actor, admin, courses, rng)
    lead_sessions = 0
    results_left = False
    officers = list(
        Officer.objects.filter(administration=admin, active=True, position__isnull=False).order_by("pk")[
            :3000
        ]
    )
    today = timezone.localdate(timezone=zoneinfo.ZoneInfo(admin.time_zone))
    sessions: list[Session] = []
    completions = 0
    # Sessions over the year behind and the year ahead of the load date, so the demo has history
    # and an upcoming programme whenever it is loaded.
    first_month = today.year * 12 + today.month - 1 - 12
    for course in courses:
        for month in rng.sample(range(23), 3):
            year, month0 = divmod(first_month + month, 12)
            day = dt.date(year, month0 + 1, rng.randint(1, 25))
            session = _schedule(
                actor, admin, course, instructors, day, rng, lead if lead_sessions < LEAD_SESSIONS else None
            )
            if session is None:
                continue
            sessions.append(session)
            taught_by_lead = lead is not None and session.instructors.filter(pk=lead.pk).exists()
            lead_sessions += taught_by_lead
            speakers = [
                o
                for o in rng.sample(officers, min(60, len(officers)))
                if session.language in (o.languages or [])
            ]
            if session.ends_at < timezone.now():
                leave = taught_by_lead and not results_left
                results_left = results_left or leave
                completions += _past_participants(
                    actor, session, speakers[: rng.randint(5, 12)], rng, results=not leave
                )
            elif session.starts_at > timezone.now():
                _future_participants(actor, session, speakers[: rng.randint(3, session.seats + 3)], rng)
    upcoming = [s for s in sessions if s.starts_at.date() > today]
    requested = upcoming[0] if upcoming else None
    _learner_persona(admin, requested)
    _officer_persona(actor, admin, sessions, requested)
    return DeliveryDemoSummary(
        instructors=len(instructors),
        sessions=len(sessions),
        enrolments=Enrolment.objects.filter(session__administration=admin).count(),
        completions=completions,
    )
