"""Schedule, change and cancel sessions; double-booked instructors or rooms are refused."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.catalogue.models import Course, LifecycleStatus
from cadre.core.audit import audit_record, snapshot
from cadre.core.errors import DomainError, FieldError, invalid
from cadre.delivery.models import (
    Enrolment,
    Instructor,
    Session,
)
from cadre.delivery.selectors import (
    instructor_qualified_for,
)
from cadre.delivery.services.enrolments import waiting_list_promote
from cadre.tenancy.access import MANAGERS, require_role
from cadre.tenancy.models import Administration


def _overlapping(starts_at: dt.datetime, ends_at: dt.datetime, exclude_id: int | None) -> Any:
    qs = Session.objects.filter(
        status=Session.Status.SCHEDULED, starts_at__lt=ends_at, ends_at__gt=starts_at
    ).select_related("course")
    return qs.exclude(pk=exclude_id) if exclude_id else qs


def _local(value: dt.datetime, administration: Administration) -> str:
    return timezone.localtime(value, zoneinfo.ZoneInfo(administration.time_zone)).strftime("%Y-%m-%d %H:%M")


def _course_errors(*, administration: Administration, course: Course) -> list[FieldError]:
    if course.administration_id != administration.pk:
        return [FieldError("course", _("not found"))]
    if course.status != LifecycleStatus.ACTIVE:
        return [FieldError("course", _("only an active course can be scheduled"))]
    return []


def _time_errors(starts_at: dt.datetime, ends_at: dt.datetime) -> list[FieldError]:
    errors = [
        FieldError(name, _("must carry a time zone"))
        for name, value in (("starts_at", starts_at), ("ends_at", ends_at))
        if timezone.is_naive(value)
    ]
    if not errors and ends_at <= starts_at:
        errors.append(FieldError("ends_at", _("must be after the start")))
    return errors


def _place_and_size_errors(
    *, course: Course, venue: str, room: str, online_url: str, language: str, seats: int
) -> list[FieldError]:
    errors: list[FieldError] = []
    if not venue.strip() and not online_url.strip():
        errors.append(FieldError("venue", _("give a venue or an online link")))
    if room.strip() and not venue.strip():
        errors.append(FieldError("room", _("a room needs a venue")))
    if course.languages and language not in course.languages:
        errors.append(
            FieldError(
                "language",
                _("must be one of the course's languages: %(items)s")
                % {"items": ", ".join(course.languages)},
            )
        )
    if not language:
        errors.append(FieldError("language", _("is required")))
    if not isinstance(seats, int) or seats < 1:
        errors.append(FieldError("seats", _("must be at least 1")))
    elif seats > course.max_participants:
        errors.append(
            FieldError(
                "seats",
                _("at most the course's maximum of %(max)s") % {"max": course.max_participants},
            )
        )
    return errors


def _instructor_errors(
    *, administration: Administration, course: Course, instructors: Sequence[Instructor]
) -> list[FieldError]:
    errors: list[FieldError] = []
    for instructor in instructors:
        if instructor.administration_id != administration.pk:
            errors.append(FieldError("instructors", _("not found")))
        elif not instructor.active:
            errors.append(
                FieldError(
                    "instructors", _("%(instructor)s is no longer active") % {"instructor": instructor}
                )
            )
        elif not instructor_qualified_for(instructor=instructor, course=course):
            errors.append(
                FieldError(
                    "instructors",
                    _("%(instructor)s is not qualified to teach %(code)s")
                    % {"instructor": instructor, "code": course.code},
                )
            )
    return errors


def _booking_errors(
    *, administration: Administration, overlapping: Any, instructors: Sequence[Instructor]
) -> list[FieldError]:
    """Instructors already teaching another session at that time."""
    errors: list[FieldError] = []
    ids = [i.pk for i in instructors]
    for other in overlapping.filter(instructors__in=ids).prefetch_related("instructors").distinct():
        for instructor in other.instructors.all():
            if instructor.pk in ids:
                errors.append(
                    FieldError(
                        "instructors",
                        _("%(instructor)s already teaches %(code)s from %(start)s to %(end)s")
                        % {
                            "instructor": instructor,
                            "code": other.course.code,
                            "start": _local(other.starts_at, administration),
                            "end": _local(other.ends_at, administration),
                        },
                    )
                )
    return errors


def _room_errors(
    *, administration: Administration, overlapping: Any, venue: str, room: str
) -> list[FieldError]:
    if not (venue.strip() and room.strip()):
        return []
    clash = (
        overlapping.filter(
            administration=administration, venue__iexact=venue.strip(), room__iexact=room.strip()
        )
        .order_by("starts_at")
        .first()
    )
    if clash is None:
        return []
    return [
        FieldError(
            "room",
            _("%(room)s at %(venue)s is booked for %(code)s from %(start)s to %(end)s")
            % {
                "room": room.strip(),
                "venue": venue.strip(),
                "code": clash.course.code,
                "start": _local(clash.starts_at, administration),
                "end": _local(clash.ends_at, administration),
            },
        )
    ]


def _away_errors(
    *, starts_at: dt.datetime, ends_at: dt.datetime, instructors: Sequence[Instructor]
) -> list[FieldError]:
    errors: list[FieldError] = []
    for instructor in instructors:
        away = instructor.availability.filter(
            available=False, starts_on__lte=ends_at.date(), ends_on__gte=starts_at.date()
        ).first()
        if away is not None:
            errors.append(
                FieldError(
                    "instructors",
                    _("%(instructor)s is unavailable from %(starts_on)s to %(ends_on)s")
                    % {"instructor": instructor, "starts_on": away.starts_on, "ends_on": away.ends_on},
                )
            )
    return errors


def _check_session(
    *,
    administration: Administration,
    course: Course,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    venue: str,
    room: str,
    online_url: str,
    language: str,
    seats: int,
    instructors: Sequence[Instructor],
    session_id: int | None = None,
) -> list[FieldError]:
    """Every problem with a session's data, each naming its field (clashes only once the times are sound)."""
    errors = _course_errors(administration=administration, course=course)
    time_errors = _time_errors(starts_at, ends_at)
    errors += time_errors
    errors += _place_and_size_errors(
        course=course, venue=venue, room=room, online_url=online_url, language=language, seats=seats
    )
    errors += _instructor_errors(administration=administration, course=course, instructors=instructors)
    if time_errors:
        return errors
    overlapping = _overlapping(starts_at, ends_at, session_id)
    errors += _booking_errors(administration=administration, overlapping=overlapping, instructors=instructors)
    errors += _room_errors(administration=administration, overlapping=overlapping, venue=venue, room=room)
    errors += _away_errors(starts_at=starts_at, ends_at=ends_at, instructors=instructors)
    return errors


def _lock_instructors(instructors: Sequence[Instructor]) -> None:
    """Serialise bookings of the same instructors, so two overlapping sessions cannot both pass the check."""
    if instructors:
        list(Instructor.objects.select_for_update().filter(pk__in=[i.pk for i in instructors]).order_by("pk"))


@transaction.atomic
def session_create(
    *,
    actor: Any,
    administration: Administration,
    course: Course,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    language: str,
    seats: int,
    venue: str = "",
    room: str = "",
    online_url: str = "",
    instructors: Sequence[Instructor] = (),
) -> Session:
    """Schedule a session; double-booked instructors or rooms are refused, naming the field."""
    require_role(user=actor, administration_id=administration.pk, roles=MANAGERS)
    _lock_instructors(instructors)
    errors = _check_session(
        administration=administration,
        course=course,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue,
        room=room,
        online_url=online_url,
        language=language,
        seats=seats,
        instructors=instructors,
    )
    if errors:
        raise DomainError(_("Session not saved"), errors)
    session = Session.objects.create(
        administration=administration,
        course=course,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue.strip(),
        room=room.strip(),
        online_url=online_url.strip(),
        language=language,
        seats=seats,
    )
    session.instructors.set(instructors)
    audit_record(
        actor=actor,
        action="create",
        instance=session,
        after={**snapshot(session), "instructors": sorted(i.pk for i in instructors)},
    )
    return session


@transaction.atomic
def session_update(
    *, actor: Any, session: Session, instructors: Sequence[Instructor] | None = None, **fields: Any
) -> Session:
    """Change a scheduled session; seats never drop below the confirmed participants."""
    require_role(user=actor, administration_id=session.administration_id, roles=MANAGERS)
    allowed = {"starts_at", "ends_at", "venue", "room", "online_url", "language", "seats"}
    unknown = set(fields) - allowed
    if unknown:
        raise invalid(sorted(unknown)[0], _("cannot be changed"), _("Session not saved"))
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status != Session.Status.SCHEDULED:
        raise invalid("status", _("a cancelled session cannot be changed"), _("Session not saved"))
    new_instructors = list(instructors) if instructors is not None else list(session.instructors.all())
    _lock_instructors(new_instructors)
    data = {name: fields.get(name, getattr(session, name)) for name in allowed}
    errors = _check_session(
        administration=session.administration,
        course=session.course,
        instructors=new_instructors,
        session_id=session.pk,
        **data,
    )
    confirmed = session.enrolments.filter(state=Enrolment.State.CONFIRMED).count()
    if isinstance(data["seats"], int) and data["seats"] < confirmed:
        errors.append(
            FieldError(
                "seats", _("%(confirmed)s participants are already confirmed") % {"confirmed": confirmed}
            )
        )
    if errors:
        raise DomainError(_("Session not saved"), errors)
    before = {**snapshot(session), "instructors": sorted(session.instructors.values_list("pk", flat=True))}
    for name, value in fields.items():
        setattr(session, name, value.strip() if isinstance(value, str) else value)
    if fields:
        session.save(update_fields=list(fields))
    session.instructors.set(new_instructors)
    after = {**snapshot(session), "instructors": sorted(i.pk for i in new_instructors)}
    audit_record(actor=actor, action="update", instance=session, before=before, after=after)
    if "seats" in fields:
        waiting_list_promote(actor=actor, session=session)
    return session


@transaction.atomic
def session_cancel(*, actor: Any, session: Session) -> Session:
    """Cancel a session and every active enrolment in it."""
    require_role(user=actor, administration_id=session.administration_id, roles=MANAGERS)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status == Session.Status.CANCELLED:
        raise invalid("status", _("already cancelled"), _("Session not cancelled"))
    before = snapshot(session)
    session.status = Session.Status.CANCELLED
    session.save(update_fields=["status"])
    now = timezone.now()
    for enrolment in session.enrolments.filter(state__in=Enrolment.ACTIVE):
        enrolment_before = snapshot(enrolment)
        enrolment.state = Enrolment.State.CANCELLED
        enrolment.closed_at = now
        enrolment.save(update_fields=["state", "closed_at"])
        audit_record(
            actor=actor,
            action="update",
            instance=enrolment,
            before=enrolment_before,
            after=snapshot(enrolment),
            administration_id=session.administration_id,
        )
    audit_record(actor=actor, action="update", instance=session, before=before, after=snapshot(session))
    return session
