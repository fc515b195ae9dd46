"""Read delivery data, always scoped to the caller (a foreign id answers 404 like a missing one).

Who sees what:
- sessions: every member of the session's administration (learners browse them to ask for a seat);
- instructors: the administration's managers, and an instructor their own record;
- enrolments: managers; supervisors for officers in their subtrees; the officer; the session's
  instructors (their roster).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.catalogue.models import Course, LifecycleStatus
from cadre.core.pickers import PickerOption, PickerResult, picker_filter
from cadre.delivery.models import (
    Attendance,
    CalendarToken,
    Completion,
    DeliveryPolicy,
    Enrolment,
    Instructor,
    Session,
)
from cadre.people.models import Officer
from cadre.people.names import officer_name
from cadre.tenancy.access import (
    MANAGERS,
    MEMBERS,
    access_for,
    get_scoped_or_404,
    q_for_administrations,
    q_for_supervised_units,
)
from cadre.translations.selectors import with_translations


def _pk(user: Any) -> int:
    """The user's id for a lookup; 0 (no row) for an anonymous caller."""
    return int(getattr(user, "pk", None) or 0)


def policy_for(*, administration_id: int) -> DeliveryPolicy:
    """The administration's delivery policy, or an unsaved one with the defaults."""
    policy = DeliveryPolicy.objects.filter(administration_id=administration_id).first()
    return policy or DeliveryPolicy(administration_id=administration_id)


def administration_zone(*, session: Session) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(session.administration.time_zone)


def session_days(*, session: Session) -> list[dt.date]:
    """The calendar days a session covers, in its administration's time zone."""
    zone = administration_zone(session=session)
    first = timezone.localtime(session.starts_at, zone).date()
    # A session ending at midnight does not take the next day.
    last = timezone.localtime(session.ends_at - dt.timedelta(microseconds=1), zone).date()
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def today_for(*, administration_id: int) -> dt.date:
    from cadre.tenancy.models import Administration

    tz_name = Administration.objects.filter(pk=administration_id).values_list("time_zone", flat=True).first()
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(tz_name or "UTC"))


# --- sessions ---------------------------------------------------------------------------------------


def _session_queryset() -> QuerySet[Session]:
    return Session.objects.select_related("course", "administration").annotate(
        confirmed_count=Count("enrolments", filter=Q(enrolments__state=Enrolment.State.CONFIRMED)),
        waiting_count=Count("enrolments", filter=Q(enrolments__state=Enrolment.State.WAITLISTED)),
    )


def sessions_visible_to(*, user: Any) -> QuerySet[Session]:
    """Sessions of every administration where the caller holds any role."""
    return _session_queryset().filter(q_for_administrations(user=user, roles=MEMBERS))


def sessions_managed_by(*, user: Any) -> QuerySet[Session]:
    return _session_queryset().filter(q_for_administrations(user=user, roles=MANAGERS))


def _with_course_title(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """Each session's course title in the viewer's language where translated (``course_title_tr``)."""
    return with_translations(sessions, kind="course", fields=["title"], record="course_id", prefix="course_")


def session_get_for_user(*, user: Any, session_id: int) -> Session:
    sessions = _with_course_title(sessions_visible_to(user=user).prefetch_related("instructors"))
    return get_scoped_or_404(sessions, pk=session_id)


def session_get_managed_by(*, user: Any, session_id: int) -> Session:
    return get_scoped_or_404(sessions_managed_by(user=user), pk=session_id)


def _q_teaches(user: Any) -> Q:
    return Q(instructors__officer__user_id=_pk(user), instructors__officer__isnull=False)


def sessions_taught_or_managed_by(*, user: Any) -> QuerySet[Session]:
    """Sessions whose roster the caller keeps: as a manager, or as one of its instructors."""
    if not getattr(user, "is_authenticated", False):
        return Session.objects.none()
    ids = Session.objects.filter(q_for_administrations(user=user, roles=MANAGERS) | _q_teaches(user)).values(
        "pk"
    )
    return _session_queryset().filter(pk__in=ids)


def session_get_for_roster(*, user: Any, session_id: int) -> Session:
    return get_scoped_or_404(sessions_taught_or_managed_by(user=user), pk=session_id)


def sessions_for_list(
    *, user: Any, course_id: int | None = None, upcoming_only: bool = False
) -> QuerySet[Session]:
    # self-paced ones take no requests
    qs = _with_course_title(sessions_visible_to(user=user).filter(self_paced=False))
    if course_id is not None:
        qs = qs.filter(course__pk=course_id)  # __pk: an id past 64 bits matches nothing, no overflow
    if upcoming_only:
        qs = qs.filter(ends_at__gte=timezone.now(), status=Session.Status.SCHEDULED)
    return qs.order_by("starts_at", "pk")


def courses_schedulable_by(*, user: Any) -> QuerySet[Course]:
    """Active courses of the administrations the caller manages: what sessions may run.

    A private query on the catalogue, which has no selector for this yet.
    """
    return Course.objects.filter(
        q_for_administrations(user=user, roles=MANAGERS), status=LifecycleStatus.ACTIVE
    ).order_by("code")


# --- instructors ------------------------------------------------------------------------------------


def instructors_visible_to(*, user: Any) -> QuerySet[Instructor]:
    if not getattr(user, "is_authenticated", False):
        return Instructor.objects.none()
    return Instructor.objects.filter(
        q_for_administrations(user=user, roles=MANAGERS) | Q(officer__user_id=user.pk)
    ).select_related("officer", "administration")


def instructors_managed_by(*, user: Any) -> QuerySet[Instructor]:
    return Instructor.objects.filter(q_for_administrations(user=user, roles=MANAGERS)).select_related(
        "officer", "administration"
    )


def instructor_get_for_user(*, user: Any, instructor_id: int) -> Instructor:
    return get_scoped_or_404(
        instructors_visible_to(user=user).prefetch_related("qualifications__competency", "availability"),
        pk=instructor_id,
    )


def instructor_get_managed_by(*, user: Any, instructor_id: int) -> Instructor:
    return get_scoped_or_404(instructors_managed_by(user=user), pk=instructor_id)


def instructor_for_user(*, user: Any) -> Instructor | None:
    return Instructor.objects.filter(officer__user_id=_pk(user)).first()


def instructor_sessions(*, instructor: Instructor) -> QuerySet[Session]:
    return _session_queryset().filter(instructors=instructor).order_by("starts_at")


# --- enrolments -------------------------------------------------------------------------------------


def enrolments_visible_to(*, user: Any) -> QuerySet[Enrolment]:
    if not getattr(user, "is_authenticated", False):
        return Enrolment.objects.none()
    q = (
        q_for_administrations(user=user, roles=MANAGERS, field_name="session__administration")
        | q_for_supervised_units(user=user, field_name="officer__org_unit")
        | Q(officer__user_id=user.pk)
        | Q(session__instructors__officer__user_id=user.pk)
    )
    ids = Enrolment.objects.filter(q).values("pk")
    return Enrolment.objects.filter(pk__in=ids).select_related(
        "officer", "officer__org_unit", "session", "session__course", "session__administration"
    )


def enrolment_get_for_user(*, user: Any, enrolment_id: int) -> Enrolment:
    return get_scoped_or_404(enrolments_visible_to(user=user), pk=enrolment_id)


def enrolments_for_list(*, user: Any, state: str = "", session_id: int | None = None) -> QuerySet[Enrolment]:
    qs = enrolments_visible_to(user=user).select_related("completion")
    if state:
        qs = qs.filter(state=state)
    if session_id is not None:
        qs = qs.filter(session__pk=session_id)  # __pk: an id past 64 bits matches nothing, no overflow
    return qs.order_by("-requested_at", "-pk")


def enrolments_awaiting(*, user: Any) -> QuerySet[Enrolment]:
    """What waits for the caller: approvals (supervisors) and confirmations (managers)."""
    access = access_for(user)
    managed = access.administration_ids(MANAGERS)
    approvals = q_for_supervised_units(user=user, field_name="officer__org_unit") & Q(
        state=Enrolment.State.REQUESTED
    )
    managers = Q(session__administration_id__in=managed, state__in=[Enrolment.State.APPROVED])
    return (
        Enrolment.objects.filter(approvals | managers)
        .exclude(officer__user_id=_pk(user))
        .select_related("officer", "session", "session__course")
        .order_by("requested_at", "pk")
    )


def session_roster(*, session: Session) -> list[Enrolment]:
    """The session's active enrolments with attendance and completion (three queries)."""
    return list(
        session.enrolments.filter(state__in=Enrolment.ACTIVE)
        .select_related("officer", "officer__org_unit", "completion")
        .prefetch_related(Prefetch("attendance", queryset=Attendance.objects.order_by("day")))
        .order_by("state", "officer__family_name", "officer__given_name", "pk")
    )


def completion_get_for_user(*, user: Any, enrolment_id: int) -> Completion:
    qs = Completion.objects.filter(enrolment__in=enrolments_visible_to(user=user)).select_related(
        "enrolment__officer", "enrolment__session__course", "enrolment__session__administration"
    )
    return get_scoped_or_404(qs, enrolment_id=enrolment_id)


def completions_visible_to(*, user: Any) -> QuerySet[Completion]:
    return Completion.objects.filter(enrolment__in=enrolments_visible_to(user=user)).select_related(
        "enrolment__officer", "enrolment__session__course"
    )


# --- the learner's own ------------------------------------------------------------------------------


def officer_enrolments(*, officer: Officer) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(officer=officer)
        .select_related("session", "session__course", "completion")
        .order_by("-requested_at", "-pk")
    )


def officer_upcoming_sessions(*, officer: Officer) -> QuerySet[Session]:
    """The officer's confirmed sessions still to come, each course title in the viewer's language."""
    return _with_course_title(_session_queryset()).filter(
        enrolments__officer=officer,
        enrolments__state=Enrolment.State.CONFIRMED,
        ends_at__gte=timezone.now(),
        status=Session.Status.SCHEDULED,
        self_paced=False,
    )


def officer_completions(*, officer: Officer) -> QuerySet[Completion]:
    """The officer's course results, newest first, whoever recorded them (roster or learning records)."""
    return (
        Completion.objects.filter(enrolment__officer=officer)
        .select_related("enrolment__session__course")
        .order_by("-completed_on", "-pk")
    )


def officer_passed_course_ids(*, officer_id: int) -> set[int]:
    return set(
        Completion.objects.filter(enrolment__officer_id=officer_id, passed=True).values_list(
            "enrolment__session__course_id", flat=True
        )
    )


# --- calendars --------------------------------------------------------------------------------------


def calendar_user_for_token(*, token_hash: str) -> Any | None:
    row = CalendarToken.objects.select_related("user").filter(token_hash=token_hash).first()
    if row is None or not row.user.is_active:
        return None
    return row.user


def calendar_token_exists(*, user: Any) -> bool:
    return CalendarToken.objects.filter(user_id=_pk(user)).exists()


@dataclass(frozen=True)
class CalendarEntry:
    session: Session
    instructors: list[str]


def calendar_sessions_for_officer(*, officer: Officer) -> list[Session]:
    return list(
        Session.objects.filter(
            enrolments__officer=officer, enrolments__state=Enrolment.State.CONFIRMED, self_paced=False
        )
        .select_related("course", "administration")
        .prefetch_related("instructors__officer")
        .order_by("starts_at")
    )


def calendar_sessions_for_instructor(*, instructor: Instructor) -> list[Session]:
    return list(
        Session.objects.filter(instructors=instructor)
        .select_related("course", "administration")
        .prefetch_related("instructors__officer")
        .order_by("starts_at")
    )


def officer_unmet_prerequisites(
    *, course_id: int, officer: Officer, before: dt.datetime | None = None
) -> list[str]:
    """What the officer still lacks before the course: completed courses and competency levels.

    With ``before`` (the start of the session asked for), a required course also counts when the
    officer holds a place (requested, approved or confirmed) in one of its sessions that ends by
    then: an annual plan may put the introduction in spring and the follow-up in autumn."""
    from cadre.catalogue.models import CoursePrerequisite
    from cadre.competencies.selectors import current_levels

    prerequisites = list(
        CoursePrerequisite.objects.filter(course_id=course_id)
        .select_related("required_course", "competency")
        .order_by("pk")
    )
    if not prerequisites:
        return []
    passed = officer_passed_course_ids(officer_id=officer.pk)
    if before is not None:
        passed |= set(
            Enrolment.objects.filter(
                officer=officer,
                state__in=(Enrolment.State.REQUESTED, Enrolment.State.APPROVED, Enrolment.State.CONFIRMED),
                session__ends_at__lte=before,
                session__course_id__in=[p.required_course_id for p in prerequisites if p.required_course_id],
            ).values_list("session__course_id", flat=True)
        )
    levels = current_levels(
        officer_ids=[officer.pk], competency_ids=[p.competency_id for p in prerequisites if p.competency_id]
    )
    missing = []
    for p in prerequisites:
        if p.required_course is not None:
            if p.required_course_id not in passed:
                missing.append(
                    _("first complete %(code)s %(title)s")
                    % {"code": p.required_course.code, "title": p.required_course.title}
                )
        elif p.competency is not None:
            level = levels.get((officer.pk, p.competency.pk))
            if level is None or level < (p.min_level or 0):
                missing.append(
                    _("needs %(competency)s at level %(level)s or above")
                    % {"competency": p.competency.title, "level": p.min_level}
                )
    return missing


def instructor_qualified_for(*, instructor: Instructor, course: Course) -> bool:
    """The qualification rule: the course's code if it names one, else every objective's competency
    at its target level (a course with neither may be taught by anyone)."""
    quals = list(instructor.qualifications.all())
    if course.instructor_qualification:
        return any(q.code == course.instructor_qualification for q in quals)
    held = {q.competency_id: q.level or 0 for q in quals if q.competency_id}
    return all(held.get(o.competency_id, 0) >= o.target_level for o in course.objectives.all())


def enrolment_actions(*, user: Any, enrolment: Enrolment) -> list[str]:
    """The transitions the caller may try on this enrolment now (the buttons a page shows)."""
    officer = enrolment.officer
    access = access_for(user)
    is_self = officer.user_id is not None and officer.user_id == _pk(user)
    manages = access.has_role(officer.administration_id, MANAGERS)
    supervises = not is_self and any(
        officer.org_unit.path.startswith(p)
        for p in access.supervised_paths.get(officer.administration_id, [])
    )
    state = enrolment.state
    actions = []
    if state == Enrolment.State.REQUESTED and (supervises or (manages and not is_self)):
        actions.append("approve")
    if state == Enrolment.State.APPROVED and manages:
        actions += ["confirm", "waitlist"]
    if state in (Enrolment.State.REQUESTED, Enrolment.State.APPROVED, Enrolment.State.WAITLISTED) and (
        supervises or manages
    ):
        actions.append("reject")
    if (
        state in Enrolment.ACTIVE
        and (is_self or supervises or manages)
        and not hasattr(enrolment, "completion")
    ):
        actions.append("cancel")
    return actions


def officers_nominable_by(*, user: Any, administration_id: int) -> QuerySet[Officer]:
    """Active officers of the administration the caller may nominate: managers all, supervisors their subtree."""
    if access_for(user).has_role(administration_id, MANAGERS):
        qs = Officer.objects.filter(administration_id=administration_id)
    else:
        qs = Officer.objects.filter(
            q_for_supervised_units(user=user), administration_id=administration_id
        ).exclude(user_id=_pk(user))
    return qs.filter(active=True).order_by("family_name", "given_name")


def completions_passed_since(*, since: dt.date) -> QuerySet[Completion]:
    """Passed completions on or after ``since``, every administration (for background scheduling)."""
    # A stable order: the follow-ups scheduled from these get ids in this order (reproducible runs).
    return (
        Completion.objects.filter(passed=True, completed_on__gte=since)
        .select_related("enrolment__session", "enrolment__officer")
        .order_by(
            "completed_on",
            "enrolment__officer__administration_id",
            "enrolment__officer__employee_number",
            "pk",
        )
    )


# --- planning ---------------------------------------------------------------------------------------


def officers_passed_course_ids(*, officer_ids: list[int]) -> dict[int, set[int]]:
    """Courses each officer has passed, for many officers in one query (the planner's prerequisites)."""
    out: dict[int, set[int]] = {}
    rows = Completion.objects.filter(enrolment__officer_id__in=officer_ids, passed=True).values_list(
        "enrolment__officer_id", "enrolment__session__course_id"
    )
    for officer_id, course_id in rows:
        out.setdefault(officer_id, set()).add(course_id)
    return out


def instructor_days_by_qualification(*, administration_id: int, year: int) -> dict[str, int]:
    """Available teaching days in the year per qualification code of the active instructors."""
    from cadre.delivery.supply import instructor_available_days

    days: dict[str, int] = {}
    instructors = Instructor.objects.filter(
        administration_id=administration_id, active=True
    ).prefetch_related("qualifications", "availability")
    for instructor in instructors:
        available = instructor_available_days(instructor=instructor, year=year)
        for code in {q.code for q in instructor.qualifications.all() if q.code}:
            days[code] = days.get(code, 0) + available
    return days


# --- Pickers ---------------------------------------------------------------------------------------


def instructor_option(instructor: Instructor) -> PickerOption:
    officer = instructor.officer
    if officer is not None and not instructor.name:
        label = officer_name(officer)
        details: tuple[str, ...] = (officer.employee_number, instructor.get_kind_display())
    else:
        label = instructor.name
        details = tuple(d for d in (instructor.organisation, instructor.get_kind_display()) if d)
    return PickerOption(pk=instructor.pk, label=label, details=details)


def instructors_search(*, user: Any, query: str, limit: int) -> PickerResult:
    """Active instructors the caller manages whose name, organisation or employee number matches."""
    instructors = instructors_managed_by(user=user).filter(active=True).order_by("name", "pk")
    return picker_filter(
        instructors,
        query=query,
        fields=(
            "name",
            "organisation",
            "officer__given_name",
            "officer__family_name",
            "officer__family_name_reading",
            "officer__given_name_reading",
            "officer__employee_number",
        ),
        limit=limit,
        describe=instructor_option,
    )


def officer_enrolled_in_any(*, officer: Officer, session_ids: set[int]) -> bool:
    """Whether the officer holds an enrolment (in any state) in one of these sessions."""
    return Enrolment.objects.filter(session_id__in=session_ids, officer=officer).exists()
