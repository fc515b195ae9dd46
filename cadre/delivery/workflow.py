"""The enrolment workflow: request or nominate -> approve -> confirm (a seat) or wait; attendance; results.

Seats: every change that takes or frees a seat runs in one transaction that first locks the
session row (``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite the IMMEDIATE transaction mode set
in the settings already serialises writers) and counts the confirmed seats inside that
transaction, so two requests for the last seat can never both get it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.competencies.selectors import current_levels
from cadre.competencies.services import assessment_record_training_evidence
from cadre.core.audit import audit_record, snapshot
from cadre.core.errors import DomainError, FieldError, invalid
from cadre.delivery.models import Attendance, Completion, DeliveryPolicy, Enrolment, Session
from cadre.delivery.selectors import officer_unmet_prerequisites, policy_for, session_days, today_for
from cadre.people.models import Officer
from cadre.tenancy.access import MANAGERS, access_for

State = Enrolment.State

# --- who may do what --------------------------------------------------------------------------------


def _is_self(actor: Any, officer: Officer) -> bool:
    return officer.user_id is not None and officer.user_id == getattr(actor, "pk", None)


def _manages(actor: Any, administration_id: int) -> bool:
    return access_for(actor).has_role(administration_id, MANAGERS)


def _supervises(actor: Any, officer: Officer) -> bool:
    paths = access_for(actor).supervised_paths.get(officer.administration_id, [])
    return not _is_self(actor, officer) and any(officer.org_unit.path.startswith(p) for p in paths)


def _teaches(actor: Any, session: Session) -> bool:
    return session.instructors.filter(
        officer__user_id=int(getattr(actor, "pk", None) or 0), officer__isnull=False
    ).exists()


def _refuse() -> Http404:
    # Lacking the role answers like a missing object: nothing is confirmed to an outsider.
    return Http404("Not found")


def _locked(session: Session) -> Session:
    return Session.objects.select_for_update().select_related("course", "administration").get(pk=session.pk)


def _audit(actor: Any, enrolment: Enrolment, before: dict[str, Any] | None) -> None:
    audit_record(
        actor=actor,
        action="create" if before is None else "update",
        instance=enrolment,
        before=before,
        after=snapshot(enrolment),
        administration_id=enrolment.session.administration_id,
    )


# --- checks -----------------------------------------------------------------------------------------


def _check_eligible(*, session: Session, officer: Officer) -> list[FieldError]:
    """Session open, officer active, language spoken, prerequisites met, not already enrolled."""
    errors: list[FieldError] = []
    if session.self_paced:
        errors.append(FieldError("session", _("a self-paced course is joined by starting its modules")))
    elif session.status != Session.Status.SCHEDULED:
        errors.append(FieldError("session", _("the session is cancelled")))
    elif session.ends_at <= timezone.now():
        errors.append(FieldError("session", _("the session is over")))
    if not officer.active:
        errors.append(FieldError("officer", _("the officer is not active")))
    spoken = list(officer.languages or [])
    if session.language not in spoken:
        errors.append(
            FieldError(
                "language",
                _("the session is taught in %(language)s; the officer's languages are %(languages)s")
                % {"language": session.language, "languages": ", ".join(spoken) or _("not recorded")},
            )
        )
    errors += [
        FieldError("prerequisites", reason)
        for reason in officer_unmet_prerequisites(
            course_id=session.course_id, officer=officer, before=session.starts_at
        )
    ]
    if Enrolment.objects.filter(session=session, officer=officer, state__in=Enrolment.ACTIVE).exists():
        errors.append(FieldError("officer", _("already has a request for this session")))
    return errors


def _away_check(*, session: Session, officer: Officer, policy: DeliveryPolicy) -> str | None:
    """Warn (or, in refuse mode, raise) when the officer's absence would pass the unit's cap.

    The cap is the policy's share of the unit's active staff, and the unit's own ``away_cap`` head
    count when set; "away" means approved or confirmed for a session overlapping this one.
    """
    unit = officer.org_unit
    limits: list[int] = []
    staff = Officer.objects.filter(org_unit_id=unit.pk, active=True).count()
    if policy.away_cap_share is not None:
        limits.append(math.floor(Decimal(staff) * policy.away_cap_share))
    if unit.away_cap is not None:
        limits.append(unit.away_cap)
    if not limits:
        return None
    away = (
        Enrolment.objects.filter(
            officer__org_unit_id=unit.pk,
            state__in=[State.APPROVED, State.CONFIRMED],
            session__status=Session.Status.SCHEDULED,
            session__starts_at__lt=session.ends_at,
            session__ends_at__gt=session.starts_at,
        )
        .exclude(officer=officer)
        .values("officer_id")
        .distinct()
        .count()
    )
    limit = min(limits)
    if away + 1 <= limit:
        return None
    message = _(
        "%(away)s of %(staff)s officers of %(unit)s would be away at the same time (at most %(max)s may be)"
    ) % {
        "away": away + 1,
        "staff": staff,
        "unit": unit.name,
        "max": limit,
    }
    if policy.away_cap_mode == DeliveryPolicy.AwayMode.REFUSE:
        raise DomainError(_("Too many of the unit's staff away"), [FieldError("officer", message)])
    return message


def _with_warning(enrolment: Enrolment, warning: str | None) -> list[str]:
    if warning and warning not in enrolment.warnings:
        return [*enrolment.warnings, warning]
    return list(enrolment.warnings)


# --- requests and nominations -----------------------------------------------------------------------


def _create(*, actor: Any, session: Session, officer: Officer, origin: str, approved: bool) -> Enrolment:
    if officer.administration_id != session.administration_id:
        raise invalid("officer", _("not found"), _("Request not saved"))
    errors = _check_eligible(session=session, officer=officer)
    if errors:
        raise DomainError(_("Request not saved"), errors)
    warning = None
    if approved:
        warning = _away_check(
            session=session, officer=officer, policy=policy_for(administration_id=session.administration_id)
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                session=session,
                officer=officer,
                origin=origin,
                state=State.APPROVED if approved else State.REQUESTED,
                requested_by=actor,
                approved_by=actor if approved else None,
                approved_at=now if approved else None,
                warnings=[warning] if warning else [],
            )
    except IntegrityError as exc:  # a concurrent duplicate lost the race
        raise invalid("officer", _("already has a request for this session"), _("Request not saved")) from exc
    _audit(actor, enrolment, None)
    return enrolment


@transaction.atomic
def enrolment_request(*, actor: Any, session: Session, officer: Officer) -> Enrolment:
    """An officer asks for a seat; their supervisor approves next."""
    if not _is_self(actor, officer):
        raise _refuse()
    return _create(
        actor=actor, session=session, officer=officer, origin=Enrolment.Origin.REQUEST, approved=False
    )


@transaction.atomic
def enrolment_nominate(*, actor: Any, session: Session, officer: Officer) -> Enrolment:
    """A supervisor (whose nomination is their approval) or a training manager nominates an officer."""
    supervises = _supervises(actor, officer)
    if not supervises and not _manages(actor, officer.administration_id):
        raise _refuse()
    return _create(
        actor=actor, session=session, officer=officer, origin=Enrolment.Origin.NOMINATION, approved=supervises
    )


@transaction.atomic
def enrolment_approve(*, actor: Any, enrolment: Enrolment) -> Enrolment:
    """The officer's supervisor (or a training manager) approves a request."""
    officer = enrolment.officer
    if not (
        _supervises(actor, officer)
        or (_manages(actor, officer.administration_id) and not _is_self(actor, officer))
    ):
        raise _refuse()
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("session", "officer__org_unit")
        .get(pk=enrolment.pk)
    )
    if enrolment.state != State.REQUESTED:
        raise invalid(
            "state",
            _("only a request awaiting approval can be approved (it is %(state)s)")
            % {"state": enrolment.get_state_display().lower()},
        )
    warning = _away_check(
        session=enrolment.session,
        officer=officer,
        policy=policy_for(administration_id=officer.administration_id),
    )
    before = snapshot(enrolment)
    enrolment.state = State.APPROVED
    enrolment.approved_by = actor
    enrolment.approved_at = timezone.now()
    enrolment.warnings = _with_warning(enrolment, warning)
    enrolment.save(update_fields=["state", "approved_by", "approved_at", "warnings"])
    _audit(actor, enrolment, before)
    return enrolment


@transaction.atomic
def enrolment_reject(*, actor: Any, enrolment: Enrolment, reason: str = "") -> Enrolment:
    """The supervisor or a training manager turns a request down, saying why when asked (bulk: always)."""
    officer = enrolment.officer
    if not (_supervises(actor, officer) or _manages(actor, officer.administration_id)):
        raise _refuse()
    enrolment = Enrolment.objects.select_for_update().select_related("session").get(pk=enrolment.pk)
    if enrolment.state not in (State.REQUESTED, State.APPROVED, State.WAITLISTED):
        raise invalid(
            "state",
            _("this enrolment cannot be rejected (it is %(state)s)")
            % {"state": enrolment.get_state_display().lower()},
        )
    before = snapshot(enrolment)
    enrolment.state = State.REJECTED
    enrolment.closed_at = timezone.now()
    enrolment.decision_reason = reason.strip()[:500]
    enrolment.save(update_fields=["state", "closed_at", "decision_reason"])
    _audit(actor, enrolment, before)
    return enrolment


# --- seats ------------------------------------------------------------------------------------------


def _free_seats(session: Session) -> int:
    return session.seats - session.enrolments.filter(state=State.CONFIRMED).count()


@transaction.atomic
def enrolment_confirm(*, actor: Any, enrolment: Enrolment) -> Enrolment:
    """A training manager confirms an approved request: a seat if one is free, else the waiting list."""
    if not _manages(actor, enrolment.session.administration_id):
        raise _refuse()
    session = _locked(enrolment.session)  # every seat decision on this session waits here
    enrolment = Enrolment.objects.select_related("officer__org_unit").get(pk=enrolment.pk)
    enrolment.session = session
    if enrolment.state != State.APPROVED:
        raise invalid(
            "state",
            _("only an approved request can be confirmed (it is %(state)s)")
            % {"state": enrolment.get_state_display().lower()},
        )
    if session.status != Session.Status.SCHEDULED:
        raise invalid("session", _("the session is cancelled"))
    warning = _away_check(
        session=session,
        officer=enrolment.officer,
        policy=policy_for(administration_id=session.administration_id),
    )
    before = snapshot(enrolment)
    if _free_seats(session) > 0:
        enrolment.state = State.CONFIRMED
        enrolment.confirmed_by = actor
        enrolment.confirmed_at = timezone.now()
    else:
        enrolment.state = State.WAITLISTED
    enrolment.warnings = _with_warning(enrolment, warning)
    enrolment.save(update_fields=["state", "confirmed_by", "confirmed_at", "warnings"])
    _audit(actor, enrolment, before)
    return enrolment


@transaction.atomic
def enrolment_waitlist(*, actor: Any, enrolment: Enrolment) -> Enrolment:
    """A training manager puts an approved request on the waiting list without trying for a seat.

    It keeps its place by request time, and is promoted like any other when a seat frees.
    """
    if not _manages(actor, enrolment.session.administration_id):
        raise _refuse()
    session = _locked(enrolment.session)
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    enrolment.session = session
    if enrolment.state != State.APPROVED:
        raise invalid(
            "state",
            _("only an approved request can be put on the waiting list (it is %(state)s)")
            % {"state": enrolment.get_state_display().lower()},
        )
    if session.status != Session.Status.SCHEDULED:
        raise invalid("session", _("the session is cancelled"))
    before = snapshot(enrolment)
    enrolment.state = State.WAITLISTED
    enrolment.save(update_fields=["state"])
    _audit(actor, enrolment, before)
    return enrolment


@transaction.atomic
def enrolment_cancel(*, actor: Any, enrolment: Enrolment) -> Enrolment:
    """The officer, their supervisor or a training manager cancels; a freed seat goes to the waiting list."""
    officer = enrolment.officer
    if not (
        _is_self(actor, officer) or _supervises(actor, officer) or _manages(actor, officer.administration_id)
    ):
        raise _refuse()
    session = _locked(enrolment.session)
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    enrolment.session = session
    if enrolment.state not in Enrolment.ACTIVE:
        raise invalid(
            "state",
            _("this enrolment cannot be cancelled (it is %(state)s)")
            % {"state": enrolment.get_state_display().lower()},
        )
    if hasattr(enrolment, "completion"):
        raise invalid("state", _("a completed enrolment cannot be cancelled"))
    freed = enrolment.state == State.CONFIRMED
    before = snapshot(enrolment)
    enrolment.state = State.CANCELLED
    enrolment.closed_at = timezone.now()
    enrolment.save(update_fields=["state", "closed_at"])
    _audit(actor, enrolment, before)
    if freed:
        waiting_list_promote(actor=actor, session=session)
    return enrolment


@transaction.atomic
def waiting_list_promote(*, actor: Any, session: Session) -> list[Enrolment]:
    """Give free seats to the waiting list, earliest request first.

    In "refuse" mode a waiting officer whose absence would pass their unit's cap is skipped.
    """
    session = _locked(session)
    if session.status != Session.Status.SCHEDULED:
        return []
    policy = policy_for(administration_id=session.administration_id)
    promoted: list[Enrolment] = []
    free = _free_seats(session)
    waiting = session.enrolments.filter(state=State.WAITLISTED).select_related("officer__org_unit")
    for enrolment in waiting.order_by("requested_at", "pk"):
        if free <= 0:
            break
        try:
            warning = _away_check(session=session, officer=enrolment.officer, policy=policy)
        except DomainError:
            continue
        before = snapshot(enrolment)
        enrolment.state = State.CONFIRMED
        enrolment.confirmed_by = actor if getattr(actor, "is_authenticated", False) else None
        enrolment.confirmed_at = timezone.now()
        enrolment.warnings = _with_warning(enrolment, warning)
        enrolment.save(update_fields=["state", "confirmed_by", "confirmed_at", "warnings"])
        enrolment.session = session
        _audit(actor, enrolment, before)
        promoted.append(enrolment)
        free -= 1
    return promoted


# --- attendance and results -------------------------------------------------------------------------


def _require_roster_keeper(actor: Any, session: Session) -> None:
    if not (_manages(actor, session.administration_id) or _teaches(actor, session)):
        raise _refuse()


@dataclass(frozen=True)
class ResultRow:
    """One participant's line of the roster form: days present, and (optionally) the result."""

    enrolment_id: int
    present_days: frozenset[dt.date] = frozenset()
    record_result: bool = False
    score: Decimal | None = None
    passed: bool = False
    prefix: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _attendance_errors(
    session: Session, enrolment: Enrolment, days: Sequence[dt.date], prefix: str
) -> list[FieldError]:
    errors: list[FieldError] = []
    if enrolment.session_id != session.pk or enrolment.state != State.CONFIRMED:
        return [
            FieldError(f"{prefix}enrolment", _("only confirmed participants of this session have attendance"))
        ]
    allowed = set(session_days(session=session))
    today = today_for(administration_id=session.administration_id)
    for day in days:
        if day not in allowed:
            errors.append(FieldError(f"{prefix}day", _("%(day)s is not a day of the session") % {"day": day}))
        elif day > today:
            errors.append(FieldError(f"{prefix}day", _("%(day)s is in the future") % {"day": day}))
    return errors


def _save_attendance(actor: Any, enrolment: Enrolment, day: dt.date, present: bool) -> None:
    row = Attendance.objects.filter(enrolment=enrolment, day=day).first()
    before = snapshot(row) if row else None
    if row is None:
        row = Attendance.objects.create(enrolment=enrolment, day=day, present=present, recorded_by=actor)
    elif row.present != present:
        row.present = present
        row.recorded_by = actor
        row.save(update_fields=["present", "recorded_by", "recorded_at"])
    else:
        return
    audit_record(
        actor=actor,
        action="create" if before is None else "update",
        instance=row,
        before=before,
        after=snapshot(row),
        administration_id=enrolment.session.administration_id,
    )


@transaction.atomic
def attendance_record(*, actor: Any, enrolment: Enrolment, day: dt.date, present: bool) -> Attendance:
    session = enrolment.session
    _require_roster_keeper(actor, session)
    errors = _attendance_errors(session, enrolment, [day], "")
    if errors:
        raise DomainError(_("Attendance not recorded"), errors)
    _save_attendance(actor, enrolment, day, present)
    return Attendance.objects.get(enrolment=enrolment, day=day)


def _completion_errors(
    session: Session,
    enrolment: Enrolment,
    score: Decimal | None,
    passed: bool,
    present: set[dt.date],
    prefix: str,
) -> list[FieldError]:
    errors: list[FieldError] = []
    if enrolment.session_id != session.pk or enrolment.state != State.CONFIRMED:
        return [
            FieldError(f"{prefix}enrolment", _("only confirmed participants of this session have a result"))
        ]
    if Completion.objects.filter(enrolment=enrolment).exists():
        return [FieldError(f"{prefix}passed", _("the result is already recorded"))]
    days = session_days(session=session)
    if days[-1] > today_for(administration_id=session.administration_id):
        errors.append(FieldError(f"{prefix}passed", _("results are recorded on or after the last day")))
    if score is not None and not Decimal(0) <= score <= Decimal(100):
        errors.append(FieldError(f"{prefix}score", _("must be between 0 and 100")))
    missing = [d for d in days if d not in present]
    if passed and missing:
        errors.append(
            FieldError(
                f"{prefix}passed",
                _("a pass needs attendance on every day (absent or unrecorded: %(missing)s)")
                % {"missing": missing[0]},
            )
        )
    return errors


def _present_days(enrolment: Enrolment) -> set[dt.date]:
    return set(Attendance.objects.filter(enrolment=enrolment, present=True).values_list("day", flat=True))


def _save_completion(actor: Any, enrolment: Enrolment, score: Decimal | None, passed: bool) -> Completion:
    session = enrolment.session
    # The course was completed on its last day, even when results are entered later.
    completed_on = min(
        session_days(session=session)[-1], today_for(administration_id=session.administration_id)
    )
    completion = Completion.objects.create(
        enrolment=enrolment, score=score, passed=passed, completed_on=completed_on, recorded_by=actor
    )
    audit_record(
        actor=actor,
        action="create",
        instance=completion,
        after=snapshot(completion),
        administration_id=session.administration_id,
    )
    if passed:
        completion.assessments.set(
            completion_evidence_record(actor=actor, enrolment=enrolment, on=completed_on)
        )
    return completion


def completion_evidence_record(
    *, actor: Any, enrolment: Enrolment, on: dt.date, evidence: str | None = None
) -> list[Any]:
    """Each course objective becomes training evidence at its target level, unless the officer is already higher."""
    session = enrolment.session
    officer = enrolment.officer
    objectives = list(session.course.objectives.select_related("competency"))
    levels = current_levels(officer_ids=[officer.pk], competency_ids=[o.competency_id for o in objectives])
    validated = policy_for(administration_id=session.administration_id).training_evidence_auto_validated
    out = []
    for objective in objectives:
        current = levels.get((officer.pk, objective.competency_id))
        if current is not None and current >= objective.target_level:
            continue
        out.append(
            assessment_record_training_evidence(
                actor=actor,
                officer=officer,
                competency=objective.competency,
                level=objective.target_level,
                assessed_on=on,
                evidence=evidence
                or f"Completed {session.course.code} {session.course.title} ({session.starts_at:%Y-%m-%d})",
                validated=validated,
            )
        )
    return out


@transaction.atomic
def completion_record(*, actor: Any, enrolment: Enrolment, score: Decimal | None, passed: bool) -> Completion:
    """Record a participant's result; a pass adds competency evidence (source: training)."""
    session = enrolment.session
    _require_roster_keeper(actor, session)
    errors = _completion_errors(session, enrolment, score, passed, _present_days(enrolment), "")
    if errors:
        raise DomainError(_("Result not recorded"), errors)
    return _save_completion(actor, enrolment, score, passed)


@transaction.atomic
def session_results_record(*, actor: Any, session: Session, rows: Sequence[ResultRow]) -> int:
    """Save a roster form: attendance for every listed day, and the results given. All or nothing."""
    _require_roster_keeper(actor, session)
    enrolments = {e.pk: e for e in session.enrolments.select_related("officer__org_unit", "session__course")}
    days = session_days(session=session)
    today = today_for(administration_id=session.administration_id)
    recordable = [d for d in days if d <= today]
    errors: list[FieldError] = []
    for row in rows:
        enrolment = enrolments.get(row.enrolment_id)
        if enrolment is None:
            errors.append(FieldError(f"{row.prefix}enrolment", _("not found")))
            continue
        errors += _attendance_errors(session, enrolment, sorted(row.present_days), row.prefix)
        if row.record_result:
            errors += _completion_errors(
                session, enrolment, row.score, row.passed, set(row.present_days), row.prefix
            )
    if errors:
        raise DomainError(_("Roster not saved"), errors)
    saved = 0
    for row in rows:
        enrolment = enrolments[row.enrolment_id]
        enrolment.session = session
        for day in recordable:
            _save_attendance(actor, enrolment, day, day in row.present_days)
        if row.record_result:
            _save_completion(actor, enrolment, row.score, row.passed)
        saved += 1
    return saved
