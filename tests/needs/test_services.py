"""Snapshot services: stored results, weights from NeedsSettings, failures recorded, audit."""

from __future__ import annotations

import pytest

from cadre.core.errors import DomainError
from cadre.needs import services
from cadre.needs.models import GapSnapshot, NeedsSettings
from cadre.needs.selectors import heatmap, snapshot_aggregates
from cadre.needs.tasks import run_gap_snapshot
from tests.support.errors import NOT_FOUND

pytestmark = pytest.mark.django_db


def test_snapshot_stores_parameters_totals_and_cubes(analysed):
    snap = analysed.a.snapshot
    assert snap.status == GapSnapshot.Status.DONE
    assert snap.progress == 100
    assert snap.totals["officers"] == 4
    assert snap.totals["never_assessed"] == 1
    assert snap.parameters["weights"]["gap"] == 1.0
    agg, dims = snapshot_aggregates(snapshot=snap)
    assert agg.unit_cells.shape == (4, 3, 9)
    assert next(u["name"] for u in dims["units"]) == "Alpha Customs HQ"


def test_weights_come_from_settings(analysed):
    services.needs_settings_update(
        actor=analysed.a.tm,
        administration=analysed.a.administration,
        weight_gap=0,
        weight_criticality=0,
        weight_strategy=0,
        relevance_mode="max",
    )
    snap = services.gap_snapshot_create(actor=analysed.a.tm, administration=analysed.a.administration)
    assert snap.totals["demand"] == 0
    assert snap.totals["gap_sum"] == analysed.a.snapshot.totals["gap_sum"]


def test_settings_validation_names_fields(world):
    with pytest.raises(DomainError) as exc:
        services.needs_settings_update(
            actor=world.a.tm,
            administration=world.a.administration,
            weight_gap=float("inf"),
            weight_criticality=-1,
            weight_strategy=1,
            relevance_mode="avg",
        )
    assert {e.field for e in exc.value.errors} == {"weight_gap", "weight_criticality", "relevance_mode"}
    assert not NeedsSettings.objects.exists()
    with pytest.raises(NOT_FOUND):
        services.needs_settings_update(
            actor=world.b.tm,
            administration=world.a.administration,
            weight_gap=1,
            weight_criticality=1,
            weight_strategy=1,
            relevance_mode="sum",
        )


def test_failure_is_recorded_on_the_snapshot(world, monkeypatch):
    def boom(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "compute_gaps", boom)
    snap = services.gap_snapshot_create(actor=world.a.tm, administration=world.a.administration)
    assert snap.status == GapSnapshot.Status.FAILED
    assert "disk full" in snap.error


def test_task_computes_a_queued_snapshot_once(world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    snap = services.gap_snapshot_request(
        actor=world.a.tm, administration=world.a.administration, background=False
    )
    assert run_gap_snapshot.call(snapshot_id=snap.pk) == "done"
    assert run_gap_snapshot.call(snapshot_id=snap.pk) == "skipped"


def test_heatmap_drill_down_and_unknown_unit(analysed):
    hm = heatmap(snapshot=analysed.a.snapshot, unit_id=analysed.a.bureau.pk)
    assert [r.name for r in hm.rows] == ["Port Customs House", "Airport Customs House"]
    with pytest.raises(NOT_FOUND):
        heatmap(snapshot=analysed.a.snapshot, unit_id=analysed.b.house.pk)
