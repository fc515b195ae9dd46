"""Preview and apply an officer import: the two services the import page and the API call."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.core.audit import audit_record_many, snapshot
from cadre.core.errors import DomainError, FieldError
from cadre.core.models import AuditEvent
from cadre.people.imports.files import Limits, read_sheet
from cadre.people.imports.plan import ImportPlan, PlannedRow, Reference, build_plan
from cadre.people.models import Officer
from cadre.people.search import officer_keys_fill
from cadre.tenancy.access import MANAGERS, require_role
from cadre.tenancy.models import Administration

BATCH = 500


def officer_import_preview(
    *, actor: Any, administration: Administration, filename: str, content: bytes
) -> ImportPlan:
    """Say what importing the file would create, update and refuse; store nothing.

    A file that cannot be read at all raises ``DomainError`` (field ``file`` or ``header``); problems in
    rows are listed in ``plan.errors``.
    """
    require_role(user=actor, administration_id=administration.pk, roles=MANAGERS)
    sheet = read_sheet(filename=filename, content=content, limits=Limits.from_settings())
    plan, _rows = build_plan(sheet=sheet, ref=Reference.load(administration))
    return plan


def officer_import_apply(
    *, actor: Any, administration: Administration, filename: str, content: bytes
) -> ImportPlan:
    """Validate the file again and apply it all or nothing; any bad row raises ``DomainError``."""
    require_role(user=actor, administration_id=administration.pk, roles=MANAGERS)
    sheet = read_sheet(filename=filename, content=content, limits=Limits.from_settings())
    try:
        with transaction.atomic():
            # One import at a time per administration: the plan is validated against what it will change.
            list(Administration.objects.select_for_update().filter(pk=administration.pk).values_list("pk"))
            ref = Reference.load(administration)
            plan, rows = build_plan(sheet=sheet, ref=ref)
            if plan.errors:
                raise plan.as_domain_error()
            _store(actor=actor, administration=administration, ref=ref, rows=rows)
            if plan.creates or plan.updates:
                # A bulk change of the workforce: refresh the needs picture in the background
                # (the task is enqueued only once this transaction commits).
                from cadre.needs.services import gap_snapshot_request

                gap_snapshot_request(actor=None, administration=administration)
    except IntegrityError as exc:
        raise DomainError(
            _("Import not applied: officers changed while importing; nothing was stored. Try again."),
            [FieldError("file", str(exc)[:200])],
            status=409,
        ) from exc
    return plan


def _store(*, actor: Any, administration: Administration, ref: Reference, rows: list[PlannedRow]) -> None:
    creates = [r for r in rows if r.existing is None]
    updates = [r for r in rows if r.existing is not None]

    id_of = {number: o.pk for number, o in ref.officers.items()}
    new: list[Officer] = []
    # Insert in waves so every supervisor exists before the officers who report to them: each officer
    # is written once, final, with no second pass to link supervisors.
    for wave in _waves(creates):
        batch = [
            Officer(
                administration=administration,
                employee_number=r.employee_number,
                given_name=r.values["given_name"],
                family_name=r.values["family_name"],
                given_name_reading=r.values["given_name_reading"],
                family_name_reading=r.values["family_name_reading"],
                email=r.values["email"],
                org_unit=ref.units[r.values["org_unit"]],
                position=ref.positions[r.values["position"]] if r.values["position"] else None,
                grade=r.values["grade"],
                service_start=r.values["service_start"],
                languages=r.values["languages"],
                supervisor_id=id_of[r.values["supervisor"]] if r.values["supervisor"] else None,
                active=r.values["active"],
            )
            for r in wave
        ]
        for officer in batch:
            officer_keys_fill(officer)
        Officer.objects.bulk_create(batch, batch_size=BATCH)
        id_of.update({o.employee_number: o.pk for o in batch})
        new.extend(batch)

    now = timezone.now()
    changed: list[tuple[Officer, dict[str, Any]]] = []
    fields: set[str] = {"updated_at"}
    for row in updates:
        officer = ref.officers[row.employee_number]
        before = snapshot(officer)
        for name, (_old, value) in row.changes.items():
            if name == "org_unit":
                officer.org_unit = ref.units[value]
            elif name == "position":
                officer.position = ref.positions[value] if value else None
            elif name == "supervisor":
                officer.supervisor_id = id_of[value] if value else None
            else:
                setattr(officer, name, value)
            fields.add(name)
        officer.updated_at = now
        keys = (officer.search_key, officer.reading_key)
        officer_keys_fill(officer)
        if keys != (officer.search_key, officer.reading_key):
            fields.update({"search_key", "reading_key"})
        changed.append((officer, before))
    Officer.objects.bulk_update([o for o, _b in changed], sorted(fields), batch_size=BATCH)

    audit_record_many(
        actor=actor, action=AuditEvent.Action.CREATE, changes=((o, None, snapshot(o)) for o in new)
    )
    audit_record_many(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        changes=((o, before, snapshot(o)) for o, before in changed),
    )


def _waves(creates: list[PlannedRow]) -> list[list[PlannedRow]]:
    """Group new officers by how many new supervisors stand above them (validation excluded loops)."""
    by_number = {r.employee_number: r for r in creates}
    depth: dict[str, int] = {}
    for row in creates:
        walk: list[str] = []
        number: str | None = row.employee_number
        while number in by_number and number not in depth and number not in walk:
            walk.append(number)
            number = by_number[number].values["supervisor"]
        base = depth.get(number, -1) if number is not None else -1
        for offset, walked in enumerate(reversed(walk), start=1):
            depth[walked] = base + offset
    waves: list[list[PlannedRow]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for row in creates:
        waves[depth[row.employee_number]].append(row)
    return waves
