"""Read gap snapshots and their aggregates, scoped to the caller.

Managers of an administration read its snapshots and aggregates; officer-level rows are only
ever returned for officers the caller may see (``people.selectors.officers_visible_to``). The
regional view reads aggregates only, suppresses cells from fewer than k officers, and never
touches officer rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404

from cadre.competencies.models import Competency
from cadre.needs.engine import METRICS
from cadre.needs.models import GapSnapshot, GapSnapshotData
from cadre.needs.store import Aggregates, load_aggregates, load_officer_rows
from cadre.people.selectors import officer_for_user, officers_visible_to
from cadre.tenancy.access import MANAGERS, access_for, get_scoped_or_404, scope_to_administrations
from cadre.tenancy.models import Administration
from cadre.tenancy.types import REGIONAL_ROLES


def snapshots_for_user(*, user: Any) -> QuerySet[GapSnapshot]:
    return scope_to_administrations(GapSnapshot.objects.all(), user=user, roles=MANAGERS).select_related(
        "administration", "created_by"
    )


def snapshot_get_for_user(*, user: Any, snapshot_id: int) -> GapSnapshot:
    return get_scoped_or_404(snapshots_for_user(user=user), pk=snapshot_id)


def latest_snapshot(*, administration_id: int) -> GapSnapshot | None:
    return (
        GapSnapshot.objects.filter(administration_id=administration_id, status=GapSnapshot.Status.DONE)
        .order_by("-created_at", "-id")
        .first()
    )


def snapshot_for_page(
    *, user: Any, administration: Administration, snapshot_id: int | None
) -> GapSnapshot | None:
    if snapshot_id is not None:
        snap = snapshot_get_for_user(user=user, snapshot_id=snapshot_id)
        if snap.administration_id != administration.pk or snap.status != GapSnapshot.Status.DONE:
            raise Http404("Not found")
        return snap
    return latest_snapshot(administration_id=administration.pk)


def snapshot_aggregates(*, snapshot: GapSnapshot) -> tuple[Aggregates, dict[str, Any]]:
    """The snapshot's aggregate cubes and the labels of their dimensions (one query, once per object)."""
    cached = getattr(snapshot, "_cadre_aggregates", None)
    if cached is None:
        data = GapSnapshotData.objects.only("dimensions", "aggregates").get(snapshot_id=snapshot.pk)
        cached = (load_aggregates(data.aggregates), data.dimensions)
        snapshot._cadre_aggregates = cached  # type: ignore[attr-defined]
    return cached


def _metrics(row: np.ndarray) -> dict[str, Any]:
    out: dict[str, Any] = {name: float(row[i]) for i, name in enumerate(METRICS)}
    for name in METRICS[:7]:
        out[name] = int(out[name])
    out["mean_gap"] = out["gap_sum"] / out["pairs_assessed"] if out["pairs_assessed"] else None
    return out


@dataclass
class HeatmapCell:
    competency_index: int
    metrics: dict[str, Any]


@dataclass
class HeatmapRow:
    unit_id: int
    name: str
    has_children: bool
    totals: dict[str, Any]
    cells: list[HeatmapCell]


@dataclass
class Heatmap:
    snapshot: GapSnapshot
    unit: dict[str, Any] | None  # the unit drilled into (None: the top)
    breadcrumbs: list[dict[str, Any]]
    competencies: list[dict[str, Any]]
    rows: list[HeatmapRow]
    unit_totals: dict[str, Any] | None = None
    competency_totals: list[dict[str, Any]] = field(default_factory=list)


def heatmap(*, snapshot: GapSnapshot, unit_id: int | None = None) -> Heatmap:
    """Rows: the unit's children (or the roots), each over its subtree; columns: required competencies."""
    agg, dims = snapshot_aggregates(snapshot=snapshot)
    units = dims["units"]
    index = None
    if unit_id is not None:
        index = agg.unit_index(unit_id)
        if index is None:
            raise Http404("Not found")
    elif len(agg.children(None)) == 1:
        index = agg.children(None)[0]  # one headquarters: start from its children
    child_indexes = agg.children(index)
    if index is not None and not child_indexes:
        child_indexes = [index]
    rows = []
    for u in child_indexes:
        rows.append(
            HeatmapRow(
                unit_id=units[u]["id"],
                name=units[u]["name"],
                has_children=bool(agg.children(u)),
                totals=_metrics(agg.unit_rows[u]),
                cells=[
                    HeatmapCell(c, _metrics(agg.unit_cells[u, c])) for c in range(len(agg.competency_ids))
                ],
            )
        )
    crumbs: list[dict[str, Any]] = []
    walk = index
    while walk is not None and walk >= 0:
        crumbs.insert(0, {"id": units[walk]["id"], "name": units[walk]["name"]})
        walk = int(agg.unit_parent[walk]) if agg.unit_parent[walk] >= 0 else None
    if index is not None:
        scope_cells = agg.unit_cells[index]
        totals = _metrics(agg.unit_rows[index])
    else:
        scope_cells = agg.competency_rows
        totals = _metrics(agg.administration_row)
    return Heatmap(
        snapshot=snapshot,
        unit=units[index] if index is not None else None,
        breadcrumbs=crumbs,
        competencies=dims["competencies"],
        rows=rows,
        unit_totals=totals,
        competency_totals=[_metrics(scope_cells[c]) for c in range(len(agg.competency_ids))],
    )


def position_table(*, snapshot: GapSnapshot) -> list[dict[str, Any]]:
    agg, dims = snapshot_aggregates(snapshot=snapshot)
    return [{"position": p, **_metrics(agg.position_rows[i])} for i, p in enumerate(dims["positions"])]


def competency_table(*, snapshot: GapSnapshot) -> list[dict[str, Any]]:
    agg, dims = snapshot_aggregates(snapshot=snapshot)
    return [
        {"competency": c, "relevance": float(agg.relevance[i]), **_metrics(agg.competency_rows[i])}
        for i, c in enumerate(dims["competencies"])
    ]


@dataclass
class OfficerGap:
    competency: dict[str, Any]
    required: int
    current: int | None
    gap: int | None
    score: float


def unit_officer_gaps(
    *, user: Any, snapshot: GapSnapshot, unit_id: int
) -> list[tuple[Any, list[OfficerGap]]]:
    """Officers of a unit's subtree in the snapshot, limited to those the caller may see."""
    officers = list(unit_officers_in_snapshot(user=user, snapshot=snapshot, unit_id=unit_id))
    return [item for item in officer_gaps_in_snapshot(snapshot=snapshot, officers=officers) if item[1]]


def _snapshot_officer_rows(snapshot: GapSnapshot) -> Any:
    """The snapshot's packed officer rows, unpacked once per snapshot object (a page reads them twice)."""
    cached = getattr(snapshot, "_cadre_officer_rows", None)
    if cached is None:
        cached = load_officer_rows(
            GapSnapshotData.objects.only("officer_rows").get(snapshot_id=snapshot.pk).officer_rows
        )
        snapshot._cadre_officer_rows = cached  # type: ignore[attr-defined]
    return cached


def unit_officers_in_snapshot(*, user: Any, snapshot: GapSnapshot, unit_id: int) -> QuerySet[Any]:
    """Officers of a unit's subtree in the snapshot that the caller may see, as a queryset to page."""
    agg, _dims = snapshot_aggregates(snapshot=snapshot)
    index = agg.unit_index(unit_id)
    if index is None:
        raise Http404("Not found")
    rows = _snapshot_officer_rows(snapshot)
    candidate_ids = rows.officer_ids[agg.subtree(index)[rows.officer_unit]]
    return officers_visible_to(user=user).filter(
        administration_id=snapshot.administration_id, pk__in=_ids_as_one_parameter(candidate_ids.tolist())
    )


def _ids_as_one_parameter(ids: list[int]) -> RawSQL:
    """``IN`` over any number of ids with one query parameter (PostgreSQL takes at most 65,535)."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", (ids,))
    return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(ids),))


def officer_gaps_in_snapshot(
    *, snapshot: GapSnapshot, officers: list[Any]
) -> list[tuple[Any, list[OfficerGap]]]:
    """Each officer (in the order given) with their gaps in the snapshot (none: an empty list)."""
    _agg, dims = snapshot_aggregates(snapshot=snapshot)
    gaps = dict(_officer_gap_lists(_snapshot_officer_rows(snapshot), dims, {o.pk: o for o in officers}))
    return [(o, gaps.get(o, [])) for o in officers]


def _officer_gap_lists(
    rows: Any, dims: dict[str, Any], visible: dict[int, Any]
) -> list[tuple[Any, list[OfficerGap]]]:
    wanted = np.isin(rows.officer_ids, np.fromiter(visible, dtype=np.int64, count=len(visible)))
    wanted_pairs = wanted[rows.pair_officer]
    out: dict[int, list[OfficerGap]] = {}
    comps = dims["competencies"]
    for o, c, req, cur, score in zip(
        rows.pair_officer[wanted_pairs],
        rows.pair_competency[wanted_pairs],
        rows.pair_required[wanted_pairs],
        rows.pair_current[wanted_pairs],
        rows.pair_score[wanted_pairs],
        strict=True,
    ):
        current = None if cur < 0 else int(cur)
        out.setdefault(int(rows.officer_ids[o]), []).append(
            OfficerGap(
                competency=comps[int(c)],
                required=int(req),
                current=current,
                gap=None if current is None else max(0, int(req) - current),
                score=float(score),
            )
        )
    result = [(visible[oid], gaps) for oid, gaps in out.items()]
    result.sort(key=lambda item: (item[0].family_name, item[0].given_name, item[0].pk))
    return result


def my_gaps(*, user: Any) -> tuple[Any, GapSnapshot | None, list[OfficerGap]]:
    """The caller's own officer record with their gaps in their administration's latest snapshot."""
    officer = officer_for_user(user=user)
    if officer is None:
        raise Http404("Not found")
    snap = latest_snapshot(administration_id=officer.administration_id)
    if snap is None:
        return officer, None, []
    data = GapSnapshotData.objects.only("dimensions", "officer_rows").get(snapshot_id=snap.pk)
    rows = load_officer_rows(data.officer_rows)
    found = _officer_gap_lists(rows, data.dimensions, {officer.pk: officer})
    return officer, snap, (found[0][1] if found else [])


@dataclass
class CompareRow:
    label: str
    before: dict[str, Any]
    after: dict[str, Any]

    @property
    def mean_gap_change(self) -> float | None:
        a, b = self.before["mean_gap"], self.after["mean_gap"]
        return None if a is None or b is None else b - a

    @property
    def meeting_change(self) -> int:
        return int(self.after["meeting"] - self.before["meeting"])

    @property
    def demand_change(self) -> float:
        return float(self.after["demand"] - self.before["demand"])


def snapshot_compare(*, before: GapSnapshot, after: GapSnapshot) -> dict[str, list[CompareRow]]:
    """Progress between two snapshots of one administration, per unit and per competency."""
    if before.administration_id != after.administration_id:
        raise Http404("Not found")
    a_agg, a_dims = snapshot_aggregates(snapshot=before)
    b_agg, _b_dims = snapshot_aggregates(snapshot=after)
    units = []
    b_units = {int(u): i for i, u in enumerate(b_agg.unit_ids)}
    for i, unit in enumerate(a_dims["units"]):
        j = b_units.get(int(unit["id"]))
        if j is not None:
            units.append(
                CompareRow(
                    "— " * unit.get("depth", 0) + unit["name"],
                    _metrics(a_agg.unit_rows[i]),
                    _metrics(b_agg.unit_rows[j]),
                )
            )
    comps = []
    b_comps = {int(c): i for i, c in enumerate(b_agg.competency_ids)}
    for i, comp in enumerate(a_dims["competencies"]):
        j = b_comps.get(int(comp["id"]))
        if j is not None:
            comps.append(
                CompareRow(
                    f"{comp['code']} {comp['title']}",
                    _metrics(a_agg.competency_rows[i]),
                    _metrics(b_agg.competency_rows[j]),
                )
            )
    return {"units": units, "competencies": comps}


def regional_k() -> int:
    return int(getattr(settings, "CADRE_REGIONAL_MIN_CELL", 10))


@dataclass
class RegionalCell:
    officers: int | None  # None: suppressed (fewer than k officers)
    mean_gap: float | None
    gap_ge1_share: float | None
    meeting_share: float | None


def regional_gaps(*, user: Any) -> dict[str, Any]:
    """Aggregated gaps of the opted-in administrations of the caller's regions; small cells suppressed.

    Only aggregate cubes are read; officer rows never leave their administration.
    """
    region_ids = access_for(user).region_ids(REGIONAL_ROLES)
    if not region_ids:
        raise Http404("Not found")
    k = regional_k()
    administrations = list(
        Administration.objects.filter(region_id__in=region_ids, shares_regional_analytics=True).order_by(
            "name"
        )
    )
    per_admin: dict[int, dict[int, np.ndarray]] = {}
    labels: dict[int, dict[str, Any]] = {}
    for admin in administrations:
        snap = latest_snapshot(administration_id=admin.pk)
        if snap is None:
            continue
        agg, dims = snapshot_aggregates(snapshot=snap)
        per_admin[admin.pk] = {int(c): agg.competency_rows[i] for i, c in enumerate(agg.competency_ids)}
        for i, comp in enumerate(dims["competencies"]):
            labels.setdefault(int(agg.competency_ids[i]), comp)

    def cell(row: np.ndarray | None) -> RegionalCell:
        if row is None:
            return RegionalCell(None, None, None, None)
        m = _metrics(row)
        if m["officers"] < k or m["assessed"] < k:
            return RegionalCell(None, None, None, None)
        return RegionalCell(
            m["officers"], m["mean_gap"], m["gap_ge1"] / m["assessed"], m["meeting"] / m["officers"]
        )

    # Rows are the region's own competencies: an administration's national competencies mean
    # nothing to its neighbours and would only disclose its national framework.
    regional_ids = set(
        Competency.objects.filter(framework__region_id__in=region_ids).values_list("pk", flat=True)
    )
    shared = [
        cid for cid in labels if cid in regional_ids and any(cid in rows for rows in per_admin.values())
    ]
    shared.sort(key=lambda cid: (labels[cid]["code"], cid))
    rows = []
    for cid in shared:
        present = [rows_[cid] for rows_ in per_admin.values() if cid in rows_]
        total = np.sum(present, axis=0) if present else None
        rows.append(
            {
                "competency": {"code": labels[cid]["code"], "title": labels[cid]["title"]},
                "region": cell(total),
                "administrations": [cell(per_admin.get(a.pk, {}).get(cid)) for a in administrations],
            }
        )
    return {
        "k": k,
        "administrations": [
            {"code": a.code, "name": a.name, "has_snapshot": a.pk in per_admin} for a in administrations
        ],
        "rows": rows,
    }


@dataclass
class AlignmentLine:
    competency: Any
    relevance: float
    standing: dict[str, Any] | None  # None: no role profile requires it in the latest snapshot


def alignment(
    *, user: Any, administration: Administration
) -> tuple[GapSnapshot | None, list[tuple[Any, list[AlignmentLine]]]]:
    """Each objective with its competencies and where the workforce stands on them (latest snapshot)."""
    from cadre.strategy.selectors import objective_links, objectives_of_administration

    snap = latest_snapshot(administration_id=administration.pk)
    by_competency: dict[int, dict[str, Any]] = {}
    if snap is not None:
        agg, _dims = snapshot_aggregates(snapshot=snap)
        by_competency = {int(c): _metrics(agg.competency_rows[i]) for i, c in enumerate(agg.competency_ids)}
    out = []
    for objective in objectives_of_administration(user=user, administration_id=administration.pk):
        lines = [
            AlignmentLine(link.competency, link.relevance, by_competency.get(link.competency_id))
            for link in objective_links(objective=objective)
        ]
        out.append((objective, lines))
    return snap, out


@dataclass(frozen=True)
class SnapshotOfficerData:
    """A snapshot's stored per-officer gap rows, its aggregates and its dimensions (for planning)."""

    officer_rows: Any  # cadre.needs.store.OfficerRows
    aggregates: Aggregates
    dimensions: dict[str, Any]


def snapshot_officer_data(*, snapshot_id: int) -> SnapshotOfficerData | None:
    """The stored gap data of a snapshot, unpacked (None when the snapshot stored none)."""
    data = GapSnapshotData.objects.filter(snapshot_id=snapshot_id).first()
    if data is None:
        return None
    return SnapshotOfficerData(
        load_officer_rows(data.officer_rows), load_aggregates(data.aggregates), data.dimensions
    )


def snapshot_dimensions(*, snapshot_id: int) -> dict[str, Any]:
    """The units and competencies a snapshot names (ids, codes, titles); empty when none stored."""
    dims = (
        GapSnapshotData.objects.filter(snapshot_id=snapshot_id).values_list("dimensions", flat=True).first()
    )
    return dims or {}


def snapshot_is_finished(*, snapshot: GapSnapshot, administration_id: int) -> bool:
    """Whether ``snapshot`` is a finished snapshot of that administration (a plan may start from it)."""
    return snapshot.administration_id == administration_id and snapshot.status == GapSnapshot.Status.DONE
