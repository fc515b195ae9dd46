"""KPI values measured per org unit (imported from CSV), for the results level of evaluation."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cadre.core.audit import audit_record_many, snapshot
from cadre.core.errors import DomainError, FieldError
from cadre.evaluation.models import UnitKPIMeasurement
from cadre.evaluation.services._common import require_manager
from cadre.strategy.models import KPI
from cadre.tenancy.access import Actor, UserLike, actor_for
from cadre.tenancy.models import Administration, OrgUnit

MAX_IMPORT_BYTES = 5 * 1024 * 1024


def _measurements_reader(data: bytes) -> csv.DictReader[str]:
    """The rows of a measurements file: at most 5 MB of UTF-8 CSV with the needed columns."""
    if len(data) > MAX_IMPORT_BYTES:
        raise DomainError(
            _("Measurements not imported"),
            [FieldError("file", _("larger than 5 MB"))],
            code="kpi_measurement.file_too_large",
        )
    try:
        reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    except UnicodeDecodeError as exc:
        raise DomainError(
            _("Measurements not imported"),
            [FieldError("file", _("must be UTF-8 text"))],
            code="kpi_measurement.file_not_utf8",
        ) from exc
    needed = {"kpi_id", "unit_code", "measured_on", "value"}
    if not needed <= {c.strip().lower() for c in reader.fieldnames or []}:
        raise DomainError(
            _("Measurements not imported"),
            [FieldError("file", _("columns needed: %(columns)s") % {"columns": ", ".join(sorted(needed))})],
            code="kpi_measurement.columns_missing",
        )
    return reader


@transaction.atomic
def unit_kpi_measurements_import(
    *, actor: Actor | UserLike, administration: Administration, data: bytes
) -> int:
    """Import ``kpi_id,unit_code,measured_on,value`` rows; a repeated (kpi, unit, date) is updated. All or none."""
    actor = actor_for(actor)
    require_manager(actor=actor, administration_id=administration.pk)
    reader = _measurements_reader(data)
    kpis = set(KPI.objects.filter(objective__administration=administration).values_list("pk", flat=True))
    units = dict(OrgUnit.objects.filter(administration=administration).values_list("code", "pk"))
    errors: list[FieldError] = []
    rows: dict[tuple[int, int, dt.date], float] = {}
    for line, raw in enumerate(reader, start=2):
        row = {str(k).strip().lower(): (v or "").strip() for k, v in raw.items() if k is not None}
        try:
            kpi_id = int(row["kpi_id"])
        except ValueError:
            kpi_id = -1
        if kpi_id not in kpis:
            errors.append(FieldError(f"row {line}: kpi_id", _("not a KPI of this administration")))
        unit_id = units.get(row["unit_code"])
        if unit_id is None:
            errors.append(FieldError(f"row {line}: unit_code", _("not an org unit of this administration")))
        try:
            day = dt.date.fromisoformat(row["measured_on"])
        except ValueError:
            errors.append(FieldError(f"row {line}: measured_on", _("must be a date (YYYY-MM-DD)")))
            continue
        try:
            value = float(row["value"])
            if not math.isfinite(value):
                raise ValueError
        except ValueError:
            errors.append(FieldError(f"row {line}: value", _("must be a number")))
            continue
        if unit_id is not None and kpi_id in kpis:
            rows[(kpi_id, unit_id, day)] = value
    if not rows and not errors:
        errors.append(FieldError("file", _("no rows")))
    if errors:
        raise DomainError(_("Measurements not imported"), errors, code="kpi_measurement.rows_invalid")
    existing = {
        (m.kpi_id, m.org_unit_id, m.measured_on): m
        for m in UnitKPIMeasurement.objects.filter(
            administration=administration, kpi_id__in={k for k, _u, _d in rows}
        )
    }
    changes: list[tuple[UnitKPIMeasurement, dict[str, Any] | None, dict[str, Any]]] = []
    for key, value in rows.items():
        row_obj = existing.get(key)
        if row_obj is None:
            row_obj = UnitKPIMeasurement.objects.create(
                administration=administration,
                kpi_id=key[0],
                org_unit_id=key[1],
                measured_on=key[2],
                value=value,
            )
            changes.append((row_obj, None, snapshot(row_obj)))
        elif row_obj.value != value:
            before = snapshot(row_obj)
            row_obj.value = value
            row_obj.save(update_fields=["value"])
            changes.append((row_obj, before, snapshot(row_obj)))
    audit_record_many(actor=actor.user, action="create", changes=changes)
    return len(rows)
