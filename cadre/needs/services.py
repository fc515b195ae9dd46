"""Run the gap engine into snapshots, and change the engine's weights; all audited."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.core.audit import audit_record, snapshot
from cadre.core.errors import DomainError, FieldError
from cadre.needs.engine import Weights, compute_gaps, dimension_labels
from cadre.needs.models import GapSnapshot, GapSnapshotData, NeedsSettings
from cadre.needs.store import pack_result
from cadre.tenancy.access import MANAGERS, require_role
from cadre.tenancy.models import Administration


def needs_settings_for(*, administration: Administration) -> NeedsSettings:
    """The administration's weights, or the defaults (unsaved) when it never set any."""
    found = NeedsSettings.objects.filter(administration=administration).first()
    return found or NeedsSettings(administration=administration)


@transaction.atomic
def needs_settings_update(
    *,
    actor: Any,
    administration: Administration,
    weight_gap: float,
    weight_criticality: float,
    weight_strategy: float,
    relevance_mode: str,
) -> NeedsSettings:
    """Set the priority-score weights; each must be a number from 0 to 100."""
    require_role(user=actor, administration_id=administration.pk, roles=MANAGERS)
    errors: list[FieldError] = []
    for name, value in (
        ("weight_gap", weight_gap),
        ("weight_criticality", weight_criticality),
        ("weight_strategy", weight_strategy),
    ):
        if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
            errors.append(FieldError(name, _("a number is required")))
        elif not 0 <= value <= 100:
            errors.append(FieldError(name, _("must be between 0 and 100")))
    if relevance_mode not in NeedsSettings.RelevanceMode.values:
        errors.append(FieldError("relevance_mode", _("must be sum or max")))
    if errors:
        raise DomainError(_("Settings not saved"), errors)
    row = needs_settings_for(administration=administration)
    before = snapshot(row) if row.pk else None
    row.weight_gap, row.weight_criticality, row.weight_strategy = (
        weight_gap,
        weight_criticality,
        weight_strategy,
    )
    row.relevance_mode = relevance_mode
    row.save()
    audit_record(
        actor=actor, action="update" if before else "create", instance=row, before=before, after=snapshot(row)
    )
    return row


def _weights(administration: Administration) -> Weights:
    s = needs_settings_for(administration=administration)
    return Weights(s.weight_gap, s.weight_criticality, s.weight_strategy, s.relevance_mode)


@transaction.atomic
def gap_snapshot_request(
    *, actor: Any, administration: Administration, background: bool = True
) -> GapSnapshot:
    """Queue a run of the engine; the background task starts after the transaction commits."""
    if actor is not None:
        require_role(user=actor, administration_id=administration.pk, roles=MANAGERS)
    row = GapSnapshot.objects.create(
        administration=administration,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        status=GapSnapshot.Status.QUEUED,
    )
    audit_record(
        actor=actor, action="create", instance=row, after=snapshot(row, ["administration", "status"])
    )
    if background:
        from cadre.needs.tasks import run_gap_snapshot

        transaction.on_commit(lambda: run_gap_snapshot.enqueue(snapshot_id=row.pk))
    return row


def gap_snapshot_run(*, snapshot_row: GapSnapshot, as_of: dt.date | None = None) -> GapSnapshot:
    """Compute a queued snapshot: engine, compact storage, totals; a failure is recorded, not raised."""
    as_of = as_of or timezone.localdate()
    pk = snapshot_row.pk

    def progress(pct: int) -> None:
        GapSnapshot.objects.filter(pk=pk).update(progress=min(pct, 99))

    GapSnapshot.objects.filter(pk=pk).update(status=GapSnapshot.Status.RUNNING, progress=1)
    try:
        administration = snapshot_row.administration
        result = compute_gaps(
            administration_id=administration.pk,
            as_of=as_of,
            weights=_weights(administration),
            progress=progress,
        )
        aggregates, officer_rows = pack_result(result)
        labels = dimension_labels(result)
        with transaction.atomic():
            GapSnapshotData.objects.update_or_create(
                snapshot_id=pk,
                defaults={"dimensions": labels, "aggregates": aggregates, "officer_rows": officer_rows},
            )
            GapSnapshot.objects.filter(pk=pk).update(
                status=GapSnapshot.Status.DONE,
                progress=100,
                parameters=result.parameters,
                totals=result.totals(),
                finished_at=timezone.now(),
            )
    except Exception as exc:  # the run's failure is shown on the snapshot page, never lost
        GapSnapshot.objects.filter(pk=pk).update(
            status=GapSnapshot.Status.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
    snapshot_row.refresh_from_db()
    return snapshot_row


def gap_snapshot_create(
    *, actor: Any, administration: Administration, as_of: dt.date | None = None
) -> GapSnapshot:
    """Run the engine now, in this request or script, and return the finished snapshot."""
    row = gap_snapshot_request(actor=actor, administration=administration, background=False)
    return gap_snapshot_run(snapshot_row=row, as_of=as_of)
