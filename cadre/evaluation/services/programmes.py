"""Programmes (sets of courses evaluated together) and the benefits valued in money for their ROI."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from cadre.catalogue.models import Course
from cadre.core.audit import audit_record, snapshot
from cadre.core.errors import DomainError, FieldError, NotFound
from cadre.evaluation.models import Programme, ProgrammeBenefit
from cadre.evaluation.services._common import require_manager
from cadre.tenancy.access import Actor, UserLike, actor_for

if TYPE_CHECKING:
    from cadre.tenancy.models import Administration


def _programme_errors(
    *,
    administration_id: int,
    name: str,
    period_start: Any,
    period_end: Any,
    course_ids: list[int],
    exclude_pk: int | None = None,
) -> list[FieldError]:
    errors: list[FieldError] = []
    if not name or len(name) > 200:
        errors.append(FieldError("name", _("must have 1 to 200 characters")))
    elif (
        Programme.objects.filter(administration_id=administration_id, name=name)
        .exclude(pk=exclude_pk or 0)
        .exists()
    ):
        errors.append(FieldError("name", _("a programme with this name already exists")))
    if not isinstance(period_start, dt.date):
        errors.append(FieldError("period_start", _("a date is required")))
    if not isinstance(period_end, dt.date):
        errors.append(FieldError("period_end", _("a date is required")))
    elif isinstance(period_start, dt.date) and period_end < period_start:
        errors.append(FieldError("period_end", _("must not be before the start")))
    if not course_ids:
        errors.append(FieldError("courses", _("choose at least one course")))
    else:
        found = Course.objects.filter(pk__in=course_ids, administration_id=administration_id).count()
        if found != len(set(course_ids)):
            errors.append(
                FieldError("courses", _("only this administration's courses can be part of its programme"))
            )
    return errors


@transaction.atomic
def programme_create(
    *,
    actor: Actor | UserLike,
    administration: Administration,
    name: str,
    period_start: dt.date,
    period_end: dt.date,
    course_ids: Iterable[int],
    description: str = "",
) -> Programme:
    actor = actor_for(actor)
    require_manager(actor=actor, administration_id=administration.pk)
    ids = list(course_ids)
    name = name.strip()
    errors = _programme_errors(
        administration_id=administration.pk,
        name=name,
        period_start=period_start,
        period_end=period_end,
        course_ids=ids,
    )
    if errors:
        raise DomainError(_("Programme not saved"), errors, code="programme.invalid")
    programme = Programme.objects.create(
        administration=administration,
        name=name,
        description=description.strip(),
        period_start=period_start,
        period_end=period_end,
    )
    programme.courses.set(ids)
    audit_record(
        actor=actor.user,
        action="create",
        instance=programme,
        after={**snapshot(programme), "courses": sorted(ids)},
    )
    return programme


@transaction.atomic
def programme_update(
    *,
    actor: Actor | UserLike,
    programme: Programme,
    name: str,
    period_start: dt.date,
    period_end: dt.date,
    course_ids: Iterable[int],
    description: str = "",
) -> Programme:
    actor = actor_for(actor)
    require_manager(actor=actor, administration_id=programme.administration_id)
    ids = list(course_ids)
    name = name.strip()
    errors = _programme_errors(
        administration_id=programme.administration_id,
        name=name,
        period_start=period_start,
        period_end=period_end,
        course_ids=ids,
        exclude_pk=programme.pk,
    )
    if errors:
        raise DomainError(_("Programme not saved"), errors, code="programme.invalid")
    before = {**snapshot(programme), "courses": sorted(programme.courses.values_list("pk", flat=True))}
    programme.name, programme.description = name, description.strip()
    programme.period_start, programme.period_end = period_start, period_end
    programme.save(update_fields=["name", "description", "period_start", "period_end"])
    programme.courses.set(ids)
    audit_record(
        actor=actor.user,
        action="update",
        instance=programme,
        before=before,
        after={**snapshot(programme), "courses": sorted(ids)},
    )
    return programme


@transaction.atomic
def programme_benefit_add(
    *, actor: Actor | UserLike, programme: Programme, description: str, amount: Any, basis: str = ""
) -> ProgrammeBenefit:
    actor = actor_for(actor)
    require_manager(actor=actor, administration_id=programme.administration_id)
    errors: list[FieldError] = []
    description = description.strip()
    if not description or len(description) > 300:
        errors.append(FieldError("description", _("must have 1 to 300 characters")))
    try:
        value = Decimal(str(amount).strip())
        if not value.is_finite() or value < 0 or value >= Decimal("1e12"):
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors.append(FieldError("amount", _("must be an amount of 0 or more")))
        value = Decimal(0)
    if errors:
        raise DomainError(_("Benefit not saved"), errors, code="programme_benefit.invalid")
    benefit = ProgrammeBenefit.objects.create(
        programme=programme,
        description=description,
        amount=value.quantize(Decimal("0.01")),
        basis=basis.strip(),
    )
    audit_record(
        actor=actor.user,
        action="create",
        instance=benefit,
        after=snapshot(benefit),
        administration_id=programme.administration_id,
    )
    return benefit


@transaction.atomic
def programme_benefit_remove(*, actor: Actor | UserLike, benefit: ProgrammeBenefit) -> None:
    actor = actor_for(actor)
    programme = benefit.programme
    require_manager(actor=actor, administration_id=programme.administration_id)
    if benefit.programme_id != programme.pk:
        raise NotFound(code="programme_benefit.not_found")
    before = snapshot(benefit)
    audit_record(
        actor=actor.user,
        action="delete",
        instance=benefit,
        before=before,
        administration_id=programme.administration_id,
    )
    benefit.delete()
