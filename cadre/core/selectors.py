"""Read the audit log, always scoped to the caller."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from cadre.core.models import AuditEvent
from cadre.tenancy.access import MANAGERS, access_for
from cadre.tenancy.types import Role

AUDIT_REGIONAL_ROLES = frozenset({Role.REGIONAL_ADMIN})


def audit_viewable_by(*, user: Any) -> bool:
    """Whether the user may open the audit log at all (managers, admins, regional admins)."""
    access = access_for(user)
    return bool(access.administration_ids(MANAGERS) or access.region_ids(AUDIT_REGIONAL_ROLES))


def audit_day_start(day: dt.date) -> dt.datetime:
    """Midnight of ``day`` in the active time zone (the administration's, set by the middleware)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min), timezone.get_current_timezone())


def audit_events_for_user(
    *,
    user: Any,
    entity_type: str = "",
    actor: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """Events of administrations the user manages, plus their region's own events for regional admins.

    ``since`` and ``until`` are inclusive calendar days in the active time zone.
    """
    access = access_for(user)
    events = AuditEvent.objects.filter(
        Q(administration_id__in=access.administration_ids(MANAGERS))
        | Q(administration__isnull=True, region_id__in=access.region_ids(AUDIT_REGIONAL_ROLES))
    ).select_related("administration", "region")
    if entity_type:
        events = events.filter(entity_type=entity_type)
    if actor:
        events = events.filter(actor_name__iexact=actor.strip())
    if since is not None:
        events = events.filter(at__gte=audit_day_start(since))
    if until is not None:
        events = events.filter(at__lt=audit_day_start(until + dt.timedelta(days=1)))
    return events


def audit_entity_types_for_user(*, user: Any) -> list[str]:
    """The entity types present in the caller's audit log, for the filter menu."""
    return sorted(set(audit_events_for_user(user=user).order_by().values_list("entity_type", flat=True)))
