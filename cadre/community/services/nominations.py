"""Write nominations: the focal point nominates within its quota, the region selects and records attendance."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.community.models import Event, Nomination, NominationCall
from cadre.community.selectors import ACTIVE, officer_eligibility_problems, quota_for, quota_used
from cadre.community.services._common import audit, locked_event, require_regional
from cadre.core.audit import audited_update
from cadre.core.errors import DomainError, FieldError, NotFound
from cadre.tenancy.access import MANAGERS, Actor, UserLike, actor_for, require_role

if TYPE_CHECKING:
    from cadre.people.models import Officer

State = Nomination.State


@transaction.atomic
def nomination_create(
    *,
    actor: Actor | UserLike,
    event: Event,
    officer: Officer,
    priority: int = 1,
    motivation: str = "",
    today: dt.date | None = None,
) -> Nomination:
    """The focal point of the officer's administration nominates them, within its quota."""
    actor = actor_for(actor)
    require_role(user=actor, administration_id=officer.administration_id, roles=MANAGERS)
    if officer.administration.region_id != event.region_id:
        raise NotFound(code="event.not_found")
    event = locked_event(event)  # serialises quota checks of one event
    today = today or timezone.localdate()
    call = NominationCall.objects.filter(event=event).first()
    errors: list[FieldError] = []
    if call is None or event.status != Event.Status.NOMINATIONS_OPEN:
        raise DomainError(
            _("Nominations are not open"),
            [FieldError("event", _("no open call for nominations"))],
            409,
            code="nomination_call.not_open",
        )
    if today > call.closes_on:
        raise DomainError(
            _("Nominations are closed"),
            [FieldError("event", _("the call closed on %(closes_on)s") % {"closes_on": call.closes_on})],
            409,
            code="nomination_call.closed",
        )
    if not officer.active:
        errors.append(FieldError("officer", _("not an active officer")))
    errors += [FieldError(f, r) for f, r in officer_eligibility_problems(call=call, officer=officer)]
    if Nomination.objects.filter(event=event, officer=officer).exists():
        errors.append(FieldError("officer", _("already nominated for this event")))
    quota = quota_for(call=call, administration_id=officer.administration_id)
    if quota_used(event=event, administration_id=officer.administration_id) >= quota:
        errors.append(
            FieldError("officer", _("your administration's quota of %(quota)s is used up") % {"quota": quota})
        )
    if not isinstance(priority, int) or not 1 <= priority <= 99:
        errors.append(FieldError("priority", _("between 1 and 99")))
    if errors:
        raise DomainError(_("Nomination refused"), errors, code="nomination.refused")
    nomination = Nomination.objects.create(
        event=event,
        administration_id=officer.administration_id,
        officer=officer,
        priority=priority,
        motivation=motivation.strip(),
        nominated_by_id=actor.user_id,
    )
    audit(actor, "create", nomination)
    return nomination


def _lock(nomination: Nomination) -> Nomination:
    return Nomination.objects.select_for_update().select_related("event").get(pk=nomination.pk)


def _set_state(
    actor: Actor, nomination: Nomination, state: str, waitlist_position: int | None = None
) -> Nomination:
    audited_update(
        actor=actor.user,
        instance=nomination,
        changes={"state": state, "waitlist_position": waitlist_position, "decided_by": actor.user},
    )
    return nomination


def _refuse(nomination: Nomination, allowed: Sequence[str]) -> DomainError:
    return DomainError(
        _("Not allowed at this state"),
        [
            FieldError(
                "state",
                _("is %(state)s; needs one of %(allowed)s")
                % {
                    "state": nomination.get_state_display().lower(),
                    "allowed": ", ".join(str(State(s).label).lower() for s in allowed),
                },
            )
        ],
        409,
        code="nomination.state_not_allowed",
    )


@transaction.atomic
def nomination_select(*, actor: Actor | UserLike, nomination: Nomination) -> Nomination:
    """The regional coordinator gives a nominee a seat (from the nominations or the waiting list)."""
    actor = actor_for(actor)
    nomination = _lock(nomination)
    require_regional(actor, nomination.event.region_id)
    event = locked_event(nomination.event)
    if nomination.state not in (State.NOMINATED, State.WAITLISTED):
        raise _refuse(nomination, (State.NOMINATED, State.WAITLISTED))
    taken = Nomination.objects.filter(event=event, state=State.SELECTED).count()
    if taken >= event.seats:
        raise DomainError(
            _("The event is full"),
            [
                FieldError(
                    "seats",
                    _("all %(seats)s seats are taken; put the nominee on the waiting list")
                    % {"seats": event.seats},
                )
            ],
            409,
            code="event.full",
        )
    return _set_state(actor, nomination, State.SELECTED)


@transaction.atomic
def nomination_waitlist(*, actor: Actor | UserLike, nomination: Nomination) -> Nomination:
    actor = actor_for(actor)
    nomination = _lock(nomination)
    require_regional(actor, nomination.event.region_id)
    if nomination.state != State.NOMINATED:
        raise _refuse(nomination, (State.NOMINATED,))
    locked_event(nomination.event)
    last = Nomination.objects.filter(event=nomination.event).aggregate(m=Max("waitlist_position"))["m"] or 0
    return _set_state(actor, nomination, State.WAITLISTED, last + 1)


@transaction.atomic
def nomination_decline(*, actor: Actor | UserLike, nomination: Nomination) -> Nomination:
    actor = actor_for(actor)
    nomination = _lock(nomination)
    require_regional(actor, nomination.event.region_id)
    if nomination.state not in (State.NOMINATED, State.WAITLISTED):
        raise _refuse(nomination, (State.NOMINATED, State.WAITLISTED))
    return _set_state(actor, nomination, State.NOT_SELECTED)


@transaction.atomic
def nomination_withdraw(*, actor: Actor | UserLike, nomination: Nomination) -> Nomination:
    """The focal point withdraws a nominee; a freed seat goes to the head of the waiting list."""
    actor = actor_for(actor)
    nomination = _lock(nomination)
    require_role(user=actor, administration_id=nomination.administration_id, roles=MANAGERS)
    if nomination.state not in ACTIVE:
        raise _refuse(nomination, ACTIVE)
    event = locked_event(nomination.event)
    freed = nomination.state == State.SELECTED
    _set_state(actor, nomination, State.WITHDRAWN)
    if freed:
        head = (
            Nomination.objects.filter(event=event, state=State.WAITLISTED)
            .order_by("waitlist_position")
            .first()
        )
        if head is not None:
            _set_state(actor, head, State.SELECTED)
    return nomination


@transaction.atomic
def selection_close(*, actor: Actor | UserLike, event: Event) -> Event:
    """End the selection: nominees neither selected nor waitlisted are not selected."""
    actor = actor_for(actor)
    require_regional(actor, event.region_id)
    event = locked_event(event)
    for nomination in Nomination.objects.filter(event=event, state=State.NOMINATED):
        _set_state(actor, nomination, State.NOT_SELECTED)
    audited_update(
        actor=actor.user,
        instance=event,
        changes={"status": Event.Status.SELECTION_CLOSED},
        region_id=event.region_id,
    )
    return event


@transaction.atomic
def attendance_record(*, actor: Actor | UserLike, nomination: Nomination, attended: bool) -> Nomination:
    """Mark a selected participant as attended (which gives them a certificate number)."""
    actor = actor_for(actor)
    nomination = _lock(nomination)
    require_regional(actor, nomination.event.region_id)
    if nomination.state != State.SELECTED:
        raise _refuse(nomination, (State.SELECTED,))
    number = nomination.certificate_number
    if attended and number is None:
        number = uuid.uuid4()
    audited_update(
        actor=actor.user, instance=nomination, changes={"attended": attended, "certificate_number": number}
    )
    return nomination
