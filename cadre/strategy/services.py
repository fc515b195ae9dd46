"""Write strategic objectives, KPIs, measurements and objective-competency links; all audited."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, TypeGuard

from django.db import transaction
from django.utils.translation import gettext as _

from cadre.competencies.models import Competency
from cadre.competencies.selectors import competencies_for_administration
from cadre.core.audit import audit_record, snapshot
from cadre.core.errors import DomainError, FieldError
from cadre.strategy.models import KPI, KPIMeasurement, ObjectiveCompetency, StrategicObjective
from cadre.tenancy.access import MANAGERS, require_role
from cadre.tenancy.models import Administration

OBJECTIVE_FIELDS = ("title", "description", "period_start", "period_end", "priority_weight", "owner")


def _finite(value: Any) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_objective(data: dict[str, Any]) -> None:
    errors: list[FieldError] = []
    if not str(data.get("title") or "").strip():
        errors.append(FieldError("title", _("required")))
    start, end = data.get("period_start"), data.get("period_end")
    for name, value in (("period_start", start), ("period_end", end)):
        if not isinstance(value, dt.date):
            errors.append(FieldError(name, _("a date is required")))
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        errors.append(FieldError("period_end", _("must not be before the period start")))
    weight = data.get("priority_weight")
    if not _finite(weight) or not 0 < weight <= 10:
        errors.append(FieldError("priority_weight", _("must be above 0 and at most 10")))
    if errors:
        raise DomainError(_("Objective not saved"), errors)


@transaction.atomic
def objective_create(
    *,
    actor: Any,
    administration: Administration,
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    priority_weight: float = 1.0,
    owner: str = "",
    description: str = "",
) -> StrategicObjective:
    """Create a strategic objective for a period."""
    require_role(user=actor, administration_id=administration.pk, roles=MANAGERS)
    data = {
        "title": title,
        "period_start": period_start,
        "period_end": period_end,
        "priority_weight": priority_weight,
        "owner": owner,
        "description": description,
    }
    _check_objective(data)
    objective = StrategicObjective.objects.create(administration=administration, **data)
    audit_record(actor=actor, action="create", instance=objective, after=snapshot(objective))
    return objective


@transaction.atomic
def objective_update(*, actor: Any, objective: StrategicObjective, **fields: Any) -> StrategicObjective:
    """Change an objective's fields; unknown fields are refused, nothing is saved on error."""
    unknown = set(fields) - set(OBJECTIVE_FIELDS)
    if unknown:
        raise DomainError(
            _("Objective not saved"), [FieldError(n, _("cannot be changed")) for n in sorted(unknown)]
        )
    require_role(user=actor, administration_id=objective.administration_id, roles=MANAGERS)
    data = {name: getattr(objective, name) for name in OBJECTIVE_FIELDS} | fields
    _check_objective(data)
    before = snapshot(objective)
    for name, value in fields.items():
        setattr(objective, name, value)
    objective.save(update_fields=[*fields, "updated_at"])
    audit_record(actor=actor, action="update", instance=objective, before=before, after=snapshot(objective))
    return objective


@transaction.atomic
def kpi_create(
    *, actor: Any, objective: StrategicObjective, name: str, unit: str = "", baseline: float, target: float
) -> KPI:
    """Add a KPI to an objective."""
    require_role(user=actor, administration_id=objective.administration_id, roles=MANAGERS)
    errors: list[FieldError] = []
    if not str(name or "").strip():
        errors.append(FieldError("name", _("required")))
    elif objective.kpis.filter(name=name.strip()).exists():
        errors.append(FieldError("name", _("this objective already has a KPI with this name")))
    for field_name, value in (("baseline", baseline), ("target", target)):
        if not _finite(value):
            errors.append(FieldError(field_name, _("a number is required")))
    if errors:
        raise DomainError(_("KPI not saved"), errors)
    kpi = KPI.objects.create(
        objective=objective, name=name.strip(), unit=unit, baseline=baseline, target=target
    )
    audit_record(
        actor=actor,
        action="create",
        instance=kpi,
        after=snapshot(kpi),
        administration_id=objective.administration_id,
    )
    return kpi


@transaction.atomic
def kpi_measurement_record(
    *, actor: Any, kpi: KPI, measured_on: dt.date, value: float, note: str = ""
) -> KPIMeasurement:
    """Record a KPI value for a date; a second value for the same date replaces the first."""
    administration_id = kpi.objective.administration_id
    require_role(user=actor, administration_id=administration_id, roles=MANAGERS)
    errors: list[FieldError] = []
    if not isinstance(measured_on, dt.date):
        errors.append(FieldError("measured_on", _("a date is required")))
    if not _finite(value):
        errors.append(FieldError("value", _("a number is required")))
    if errors:
        raise DomainError(_("Measurement not saved"), errors)
    existing = kpi.measurements.filter(measured_on=measured_on).first()
    if existing is None:
        row = KPIMeasurement.objects.create(kpi=kpi, measured_on=measured_on, value=value, note=note)
        audit_record(
            actor=actor,
            action="create",
            instance=row,
            after=snapshot(row),
            administration_id=administration_id,
        )
        return row
    before = snapshot(existing)
    existing.value, existing.note = value, note
    existing.save(update_fields=["value", "note"])
    audit_record(
        actor=actor,
        action="update",
        instance=existing,
        before=before,
        after=snapshot(existing),
        administration_id=administration_id,
    )
    return existing


@transaction.atomic
def objective_competency_link(
    *, actor: Any, objective: StrategicObjective, competency: Competency, relevance: float = 1.0
) -> ObjectiveCompetency:
    """Link a competency the administration uses to an objective, or change the link's relevance."""
    require_role(user=actor, administration_id=objective.administration_id, roles=MANAGERS)
    errors: list[FieldError] = []
    usable = competencies_for_administration(administration_id=objective.administration_id)
    if not usable.filter(pk=competency.pk).exists():
        errors.append(FieldError("competency", _("not in a framework this administration uses")))
    if not _finite(relevance) or not 0 < relevance <= 1:
        errors.append(FieldError("relevance", _("must be above 0 and at most 1")))
    if errors:
        raise DomainError(_("Link not saved"), errors)
    link = ObjectiveCompetency.objects.filter(objective=objective, competency=competency).first()
    if link is None:
        link = ObjectiveCompetency.objects.create(
            objective=objective, competency=competency, relevance=relevance
        )
        audit_record(
            actor=actor,
            action="create",
            instance=link,
            after=snapshot(link),
            administration_id=objective.administration_id,
        )
        return link
    before = snapshot(link)
    link.relevance = relevance
    link.save(update_fields=["relevance"])
    audit_record(
        actor=actor,
        action="update",
        instance=link,
        before=before,
        after=snapshot(link),
        administration_id=objective.administration_id,
    )
    return link


@transaction.atomic
def objective_competency_unlink(*, actor: Any, link: ObjectiveCompetency) -> None:
    administration_id = link.objective.administration_id
    require_role(user=actor, administration_id=administration_id, roles=MANAGERS)
    audit_record(
        actor=actor,
        action="delete",
        instance=link,
        before=snapshot(link),
        administration_id=administration_id,
    )
    link.delete()
