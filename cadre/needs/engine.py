"""The gap engine: every active officer against every competency their role profile requires.

Definitions (also in docs/needs.md):

* current level: the level of the latest *validated* assessment of the (officer, competency) pair,
  ordered by ``assessed_on`` then by id (the rule of ``cadre.competencies.selectors``). No such
  assessment means *unknown*, which is a data-quality figure, never a zero gap.
* gap = max(0, required - current) for assessed pairs.
* priority score of a pair = gap x (w_gap + w_criticality x criticality + w_strategy x S(c)), where
  criticality is the requirement's 1-3, S(c) is the competency's strategic relevance (relevance x
  priority weight summed, or the maximum, over the objectives not yet ended; see
  ``cadre.strategy.selectors.strategic_relevance``), and the weights come from ``NeedsSettings``.
  A pair with no gap scores 0, so weighted demand only counts real gaps.

Metrics, per cell (a group of officers x one competency) and per row (a group x all competencies):

==================  ==========================================  ===========================================
metric              cell (officers requiring competency c)      row (officers with a role profile)
==================  ==========================================  ===========================================
officers            officers requiring c                        officers with at least one requirement
assessed            ... with a current level in c               ... with at least one requirement assessed
meeting             ... whose current level >= required         ... meeting every requirement (all assessed)
never_assessed      ... with no current level in c              ... with no requirement assessed at all
gap_ge1 / gap_ge2   ... with gap >= 1 / >= 2                    ... with some gap >= 1 / >= 2
pairs_assessed      = assessed                                  assessed (officer, competency) pairs
gap_sum             sum of gaps                                 sum of gaps
demand              sum of priority scores                      sum of priority scores
==================  ==========================================  ===========================================

mean gap = gap_sum / pairs_assessed (over assessed pairs only). Groups: org units (the unit and its
whole subtree), positions, competencies and the administration.

The data arrive in a handful of set-based queries; the latest level per pair is picked by the
database (DISTINCT ON on PostgreSQL, a grouped MAX on SQLite, a window function elsewhere), then
everything is dense numpy over an (officer x competency) matrix.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import connection

from cadre.competencies.models import Assessment, Competency, RoleRequirement
from cadre.people.models import Officer, Position
from cadre.tenancy.models import OrgUnit

METRICS = (
    "officers",
    "assessed",
    "meeting",
    "never_assessed",
    "gap_ge1",
    "gap_ge2",
    "pairs_assessed",
    "gap_sum",
    "demand",
)
M = {name: i for i, name in enumerate(METRICS)}
UNKNOWN = -1


@dataclass(frozen=True)
class Weights:
    gap: float = 1.0
    criticality: float = 0.5
    strategy: float = 1.0
    relevance_mode: str = "sum"


@dataclass
class EngineResult:
    """Everything a snapshot stores; arrays are indexed by the id arrays beside them."""

    unit_ids: np.ndarray  # (U,) in path order
    unit_parent: np.ndarray  # (U,) index of the parent unit, -1 for roots
    competency_ids: np.ndarray  # (C,) competencies some profile requires
    position_ids: np.ndarray  # (P,)
    relevance: np.ndarray  # (C,) strategic relevance S(c)
    unit_cells: np.ndarray  # (U, C, K) over each unit's subtree
    unit_rows: np.ndarray  # (U, K)
    position_cells: np.ndarray  # (P, C, K)
    position_rows: np.ndarray  # (P, K)
    competency_rows: np.ndarray  # (C, K) whole administration
    administration_row: np.ndarray  # (K,)
    officer_ids: np.ndarray  # (N,)
    officer_unit: np.ndarray  # (N,) unit index
    officer_position: np.ndarray  # (N,) position index
    pair_officer: np.ndarray  # (Q,) officer index, one row per (officer, required competency)
    pair_competency: np.ndarray  # (Q,) competency index
    pair_required: np.ndarray  # (Q,) int8
    pair_current: np.ndarray  # (Q,) int8, -1 unknown
    pair_criticality: np.ndarray  # (Q,) int8
    pair_score: np.ndarray  # (Q,) float32
    parameters: dict[str, Any] = field(default_factory=dict)

    def totals(self) -> dict[str, float]:
        return _row_dict(self.administration_row)


def _row_dict(row: np.ndarray) -> dict[str, float]:
    out = {name: float(row[i]) for i, name in enumerate(METRICS)}
    for name in METRICS[:7]:
        out[name] = int(out[name])
    out["mean_gap"] = out["gap_sum"] / out["pairs_assessed"] if out["pairs_assessed"] else None  # type: ignore[assignment]
    return out


def latest_levels(
    *, administration_id: int, officer_id_range: tuple[int, int] | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(officer ids, competency ids, levels) of each pair's latest validated assessment.

    ``officer_id_range`` bounds the scan of the (officer, competency, date) index to the
    administration's officers, so a small administration does not pay for a large neighbour.
    """
    low, high = officer_id_range or (0, 2**62)
    table = Assessment._meta.db_table
    validated = Assessment.Validation.VALIDATED.value
    vendor = connection.vendor
    if vendor == "postgresql":
        sql = (
            f"SELECT DISTINCT ON (officer_id, competency_id) officer_id, competency_id, level "  # noqa: S608
            f"FROM {table} WHERE administration_id = %s AND validation = %s "
            "AND officer_id BETWEEN %s AND %s ORDER BY officer_id, competency_id, assessed_on DESC, id DESC"
        )
    elif vendor == "sqlite":
        # SQLite takes bare columns from the row holding MAX(): the latest date, then the highest id.
        sql = (
            f"SELECT officer_id, competency_id, level, "  # noqa: S608
            "MAX(CAST(replace(assessed_on, '-', '') AS INTEGER) * 10000000000 + id) "
            f"FROM {table} WHERE administration_id = %s AND validation = %s "
            "AND officer_id BETWEEN %s AND %s GROUP BY officer_id, competency_id"
        )
    else:
        sql = (
            "SELECT officer_id, competency_id, level FROM ("  # noqa: S608
            "SELECT officer_id, competency_id, level, ROW_NUMBER() OVER (PARTITION BY officer_id, "
            "competency_id ORDER BY assessed_on DESC, id DESC) AS rn "
            f"FROM {table} WHERE administration_id = %s AND validation = %s "
            "AND officer_id BETWEEN %s AND %s) t WHERE rn = 1"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, [administration_id, validated, low, high])
        rows = cursor.fetchall()
    if not rows:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    arr = np.array([r[:3] for r in rows] if vendor == "sqlite" else rows, dtype=np.int64)
    return arr[:, 0], arr[:, 1], arr[:, 2]


def _index_of(sorted_ids: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Position of each id in ``sorted_ids``, -1 where absent."""
    if len(sorted_ids) == 0:
        return np.full(len(ids), -1, dtype=np.int64)
    pos = np.searchsorted(sorted_ids, ids)
    pos = np.clip(pos, 0, len(sorted_ids) - 1)
    return np.where(sorted_ids[pos] == ids, pos, -1)


def compute_gaps(
    *,
    administration_id: int,
    as_of: dt.date,
    weights: Weights,
    relevance_by_competency: dict[int, float] | None = None,
    progress: Callable[[int], None] | None = None,
) -> EngineResult:
    """Run the engine over one administration's current data."""
    report = progress or (lambda pct: None)
    if relevance_by_competency is None:
        from cadre.strategy.selectors import strategic_relevance

        relevance_by_competency = strategic_relevance(
            administration_id=administration_id, as_of=as_of, mode=weights.relevance_mode
        )

    units = list(
        OrgUnit.objects.filter(administration_id=administration_id)
        .order_by("path")
        .values_list("id", "parent_id")
    )
    unit_ids_path = np.array([u for u, _p in units], dtype=np.int64)
    unit_sorted = np.sort(unit_ids_path)
    path_index = _index_of(unit_sorted, unit_ids_path)  # sorted index -> we keep path order below
    to_path = np.empty(len(units), dtype=np.int64)
    to_path[path_index] = np.arange(len(units))
    parent_ids = np.array([p if p is not None else -1 for _u, p in units], dtype=np.int64)
    unit_parent = np.where(parent_ids >= 0, to_path[_index_of(unit_sorted, parent_ids)], -1)
    unit_parent[parent_ids < 0] = -1

    reqs = list(
        RoleRequirement.objects.filter(profile__administration_id=administration_id).values_list(
            "profile__position_id", "competency_id", "required_level", "criticality"
        )
    )
    req_arr = np.array(reqs, dtype=np.int64).reshape(-1, 4)
    position_ids = np.unique(req_arr[:, 0])
    competency_ids = np.unique(req_arr[:, 1])
    n_pos, n_comp = len(position_ids), len(competency_ids)
    req_pc = np.zeros((n_pos, n_comp), dtype=np.int8)
    crit_pc = np.zeros((n_pos, n_comp), dtype=np.int8)
    rp, rc = _index_of(position_ids, req_arr[:, 0]), _index_of(competency_ids, req_arr[:, 1])
    req_pc[rp, rc] = req_arr[:, 2]
    crit_pc[rp, rc] = req_arr[:, 3]
    relevance = np.array([relevance_by_competency.get(int(c), 0.0) for c in competency_ids], dtype=np.float64)
    report(10)

    officers = np.array(
        list(
            Officer.objects.filter(
                administration_id=administration_id, active=True, position_id__in=position_ids.tolist()
            )
            .order_by("id")
            .values_list("id", "org_unit_id", "position_id")
        ),
        dtype=np.int64,
    ).reshape(-1, 3)
    officer_ids = officers[:, 0]
    officer_unit = to_path[_index_of(unit_sorted, officers[:, 1])] if len(units) else officers[:, 1] * 0
    officer_position = _index_of(position_ids, officers[:, 2])
    n_off = len(officer_ids)
    report(25)

    if n_off:
        a_off, a_comp, a_level = latest_levels(
            administration_id=administration_id, officer_id_range=(int(officer_ids[0]), int(officer_ids[-1]))
        )
    else:
        a_off = a_comp = a_level = np.zeros(0, dtype=np.int64)
    report(55)
    oi, ci = _index_of(officer_ids, a_off), _index_of(competency_ids, a_comp)
    keep = (oi >= 0) & (ci >= 0)
    current = np.full((n_off, n_comp), UNKNOWN, dtype=np.int8)
    current[oi[keep], ci[keep]] = np.minimum(a_level[keep], 127)

    # Dense (officer x competency) lookups, then the work on the required pairs only: a profile
    # needs a few dozen of the competencies, so the pairs are a small share of the matrix.
    required_matrix = req_pc[officer_position]  # (N, C)
    pair_o, pair_c = np.nonzero(required_matrix)
    required = required_matrix[pair_o, pair_c]
    del required_matrix
    criticality = crit_pc[officer_position[pair_o], pair_c]
    level = current[pair_o, pair_c]
    assessed = level >= 0
    met = assessed & (level >= required)
    gap = np.where(assessed, np.maximum(required.astype(np.int16) - level, 0), 0).astype(np.int8)
    score = (
        gap * (weights.gap + weights.criticality * criticality + weights.strategy * relevance[pair_c])
    ).astype(np.float32)
    report(70)

    pair_metrics = {
        "officers": np.ones(len(pair_o)),
        "assessed": assessed,
        "meeting": met,
        "never_assessed": ~assessed,
        "gap_ge1": gap >= 1,
        "gap_ge2": gap >= 2,
        "pairs_assessed": assessed,
        "gap_sum": gap,
        "demand": score,
    }
    per_officer = {
        name: np.bincount(pair_o, weights=values, minlength=n_off) for name, values in pair_metrics.items()
    }
    has_req = per_officer["officers"] > 0
    officer_metrics = {
        "officers": has_req,
        "assessed": per_officer["assessed"] > 0,
        "meeting": has_req & (per_officer["meeting"] == per_officer["officers"]),
        "never_assessed": has_req & (per_officer["assessed"] == 0),
        "gap_ge1": per_officer["gap_ge1"] > 0,
        "gap_ge2": per_officer["gap_ge2"] > 0,
        "pairs_assessed": per_officer["pairs_assessed"],
        "gap_sum": per_officer["gap_sum"],
        "demand": per_officer["demand"],
    }
    n_units, k = len(units), len(METRICS)
    unit_cells = np.zeros((n_units, n_comp, k))
    position_cells = np.zeros((n_pos, n_comp, k))
    competency_rows = np.zeros((n_comp, k))
    unit_rows = np.zeros((n_units, k))
    position_rows = np.zeros((n_pos, k))
    unit_key = officer_unit[pair_o] * n_comp + pair_c
    position_key = officer_position[pair_o] * n_comp + pair_c
    for name, values in pair_metrics.items():
        i = M[name]
        unit_cells[:, :, i] = np.bincount(unit_key, weights=values, minlength=n_units * n_comp).reshape(
            n_units, n_comp
        )
        position_cells[:, :, i] = np.bincount(position_key, weights=values, minlength=n_pos * n_comp).reshape(
            n_pos, n_comp
        )
        competency_rows[:, i] = np.bincount(pair_c, weights=values, minlength=n_comp)
    for name, values in officer_metrics.items():
        i = M[name]
        unit_rows[:, i] = np.bincount(officer_unit, weights=values, minlength=n_units)
        position_rows[:, i] = np.bincount(officer_position, weights=values, minlength=n_pos)
    administration_row = np.array([float(np.sum(officer_metrics[n], dtype=np.float64)) for n in METRICS])
    report(85)

    # Roll direct sums up the tree: children come after their parent in path order.
    for u in range(n_units - 1, -1, -1):
        p = unit_parent[u]
        if p >= 0:
            unit_cells[p] += unit_cells[u]
            unit_rows[p] += unit_rows[u]

    return EngineResult(
        unit_ids=unit_ids_path,
        unit_parent=unit_parent,
        competency_ids=competency_ids,
        position_ids=position_ids,
        relevance=relevance,
        unit_cells=unit_cells,
        unit_rows=unit_rows,
        position_cells=position_cells,
        position_rows=position_rows,
        competency_rows=competency_rows,
        administration_row=administration_row,
        officer_ids=officer_ids,
        officer_unit=officer_unit,
        officer_position=officer_position,
        pair_officer=pair_o.astype(np.int32),
        pair_competency=pair_c.astype(np.int32),
        pair_required=required,
        pair_current=level,
        pair_criticality=criticality,
        pair_score=score,
        parameters={
            "as_of": as_of.isoformat(),
            "weights": {
                "gap": weights.gap,
                "criticality": weights.criticality,
                "strategy": weights.strategy,
                "relevance_mode": weights.relevance_mode,
            },
            "relevance": {str(int(c)): float(r) for c, r in zip(competency_ids, relevance, strict=True) if r},
        },
    )


def dimension_labels(result: EngineResult) -> dict[str, Any]:
    """Names of the snapshot's units, competencies and positions as they were at run time."""
    units = {
        u["id"]: u
        for u in OrgUnit.objects.filter(pk__in=result.unit_ids.tolist()).values("id", "name", "code", "depth")
    }
    comps = {
        c["id"]: c
        for c in Competency.objects.filter(pk__in=result.competency_ids.tolist()).values(
            "id", "code", "title"
        )
    }
    positions = {
        p["id"]: p
        for p in Position.objects.filter(pk__in=result.position_ids.tolist()).values("id", "code", "title")
    }
    return {
        "units": [
            {**units[int(u)], "parent": int(p)}
            for u, p in zip(result.unit_ids, result.unit_parent, strict=True)
        ],
        "competencies": [comps[int(c)] for c in result.competency_ids],
        "positions": [positions[int(p)] for p in result.position_ids],
    }
