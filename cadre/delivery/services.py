"""Write instructors, sessions, the delivery policy and calendar tokens; every change is audited.

The enrolment workflow (requests, approvals, seats, attendance, completions) is in
``cadre.delivery.workflow``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.catalogue.models import Course, LifecycleStatus
from cadre.competencies.models import Competency
from cadre.core.audit import audit_record, snapshot
from cadre.core.errors import DomainError, FieldError, invalid
from cadre.delivery import workflow
from cadre.delivery.models import (
    CalendarToken,
    DeliveryPolicy,
    Enrolment,
    Instructor,
    InstructorAvailability,
    InstructorQualification,
    Session,
)
from cadre.delivery.selectors import instructor_qualified_for
from cadre.people.models import Officer
from cadre.tenancy.access import MANAGERS, Actor, require_role
from cadre.tenancy.models import Administration

# --- instructors ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QualificationInput:
    """A qualification code, or a competency with the level up to which the instructor teaches it."""

    code: str = ""
    competency: Competency | None = None
    level: int | None = None


def _check_instructor(
    *, administration: Administration, kind: str, officer: Officer | None, name: str, max_days: int
) -> list[FieldError]:
    errors: list[FieldError] = []
    if kind not in Instructor.Kind.values:
        errors.append(
            FieldError(
                "kind", _("must be one of %(choices)s") % {"choices": ", ".join(Instructor.Kind.values)}
            )
        )
    if kind == Instructor.Kind.OFFICER:
        if officer is None:
            errors.append(FieldError("officer", _("an officer instructor needs an officer")))
        elif officer.administration_id != administration.pk:
            errors.append(FieldError("officer", _("not found")))
        elif Instructor.objects.filter(administration=administration, officer=officer).exists():
            errors.append(FieldError("officer", _("is already an instructor")))
    elif not name.strip():
        errors.append(FieldError("name", _("an external or regional expert needs a name")))
    if not 0 <= max_days <= 366:
        errors.append(FieldError("max_days_per_year", _("must be between 0 and 366")))
    return errors


def _check_qualifications(
    *, administration: Administration, qualifications: Sequence[QualificationInput]
) -> list[FieldError]:
    from cadre.competencies.selectors import competencies_for_administration

    errors: list[FieldError] = []
    allowed = set(
        competencies_for_administration(administration_id=administration.pk).values_list("pk", flat=True)
    )
    seen: set[Any] = set()
    for i, q in enumerate(qualifications):
        field = f"qualifications[{i}]"
        if bool(q.code.strip()) == (q.competency is not None):
            errors.append(
                FieldError(field, _("give either a qualification code or a competency with a level"))
            )
            continue
        if q.competency is not None:
            if q.competency.pk not in allowed:
                errors.append(
                    FieldError(f"{field}.competency", _("not in a framework this administration uses"))
                )
            max_level = q.competency.framework.scale.max_level
            if q.level is None or not 1 <= q.level <= max_level:
                errors.append(
                    FieldError(f"{field}.level", _("must be between 1 and %(max)s") % {"max": max_level})
                )
        key = q.code.strip() or (q.competency.pk if q.competency else None)
        if key in seen:
            errors.append(FieldError(field, _("listed twice")))
        seen.add(key)
    return errors


@transaction.atomic
def instructor_create(
    *,
    actor: Any,
    administration: Administration,
    kind: str = Instructor.Kind.OFFICER,
    officer: Officer | None = None,
    name: str = "",
    organisation: str = "",
    email: str = "",
    max_days_per_year: int = 60,
    qualifications: Sequence[QualificationInput] = (),
) -> Instructor:
    """Register an instructor with their qualifications."""
    require_role(user=actor, administration_id=administration.pk, roles=MANAGERS)
    errors = _check_instructor(
        administration=administration, kind=kind, officer=officer, name=name, max_days=max_days_per_year
    )
    errors += _check_qualifications(administration=administration, qualifications=qualifications)
    if errors:
        raise DomainError(_("Instructor not saved"), errors)
    instructor = Instructor.objects.create(
        administration=administration,
        kind=kind,
        officer=officer if kind == Instructor.Kind.OFFICER else None,
        name=name.strip(),
        organisation=organisation.strip(),
        email=email.strip(),
        max_days_per_year=max_days_per_year,
    )
    _save_qualifications(instructor, qualifications)
    audit_record(actor=actor, action="create", instance=instructor, after=snapshot(instructor))
    return instructor


def _save_qualifications(instructor: Instructor, qualifications: Iterable[QualificationInput]) -> None:
    InstructorQualification.objects.bulk_create(
        InstructorQualification(
            instructor=instructor,
            code=q.code.strip(),
            competency=q.competency,
            level=q.level if q.competency is not None else None,
        )
        for q in qualifications
    )


@transaction.atomic
def instructor_update(
    *,
    actor: Any,
    instructor: Instructor,
    qualifications: Sequence[QualificationInput] | None = None,
    **fields: Any,
) -> Instructor:
    """Change an instructor's details; ``qualifications``, when given, replaces the whole list."""
    require_role(user=actor, administration_id=instructor.administration_id, roles=MANAGERS)
    allowed = {"name", "organisation", "email", "max_days_per_year", "active"}
    unknown = set(fields) - allowed
    if unknown:
        raise invalid(sorted(unknown)[0], _("cannot be changed"))
    errors: list[FieldError] = []
    if "max_days_per_year" in fields and not 0 <= int(fields["max_days_per_year"]) <= 366:
        errors.append(FieldError("max_days_per_year", _("must be between 0 and 366")))
    if instructor.kind != Instructor.Kind.OFFICER and "name" in fields and not str(fields["name"]).strip():
        errors.append(FieldError("name", _("an external or regional expert needs a name")))
    if qualifications is not None:
        errors += _check_qualifications(
            administration=instructor.administration, qualifications=qualifications
        )
    if errors:
        raise DomainError(_("Instructor not saved"), errors)
    before = snapshot(instructor)
    for name, value in fields.items():
        setattr(instructor, name, value.strip() if isinstance(value, str) else value)
    if fields:
        instructor.save(update_fields=list(fields))
    if qualifications is not None:
        instructor.qualifications.all().delete()
        _save_qualifications(instructor, qualifications)
    audit_record(actor=actor, action="update", instance=instructor, before=before, after=snapshot(instructor))
    return instructor


@transaction.atomic
def instructor_availability_add(
    *,
    actor: Any,
    instructor: Instructor,
    starts_on: dt.date,
    ends_on: dt.date,
    available: bool,
    note: str = "",
) -> InstructorAvailability:
    require_role(user=actor, administration_id=instructor.administration_id, roles=MANAGERS)
    if ends_on < starts_on:
        raise invalid("ends_on", _("is before the start date"), _("Availability not saved"))
    row = InstructorAvailability.objects.create(
        instructor=instructor, starts_on=starts_on, ends_on=ends_on, available=available, note=note.strip()
    )
    audit_record(
        actor=actor,
        action="create",
        instance=row,
        after=snapshot(row),
        administration_id=instructor.administration_id,
    )
    return row


# --- sessions ---------------------------------------------------------------------------------------


def _overlapping(starts_at: dt.datetime, ends_at: dt.datetime, exclude_id: int | None) -> Any:
    qs = Session.objects.filter(
        status=Session.Status.SCHEDULED, starts_at__lt=ends_at, ends_at__gt=starts_at
    ).select_related("course")
    return qs.exclude(pk=exclude_id) if exclude_id else qs


def _local(value: dt.datetime, administration: Administration) -> str:
    import zoneinfo

    return timezone.localtime(value, zoneinfo.ZoneInfo(administration.time_zone)).strftime("%Y-%m-%d %H:%M")


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
    errors: list[FieldError] = []
    if course.administration_id != administration.pk:
        errors.append(FieldError("course", _("not found")))
    elif course.status != LifecycleStatus.ACTIVE:
        errors.append(FieldError("course", _("only an active course can be scheduled")))
    times_ok = True
    for name, value in (("starts_at", starts_at), ("ends_at", ends_at)):
        if timezone.is_naive(value):
            errors.append(FieldError(name, _("must carry a time zone")))
            times_ok = False
    if times_ok and ends_at <= starts_at:
        errors.append(FieldError("ends_at", _("must be after the start")))
        times_ok = False
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
    if not times_ok:
        return errors
    overlapping = _overlapping(starts_at, ends_at, session_id)
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
    if venue.strip() and room.strip():
        clash = (
            overlapping.filter(
                administration=administration, venue__iexact=venue.strip(), room__iexact=room.strip()
            )
            .order_by("starts_at")
            .first()
        )
        if clash is not None:
            errors.append(
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
            )
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
        from cadre.delivery.workflow import waiting_list_promote

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


# --- the delivery policy ----------------------------------------------------------------------------


@transaction.atomic
def delivery_policy_set(
    *,
    actor: Any,
    administration: Administration,
    away_cap_share: Decimal | None,
    away_cap_mode: str,
    training_evidence_auto_validated: bool,
) -> DeliveryPolicy:
    require_role(user=actor, administration_id=administration.pk, roles=MANAGERS)
    errors: list[FieldError] = []
    if away_cap_share is not None and not Decimal(0) <= away_cap_share <= Decimal(1):
        errors.append(FieldError("away_cap_share", _("must be between 0 and 1")))
    if away_cap_mode not in DeliveryPolicy.AwayMode.values:
        errors.append(FieldError("away_cap_mode", _("must be warn or refuse")))
    if errors:
        raise DomainError(_("Policy not saved"), errors)
    policy, created = DeliveryPolicy.objects.get_or_create(administration=administration)
    before = None if created else snapshot(policy)
    policy.away_cap_share = away_cap_share
    policy.away_cap_mode = away_cap_mode
    policy.training_evidence_auto_validated = training_evidence_auto_validated
    policy.save(update_fields=["away_cap_share", "away_cap_mode", "training_evidence_auto_validated"])
    audit_record(
        actor=actor,
        action="create" if created else "update",
        instance=policy,
        before=before,
        after=snapshot(policy),
    )
    return policy


# --- calendar tokens --------------------------------------------------------------------------------


def calendar_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_token_issue(*, user: Any) -> str:
    """Issue (or replace, revoking the old one) the caller's calendar secret; return it once."""
    token = "cal_" + secrets.token_urlsafe(32)
    CalendarToken.objects.filter(user_id=user.pk).delete()
    CalendarToken.objects.create(user_id=user.pk, token_hash=calendar_token_hash(token))
    return token


@transaction.atomic
def calendar_token_revoke(*, user: Any) -> None:
    CalendarToken.objects.filter(user_id=user.pk).delete()


def enrolment_nominate_planned(*, actor: Actor, session: Session, officer: Officer) -> Enrolment:
    """Nominate an officer for a session published from an annual plan (the usual workflow rules)."""
    return workflow.enrolment_nominate(actor=actor.user, session=session, officer=officer)
