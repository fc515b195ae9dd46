"""Pack an engine result into a snapshot's compact storage and read it back.

Two uncompressed ``.npz`` archives (no pickles: ``allow_pickle=False`` on load):
``aggregates`` holds the group x competency cubes the heatmap and tables read; ``officer_rows``
holds one row per (officer, required competency) for drill-downs and an officer's own chart.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np

from cadre.needs.engine import METRICS, EngineResult

AGGREGATE_KEYS = (
    "unit_ids",
    "unit_parent",
    "competency_ids",
    "position_ids",
    "relevance",
    "unit_cells",
    "unit_rows",
    "position_cells",
    "position_rows",
    "competency_rows",
    "administration_row",
)
OFFICER_KEYS = (
    "officer_ids",
    "officer_unit",
    "officer_position",
    "pair_officer",
    "pair_competency",
    "pair_required",
    "pair_current",
    "pair_criticality",
    "pair_score",
)


def _pack(arrays: dict[str, np.ndarray]) -> bytes:
    buffer = io.BytesIO()
    # mypy cannot rule out an "allow_pickle" key in **arrays (savez's bool keyword); keys are array names.
    np.savez(buffer, **arrays)  # type: ignore[arg-type]
    return buffer.getvalue()


def _unpack(blob: bytes | memoryview) -> dict[str, np.ndarray]:
    with np.load(io.BytesIO(bytes(blob)), allow_pickle=False) as archive:
        return {name: archive[name] for name in archive.files}


def pack_result(result: EngineResult) -> tuple[bytes, bytes]:
    aggregates = _pack({key: getattr(result, key) for key in AGGREGATE_KEYS})
    officers = _pack({key: getattr(result, key) for key in OFFICER_KEYS})
    return aggregates, officers


@dataclass
class Aggregates:
    """A snapshot's aggregate cubes, with lookups from ids to indexes."""

    unit_ids: np.ndarray
    unit_parent: np.ndarray
    competency_ids: np.ndarray
    position_ids: np.ndarray
    relevance: np.ndarray
    unit_cells: np.ndarray
    unit_rows: np.ndarray
    position_cells: np.ndarray
    position_rows: np.ndarray
    competency_rows: np.ndarray
    administration_row: np.ndarray

    def unit_index(self, unit_id: int) -> int | None:
        hits = np.flatnonzero(self.unit_ids == unit_id)
        return int(hits[0]) if len(hits) else None

    def children(self, index: int | None) -> list[int]:
        """Indexes of a unit's direct children (roots for ``None``)."""
        return np.flatnonzero(self.unit_parent == (-1 if index is None else index)).tolist()

    def subtree(self, index: int) -> np.ndarray:
        """Boolean mask of a unit and its descendants (parents precede children in path order)."""
        mask = np.zeros(len(self.unit_ids), dtype=bool)
        mask[index] = True
        for u in range(index + 1, len(self.unit_ids)):
            p = self.unit_parent[u]
            if p >= 0 and mask[p]:
                mask[u] = True
        return mask


@dataclass
class OfficerRows:
    officer_ids: np.ndarray
    officer_unit: np.ndarray
    officer_position: np.ndarray
    pair_officer: np.ndarray
    pair_competency: np.ndarray
    pair_required: np.ndarray
    pair_current: np.ndarray
    pair_criticality: np.ndarray
    pair_score: np.ndarray


def load_aggregates(blob: bytes | memoryview) -> Aggregates:
    return Aggregates(**_unpack(blob))


def load_officer_rows(blob: bytes | memoryview) -> OfficerRows:
    return OfficerRows(**_unpack(blob))


def metric(name: str) -> int:
    return METRICS.index(name)
