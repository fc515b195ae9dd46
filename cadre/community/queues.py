"""What waits for a regional coordinator in the community: selectors behind the home work queue."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet

from cadre.community.models import Event, MissionRequest
from cadre.community.selectors import ACTIVE, missions_visible_to
from cadre.tenancy.access import access_for
from cadre.tenancy.types import REGIONAL_ROLES


def calls_closing(*, user: Any, today: dt.date) -> QuerySet[Event]:
    """Events of the caller's regions whose call for nominations is still open, closing soonest first.

    Each row carries ``nominated`` (active nominations) and ``administrations_nominating``.
    """
    regions = access_for(user).region_ids(REGIONAL_ROLES)
    active = Q(nominations__state__in=ACTIVE)
    return (
        Event.objects.filter(
            region_id__in=regions, status=Event.Status.NOMINATIONS_OPEN, call__closes_on__gte=today
        )
        .select_related("call")
        .annotate(
            nominated=Count("nominations", filter=active),
            administrations_nominating=Count("nominations__administration", filter=active, distinct=True),
        )
        .order_by("call__closes_on", "starts_on", "pk")
    )


def missions_awaiting_decision(*, user: Any) -> QuerySet[MissionRequest]:
    """Expert mission requests the caller can see that nobody has decided yet, oldest first."""
    return (
        missions_visible_to(user=user)
        .filter(state=MissionRequest.State.REQUESTED)
        .order_by("created_at", "pk")
    )
