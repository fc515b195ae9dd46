"""Write officers and positions; every change is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cadre.core.audit import audit_record, snapshot
from cadre.core.errors import DomainError, FieldError
from cadre.people.models import Officer, Position
from cadre.tenancy.models import Administration, OrgUnit

OFFICER_FIELDS = (
    "employee_number",
    "given_name",
    "family_name",
    "given_name_reading",
    "family_name_reading",
    "email",
    "org_unit",
    "position",
    "grade",
    "service_start",
    "languages",
    "supervisor",
    "active",
)


REQUIRED_FIELDS = ("employee_number", "given_name", "family_name")


def _trimmed(data: dict[str, Any]) -> dict[str, Any]:
    """Strip the identifying strings, so " E1 " cannot slip past the duplicate check as a new number."""
    return {k: v.strip() if k in REQUIRED_FIELDS and isinstance(v, str) else v for k, v in data.items()}


def _check_officer(*, administration: Administration, data: dict[str, Any], instance: Officer | None) -> None:
    errors: list[FieldError] = []
    for name in REQUIRED_FIELDS:
        if name in data and not str(data[name] or "").strip():
            errors.append(FieldError(name, _("required")))
    unit = data.get("org_unit")
    if "org_unit" in data and unit is None:
        errors.append(FieldError("org_unit", _("required")))
    if unit is not None and unit.administration_id != administration.pk:
        errors.append(FieldError("org_unit", _("belongs to another administration")))
    position = data.get("position")
    if position is not None and position.administration_id != administration.pk:
        errors.append(FieldError("position", _("belongs to another administration")))
    supervisor = data.get("supervisor")
    if supervisor is not None:
        if supervisor.administration_id != administration.pk:
            errors.append(FieldError("supervisor", _("belongs to another administration")))
        elif instance is not None and supervisor.pk == instance.pk:
            errors.append(FieldError("supervisor", _("an officer cannot supervise themself")))
    languages = data.get("languages")
    if languages is not None and (
        not isinstance(languages, list) or not all(isinstance(x, str) and 2 <= len(x) <= 8 for x in languages)
    ):
        errors.append(FieldError("languages", _("a list of language codes such as ['en', 'ja']")))
    start = data.get("service_start")
    if start is not None and not isinstance(start, dt.date):
        errors.append(FieldError("service_start", _("a date")))
    number = str(data.get("employee_number") or "").strip()
    if number:
        clash = Officer.objects.filter(administration=administration, employee_number=number)
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            errors.append(FieldError("employee_number", _("already used in this administration")))
    if errors:
        raise DomainError(_("Officer not saved"), errors)


@transaction.atomic
def officer_create(
    *, actor: Any, administration: Administration, org_unit: OrgUnit, **fields: Any
) -> Officer:
    data = _trimmed({k: v for k, v in fields.items() if k in OFFICER_FIELDS})
    data["org_unit"] = org_unit
    for name in REQUIRED_FIELDS:
        data.setdefault(name, "")
    _check_officer(administration=administration, data=data, instance=None)
    officer = Officer.objects.create(administration=administration, **data)
    audit_record(actor=actor, action="create", instance=officer, after=snapshot(officer))
    return officer


@transaction.atomic
def officer_update(*, actor: Any, officer: Officer, **fields: Any) -> Officer:
    unknown = set(fields) - set(OFFICER_FIELDS)
    if unknown:
        raise DomainError(
            _("Officer not saved"),
            [FieldError(name, _("not a field of an officer")) for name in sorted(unknown)],
        )
    fields = _trimmed(fields)
    _check_officer(administration=officer.administration, data=fields, instance=officer)
    before = snapshot(officer)
    for name, value in fields.items():
        setattr(officer, name, value)
    officer.save(update_fields=[*fields.keys(), "updated_at"] if fields else None)
    audit_record(actor=actor, action="update", instance=officer, before=before, after=snapshot(officer))
    return officer


@transaction.atomic
def position_create(
    *, actor: Any, administration: Administration, code: str, title: str, description: str = ""
) -> Position:
    errors = []
    if not code.strip():
        errors.append(FieldError("code", _("required")))
    if not title.strip():
        errors.append(FieldError("title", _("required")))
    if Position.objects.filter(administration=administration, code=code.strip()).exists():
        errors.append(FieldError("code", _("already used in this administration")))
    if errors:
        raise DomainError(_("Position not created"), errors)
    position = Position.objects.create(
        administration=administration, code=code.strip(), title=title.strip(), description=description
    )
    audit_record(actor=actor, action="create", instance=position, after=snapshot(position))
    return position
