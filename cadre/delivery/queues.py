"""What waits for someone in delivery: selectors behind the home page's work queues.

Each returns a queryset ordered oldest (or soonest) first; the home app counts it and reads the
first few (``cadre.core.queues.waiting``), so a queue costs two queries whatever its length.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from cadre.delivery.models import Attendance, Completion, Enrolment, Instructor, Session
from cadre.delivery.selectors import _session_queryset, enrolments_awaiting, sessions_managed_by
from cadre.people.models import Officer

#: Enrolments still on their way to a seat, as the officer sees them.
IN_PROGRESS = (Enrolment.State.REQUESTED, Enrolment.State.APPROVED, Enrolment.State.WAITLISTED)


def enrolments_awaiting_confirmation(*, user: Any) -> QuerySet[Enrolment]:
    """Approved nominations of the caller's administrations waiting for the training manager."""
    return enrolments_awaiting(user=user).filter(state=Enrolment.State.APPROVED)


def enrolments_awaiting_approval(*, user: Any) -> QuerySet[Enrolment]:
    """Requests of officers the caller supervises, waiting for their approval."""
    return enrolments_awaiting(user=user).filter(state=Enrolment.State.REQUESTED)


def _has_instructor() -> Exists:
    return Exists(Session.instructors.through.objects.filter(session_id=OuterRef("pk")))


def sessions_needing_attention(*, user: Any) -> QuerySet[Session]:
    """Upcoming managed sessions under their course's minimum, without an instructor, or with nowhere to meet.

    Soonest first; each row carries ``has_instructor`` and ``confirmed_count``.
    """
    return (
        sessions_managed_by(user=user)
        .filter(starts_at__gt=timezone.now(), status=Session.Status.SCHEDULED, self_paced=False)
        .annotate(has_instructor=_has_instructor())
        .filter(
            Q(confirmed_count__lt=F("course__min_participants"))
            | Q(has_instructor=False)
            | Q(venue="", online_url="")
        )
        .order_by("starts_at", "pk")
    )


def _taught(instructor: Instructor) -> QuerySet[Session]:
    return _session_queryset().filter(
        instructors=instructor, status=Session.Status.SCHEDULED, self_paced=False
    )


def instructor_upcoming_sessions(*, instructor: Instructor) -> QuerySet[Session]:
    """Sessions the instructor teaches that have not ended, soonest first."""
    return _taught(instructor).filter(ends_at__gte=timezone.now()).order_by("starts_at", "pk")


def _confirmed(**extra: Any) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(session_id=OuterRef("pk"), state=Enrolment.State.CONFIRMED, **extra)


def instructor_attendance_to_take(*, instructor: Instructor) -> QuerySet[Session]:
    """Started sessions of the instructor where a confirmed participant has no attendance yet, oldest first."""
    missing = _confirmed().exclude(Exists(Attendance.objects.filter(enrolment_id=OuterRef("pk"))))
    return (
        _taught(instructor)
        .filter(starts_at__lte=timezone.now())
        .filter(Exists(missing))
        .order_by("starts_at", "pk")
    )


def instructor_results_to_enter(*, instructor: Instructor) -> QuerySet[Session]:
    """Ended sessions of the instructor where a confirmed participant has no result yet, oldest first."""
    missing = _confirmed().exclude(Exists(Completion.objects.filter(enrolment_id=OuterRef("pk"))))
    return (
        _taught(instructor)
        .filter(ends_at__lt=timezone.now())
        .filter(Exists(missing))
        .order_by("ends_at", "pk")
    )


def officer_enrolments_in_progress(*, officer: Officer) -> QuerySet[Enrolment]:
    """The officer's requests and nominations not yet confirmed, for sessions not over, oldest first."""
    return (
        Enrolment.objects.filter(officer=officer, state__in=IN_PROGRESS, session__ends_at__gte=timezone.now())
        .select_related("session", "session__course")
        .order_by("requested_at", "pk")
    )


def officer_certificates(*, officer: Officer) -> QuerySet[Completion]:
    """The officer's passed completions (each has a certificate), newest first."""
    return (
        Completion.objects.filter(enrolment__officer=officer, passed=True)
        .select_related("enrolment__session__course")
        .order_by("-completed_on", "-pk")
    )
