"""Enrolments: request or nominate -> approve -> confirm (a seat) or wait

Seats: every change that takes or frees a seat runs in one transaction that first locks the
session row (``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite the IMMEDIATE transaction mode set
in the settings already serialises writers) and counts the confirmed seats inside that
transaction, so two requests for the last seat can never both get it.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.core.audit import snapshot
from cadre.core.errors import DomainError, invalid
from cadre.delivery.models import (
    Enrolment,
    Session,
)
from cadre.delivery.selectors import (
    policy_for,
)
from cadre.delivery.services._rules import (
    _audit,
    _away_check,
    _check_eligible,
    _is_self,
    _locked,
    _manages,
    _refuse,
    _supervises,
    _with_warning,
)
from cadre.people.models import Officer
from cadre.tenancy.access import Actor

State = Enrolment.State


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


def enrolment_nominate_planned(*, actor: Actor, session: Session, officer: Officer) -> Enrolment:
    """Nominate an officer for a session published from an annual plan (the usual workflow rules)."""
    return enrolment_nominate(actor=actor.user, session=session, officer=officer)
