"""Write audit events; the only way rows enter ``AuditEvent``."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models

from cadre.core.models import AuditEvent


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """Return the audited view of a model instance: concrete field values, FKs as ids.

    ``auto_now`` timestamps are left out: they change on every save, so an update that changed
    nothing would otherwise still be logged (the event's own ``at`` says when).
    """
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if getattr(field, "auto_now", False):
            continue
        data[field.attname] = _json_value(getattr(instance, field.attname))
    return data


def diff(
    before: dict[str, Any] | None, after: dict[str, Any] | None
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """Keep only the keys that changed, so the log shows what moved."""
    if before is None or after is None:
        return before, after
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def audit_event_build(
    *,
    actor: Any,
    action: str,
    instance: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    administration_id: int | None = None,
    region_id: int | None = None,
) -> AuditEvent | None:
    """Build (unsaved) the event for one change; None for an update that changed nothing."""
    if action == AuditEvent.Action.UPDATE:
        before, after = diff(before, after)
        if not after:
            return None
    if administration_id is None:
        administration_id = getattr(instance, "administration_id", None)
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent(
        administration_id=administration_id,
        region_id=region_id,
        actor=user,
        actor_name=(user.get_username() if user else "system"),
        action=action,
        entity_type=instance._meta.label_lower,
        entity_id=str(instance.pk),
        entity_repr=str(instance)[:300],
        before=before,
        after=after,
    )


def audit_record(
    *,
    actor: Any,
    action: str,
    instance: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    administration_id: int | None = None,
    region_id: int | None = None,
) -> AuditEvent | None:
    """Append one audit event; an update that changed nothing is not recorded."""
    event = audit_event_build(
        actor=actor,
        action=action,
        instance=instance,
        before=before,
        after=after,
        administration_id=administration_id,
        region_id=region_id,
    )
    if event is not None:
        event.save()  # type: ignore[no-untyped-call]
    return event


def audit_record_many(
    *,
    actor: Any,
    action: str,
    changes: Iterable[tuple[models.Model, dict[str, Any] | None, dict[str, Any] | None]],
) -> int:
    """Append the events of a bulk change (instance, before, after) in a few INSERTs; return how many."""
    events = [
        event
        for instance, before, after in changes
        if (
            event := audit_event_build(
                actor=actor, action=action, instance=instance, before=before, after=after
            )
        )
        is not None
    ]
    AuditEvent.objects.bulk_create(events, batch_size=1000)
    return len(events)


def audited_update(
    *,
    actor: Any,
    instance: models.Model,
    changes: dict[str, Any],
    administration_id: int | None = None,
    region_id: int | None = None,
) -> models.Model:
    """Set ``changes`` on ``instance``, save only those fields and append the before/after event."""
    before = snapshot(instance, fields=changes)
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.save(update_fields=list(changes))
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=instance,
        before=before,
        after=snapshot(instance, fields=changes),
        administration_id=administration_id,
        region_id=region_id,
    )
    return instance
