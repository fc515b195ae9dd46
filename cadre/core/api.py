"""REST endpoint for the audit log: managers and admins read their administration's history."""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from cadre.core.models import AuditEvent
from cadre.core.selectors import audit_events_for_user

router = Router()


class AuditEventOut(Schema):
    id: int
    administration_id: int | None
    region_id: int | None
    actor_id: int | None
    actor_name: str
    action: str
    entity_type: str = Field(description='App label and model, e.g. "people.officer".')
    entity_id: str
    entity_repr: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    at: dt.datetime


class AuditFilter(Schema):
    entity_type: str = ""
    entity_id: str = ""
    since: dt.date | None = Field(None, description="From this day on (the administration's time zone).")
    until: dt.date | None = Field(None, description="Up to and including this day.")


@router.get("", response=list[AuditEventOut])
@paginate
def audit_list(request: HttpRequest, filters: AuditFilter = Query(...)) -> QuerySet[AuditEvent]:  # type: ignore[type-arg]  # noqa: B008
    """Newest first. Only training managers and admins see an administration's events; others see none."""
    events = audit_events_for_user(
        user=request.user, entity_type=filters.entity_type, since=filters.since, until=filters.until
    )
    return events.filter(entity_id=filters.entity_id) if filters.entity_id else events
