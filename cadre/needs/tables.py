"""Turn needs read-models into exportable tables (the same rows the pages show)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from cadre.core.exports import Table
from cadre.needs.selectors import CompareRow, Heatmap, OfficerGap


def _r(value: float | None, places: int = 2) -> float | None:
    return None if value is None else round(value, places)


def _metric_headers() -> list[str]:
    return [
        _("Officers"),
        _("Assessed"),
        _("Meeting"),
        _("Never assessed"),
        _("Gap ≥ 1"),
        _("Gap ≥ 2"),
        _("Mean gap"),
        _("Weighted demand"),
    ]


def _metric_values(m: dict[str, Any]) -> list[Any]:
    return [
        m["officers"],
        m["assessed"],
        m["meeting"],
        m["never_assessed"],
        m["gap_ge1"],
        m["gap_ge2"],
        _r(m["mean_gap"]),
        _r(m["demand"], 1),
    ]


def heatmap_table(hm: Heatmap) -> Table:
    rows = []
    for row in hm.rows:
        for cell in row.cells:
            comp = hm.competencies[cell.competency_index]
            rows.append([row.name, comp["code"], comp["title"], *_metric_values(cell.metrics)])
    return Table(
        f"gap-heatmap-{hm.snapshot.pk}", [_("Unit"), _("Code"), _("Competency"), *_metric_headers()], rows
    )


def positions_table(snapshot_id: int, rows: list[dict[str, Any]]) -> Table:
    return Table(
        f"gaps-by-position-{snapshot_id}",
        [_("Position"), *_metric_headers()],
        [[r["position"]["title"], *_metric_values(r)] for r in rows],
    )


def competencies_table(snapshot_id: int, rows: list[dict[str, Any]]) -> Table:
    return Table(
        f"gaps-by-competency-{snapshot_id}",
        [_("Code"), _("Competency"), _("Strategic relevance"), *_metric_headers()],
        [
            [r["competency"]["code"], r["competency"]["title"], _r(r["relevance"]), *_metric_values(r)]
            for r in rows
        ],
    )


def officer_gaps_table(name: str, items: list[tuple[Any, list[OfficerGap]]]) -> Table:
    rows = [
        [
            o.employee_number,
            o.full_name,
            g.competency["code"],
            g.competency["title"],
            g.required,
            g.current,
            g.gap,
            _r(g.score),
        ]
        for o, gaps in items
        for g in gaps
    ]
    return Table(
        name,
        [
            _("Employee number"),
            _("Officer"),
            _("Code"),
            _("Competency"),
            _("Required"),
            _("Current"),
            _("Gap"),
            _("Priority"),
        ],
        rows,
    )


def compare_table(name: str, rows: list[CompareRow], first: str) -> Table:
    return Table(
        name,
        [
            first,
            _("Mean gap before"),
            _("Mean gap after"),
            _("Change"),
            _("Meeting before"),
            _("Meeting after"),
            _("Demand change"),
        ],
        [
            [
                r.label,
                _r(r.before["mean_gap"]),
                _r(r.after["mean_gap"]),
                _r(r.mean_gap_change),
                r.before["meeting"],
                r.after["meeting"],
                _r(r.demand_change, 1),
            ]
            for r in rows
        ],
    )


def regional_table(data: dict[str, Any]) -> Table:
    headers = [_("Code"), _("Competency"), _("Region: officers"), _("Region: mean gap")]
    for admin in data["administrations"]:
        headers += [f"{admin['code']}: " + _("officers"), f"{admin['code']}: " + _("mean gap")]
    rows = []
    for row in data["rows"]:
        values = [
            row["competency"]["code"],
            row["competency"]["title"],
            row["region"].officers,
            _r(row["region"].mean_gap),
        ]
        for cell in row["administrations"]:
            values += [cell.officers, _r(cell.mean_gap)]
        rows.append(values)
    return Table("regional-gaps", headers, rows)
