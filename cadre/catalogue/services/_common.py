"""What every catalogue service shares: the editor check and the audit call."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import Http404

from cadre.catalogue.selectors import may_edit_owner
from cadre.core.audit import audit_record, snapshot


def snap(instance: models.Model) -> dict[str, Any]:
    """``snapshot`` with stored files as their storage names (a FieldFile is not JSON)."""
    return {k: (v.name or "" if isinstance(v, FieldFile) else v) for k, v in snapshot(instance).items()}


def owner_ids(item: Any) -> dict[str, int | None]:
    """The administration or region that owns an item (a course, module or legal instrument)."""
    return {"administration_id": item.administration_id, "region_id": item.region_id}


def require_editor(*, actor: Any, item: Any) -> None:
    """Refuse, as a 404, a change to content the actor may not edit."""
    if not may_edit_owner(user=actor, administration_id=item.administration_id, region_id=item.region_id):
        raise Http404("Not found")


def audit(
    *,
    actor: Any,
    action: str,
    instance: models.Model,
    owner: Any,
    before: dict[str, Any] | None = None,
) -> None:
    """Record a change of ``instance``, filed under its owner (an administration or the region)."""
    after = None if action == "delete" else snap(instance)
    audit_record(
        actor=actor, action=action, instance=instance, before=before, after=after, **owner_ids(owner)
    )
