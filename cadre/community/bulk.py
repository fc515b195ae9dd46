"""The regional coordinator decides many nominations of an event's call at once.

Each nomination goes through the single decision (``services.nomination_select`` and its
siblings: the state machine and the event's seats) in its own savepoint inside one transaction,
audited per item, in the order the focal points gave (priority, then the earliest nomination).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cadre.community import services
from cadre.community.models import Event, Nomination
from cadre.community.selectors import is_coordinator_of
from cadre.core.bulk import BULK_MAX_ITEMS, BulkItem, BulkSummary, bulk_item
from cadre.core.errors import DomainError, FieldError, invalid


class NominationAction(StrEnum):
    SELECT = "select"
    WAITLIST = "waitlist"
    DECLINE = "decline"


_SINGLE = {
    NominationAction.SELECT: services.nomination_select,
    NominationAction.WAITLIST: services.nomination_waitlist,
    NominationAction.DECLINE: services.nomination_decline,
}


def _item(nomination: Nomination, outcome: str) -> BulkItem:
    officer = nomination.officer
    return BulkItem(
        item_id=nomination.pk,
        who=f"{officer.full_name} ({officer.employee_number}) · {nomination.administration.name}",
        what=str(nomination.event),
        outcome=outcome,
    )


@transaction.atomic
def nominations_bulk_decide(
    *,
    actor: Any,
    event: Event,
    action: str,
    ids: Sequence[int] = (),
    state: str = "",
) -> BulkSummary:
    """Select, waitlist or decline the listed nominations of the event, or all of them in ``state``."""
    if not is_coordinator_of(user=actor, region_id=event.region_id):
        raise DomainError(
            _("Not found"), [FieldError("event", _("not found"))], status=404, code="event.not_found"
        )
    if action not in NominationAction.__members__.values():
        raise invalid(
            "action", _("unknown action"), _("Nothing was changed"), code="nomination_bulk.action_unknown"
        )
    run = _SINGLE[NominationAction(action)]
    qs = (
        Nomination.objects.filter(event=event)
        .select_related("officer", "administration", "event")
        .order_by("priority", "created_at", "pk")
    )
    if state:
        if state not in Nomination.State.values:
            raise invalid(
                "state", _("unknown state"), _("Nothing was changed"), code="nomination_bulk.state_unknown"
            )
        items = list(qs.filter(state=state)[: BULK_MAX_ITEMS + 1])
    else:
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            raise invalid(
                "ids",
                _("choose at least one nomination"),
                _("Nothing was changed"),
                code="nomination_bulk.empty",
            )
        items = list(qs.filter(pk__in=wanted[: BULK_MAX_ITEMS + 1]))
        if len(items) != len(wanted):
            # an id of another event or region, or none: refused whole, as for a missing object
            raise DomainError(
                _("Not found"), [FieldError("ids", _("not found"))], status=404, code="nomination.not_found"
            )
    if len(items) > BULK_MAX_ITEMS:
        raise invalid(
            "ids",
            _("at most %(max)s at once") % {"max": BULK_MAX_ITEMS},
            _("Nothing was changed"),
            code="nomination_bulk.too_many",
        )
    summary = BulkSummary(action=action)
    for nomination in items:
        with bulk_item(summary, lambda why, n=nomination: _item(n, why)):  # type: ignore[misc]
            decided = run(actor=actor, nomination=nomination)
            label = decided.get_state_display()
            if decided.waitlist_position:
                label = f"{label} #{decided.waitlist_position}"
            summary.done.append(_item(nomination, label))
    return summary
