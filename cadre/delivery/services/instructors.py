"""Write instructors, their qualifications and availability; every change is audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cadre.competencies.models import Competency
from cadre.competencies.selectors import competencies_for_administration
from cadre.core.audit import audit_record, snapshot
from cadre.core.errors import DomainError, FieldError, invalid
from cadre.delivery.models import (
    Instructor,
    InstructorAvailability,
    InstructorQualification,
)
from cadre.people.models import Officer
from cadre.tenancy.access import MANAGERS, require_role
from cadre.tenancy.models import Administration


@dataclass(frozen=True)
class QualificationInput:
    """A qualification code, or a competency with the level up to which the instructor teaches it."""

    code: str = ""
    competency: Competency | None = None
    level: int | None = None


def _check_instructor(
    *, administration: Administration, kind: str, officer: Officer | None, name: str, max_days: int
) -> list[FieldError]:
    errors: list[FieldError] = []
    if kind not in Instructor.Kind.values:
        errors.append(
            FieldError(
                "kind", _("must be one of %(choices)s") % {"choices": ", ".join(Instructor.Kind.values)}
            )
        )
    if kind == Instructor.Kind.OFFICER:
        if officer is None:
            errors.append(FieldError("officer", _("an officer instructor needs an officer")))
        elif officer.administration_id != administration.pk:
            errors.append(FieldError("officer", _("not found")))
        elif Instructor.objects.filter(administration=administration, officer=officer).exists():
            errors.append(FieldError("officer", _("is already an instructor")))
    elif not name.strip():
        errors.append(FieldError("name", _("an external or regional expert needs a name")))
    if not 0 <= max_days <= 366:
        errors.append(FieldError("max_days_per_year", _("must be between 0 and 366")))
    return errors


def _check_qualifications(
    *, administration: Administration, qualifications: Sequence[QualificationInput]
) -> list[FieldError]:
    errors: list[FieldError] = []
    allowed = set(
        competencies_for_administration(administration_id=administration.pk).values_list("pk", flat=True)
    )
    seen: set[Any] = set()
    for i, q in enumerate(qualifications):
        field = f"qualifications[{i}]"
        if bool(q.code.strip()) == (q.competency is not None):
            errors.append(
                FieldError(field, _("give either a qualification code or a competency with a level"))
            )
            continue
        if q.competency is not None:
            if q.competency.pk not in allowed:
                errors.append(
                    FieldError(f"{field}.competency", _("not in a framework this administration uses"))
                )
            max_level = q.competency.framework.scale.max_level
            if q.level is None or not 1 <= q.level <= max_level:
                errors.append(
                    FieldError(f"{field}.level", _("must be between 1 and %(max)s") % {"max": max_level})
                )
        key = q.code.strip() or (q.competency.pk if q.competency else None)
        if key in seen:
            errors.append(FieldError(field, _("listed twice")))
        seen.add(key)
    return errors


@transaction.atomic
def instructor_create(
    *,
    actor: Any,
    administration: Administration,
    kind: str = Instructor.Kind.OFFICER,
    officer: Officer | None = None,
    name: str = "",
    organisation: str = "",
    email: str = "",
    max_days_per_year: int = 60,
    qualifications: Sequence[QualificationInput] = (),
) -> Instructor:
    """Register an instructor with their qualifications."""
    require_role(user=actor, administration_id=administration.pk, roles=MANAGERS)
    errors = _check_instructor(
        administration=administration, kind=kind, officer=officer, name=name, max_days=max_days_per_year
    )
    errors += _check_qualifications(administration=administration, qualifications=qualifications)
    if errors:
        raise DomainError(_("Instructor not saved"), errors)
    instructor = Instructor.objects.create(
        administration=administration,
        kind=kind,
        officer=officer if kind == Instructor.Kind.OFFICER else None,
        name=name.strip(),
        organisation=organisation.strip(),
        email=email.strip(),
        max_days_per_year=max_days_per_year,
    )
    _save_qualifications(instructor, qualifications)
    audit_record(actor=actor, action="create", instance=instructor, after=snapshot(instructor))
    return instructor


def _save_qualifications(instructor: Instructor, qualifications: Iterable[QualificationInput]) -> None:
    InstructorQualification.objects.bulk_create(
        InstructorQualification(
            instructor=instructor,
            code=q.code.strip(),
            competency=q.competency,
            level=q.level if q.competency is not None else None,
        )
        for q in qualifications
    )


@transaction.atomic
def instructor_update(
    *,
    actor: Any,
    instructor: Instructor,
    qualifications: Sequence[QualificationInput] | None = None,
    **fields: Any,
) -> Instructor:
    """Change an instructor's details; ``qualifications``, when given, replaces the whole list."""
    require_role(user=actor, administration_id=instructor.administration_id, roles=MANAGERS)
    allowed = {"name", "organisation", "email", "max_days_per_year", "active"}
    unknown = set(fields) - allowed
    if unknown:
        raise invalid(sorted(unknown)[0], _("cannot be changed"))
    errors: list[FieldError] = []
    if "max_days_per_year" in fields and not 0 <= int(fields["max_days_per_year"]) <= 366:
        errors.append(FieldError("max_days_per_year", _("must be between 0 and 366")))
    if instructor.kind != Instructor.Kind.OFFICER and "name" in fields and not str(fields["name"]).strip():
        errors.append(FieldError("name", _("an external or regional expert needs a name")))
    if qualifications is not None:
        errors += _check_qualifications(
            administration=instructor.administration, qualifications=qualifications
        )
    if errors:
        raise DomainError(_("Instructor not saved"), errors)
    before = snapshot(instructor)
    for name, value in fields.items():
        setattr(instructor, name, value.strip() if isinstance(value, str) else value)
    if fields:
        instructor.save(update_fields=list(fields))
    if qualifications is not None:
        instructor.qualifications.all().delete()
        _save_qualifications(instructor, qualifications)
    audit_record(actor=actor, action="update", instance=instructor, before=before, after=snapshot(instructor))
    return instructor


@transaction.atomic
def instructor_availability_add(
    *,
    actor: Any,
    instructor: Instructor,
    starts_on: dt.date,
    ends_on: dt.date,
    available: bool,
    note: str = "",
) -> InstructorAvailability:
    require_role(user=actor, administration_id=instructor.administration_id, roles=MANAGERS)
    if ends_on < starts_on:
        raise invalid("ends_on", _("is before the start date"), _("Availability not saved"))
    row = InstructorAvailability.objects.create(
        instructor=instructor, starts_on=starts_on, ends_on=ends_on, available=available, note=note.strip()
    )
    audit_record(
        actor=actor,
        action="create",
        instance=row,
        after=snapshot(row),
        administration_id=instructor.administration_id,
    )
    return row
