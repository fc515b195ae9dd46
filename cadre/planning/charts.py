"""Server-rendered SVG of the budget sweep: weighted gap closure against budget (plan and greedy)."""

from __future__ import annotations

from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

_W, _H, _PAD = 560, 260, 48


def sweep_svg(sweep: list[dict[str, Any]]) -> SafeString:
    """A line per method; each point carries its figures in an accessible title."""
    if not sweep:
        return mark_safe("")
    budgets = [float(p["budget"]) for p in sweep]
    top = max([float(p["objective"]) for p in sweep] + [float(p["bound"] or 0) for p in sweep] + [1.0])
    low, high = min(budgets), max(budgets)
    span = (high - low) or 1.0

    def xy(budget: float, value: float) -> tuple[float, float]:
        return (_PAD + (budget - low) / span * (_W - 2 * _PAD), _H - _PAD - value / top * (_H - 2 * _PAD))

    # marked outside the f-strings: xgettext does not look inside them, so makemessages would miss them
    label = escape(_("Gap closure against budget"))
    legend = escape(_("solid: plan, dashed: greedy"))
    budget_word = _("budget")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_W} {_H}" preserveAspectRatio="xMidYMid meet" role="img" '
        f'aria-label="{label}" class="chart">',
        f'<line x1="{_PAD}" y1="{_H - _PAD}" x2="{_W - _PAD}" y2="{_H - _PAD}" stroke="#555"/>',
        f'<line x1="{_PAD}" y1="{_PAD}" x2="{_PAD}" y2="{_H - _PAD}" stroke="#555"/>',
    ]
    for key, colour, dash in (("objective", "#00204D", ""), ("greedy", "#958F78", ' stroke-dasharray="5 3"')):
        points = [xy(float(p["budget"]), float(p[key])) for p in sweep]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        for (x, y), p in zip(points, sweep, strict=True):
            title = escape(f"{budget_word} {float(p['budget']):,.0f}: {key} {float(p[key]):,.1f}")
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"><title>{title}</title></circle>'
            )
    for p in sweep:
        x, _y = xy(float(p["budget"]), 0)
        parts.append(
            f'<text x="{x:.1f}" y="{_H - _PAD + 16}" font-size="10" text-anchor="middle">x{p["factor"]}</text>'
        )
    parts.append(
        f'<text x="{_W - _PAD}" y="{_PAD - 10}" font-size="11" text-anchor="end">{legend}</text></svg>'
    )
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped


_BAR_W, _LABEL_W, _ROW_H = 560, 200, 22


def bars_svg(rows: list[tuple[str, float]], *, label: str, limit: int = 12) -> SafeString:
    """Horizontal bars, largest first (the first ``limit``), each with its value and a title."""
    rows = sorted(rows, key=lambda r: -r[1])[:limit]
    if not rows:
        return mark_safe("")
    top = max(max(v for _n, v in rows), 1e-9)
    height = _ROW_H * len(rows) + 8
    span = _BAR_W - _LABEL_W - 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_BAR_W} {height}" preserveAspectRatio="xMidYMid meet" role="img" '
        f'aria-label="{escape(label)}" class="chart">'
    ]
    for i, (name, value) in enumerate(rows):
        y = 4 + i * _ROW_H
        width = max(value / top * span, 0.5)
        text = escape(name if len(name) <= 30 else name[:29] + "…")
        parts.append(
            f'<text x="{_LABEL_W - 6}" y="{y + 14}" font-size="11" text-anchor="end">{text}</text>'
            f'<rect x="{_LABEL_W}" y="{y + 3}" width="{width:.1f}" height="{_ROW_H - 8}" fill="#00204D">'
            f"<title>{escape(name)}: {value:,.2f}</title></rect>"
            f'<text x="{_LABEL_W + width + 4:.1f}" y="{y + 14}" font-size="11">{value:,.0f}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped


def closure_svg(rows: list[tuple[str, float, float]], *, label: str) -> SafeString:
    """Per row, the weighted gap (light bar) and the part the plan closes (dark bar, with its %)."""
    if not rows:
        return mark_safe("")
    top = max(max(d for _n, _c, d in rows), 1e-9)
    height = _ROW_H * len(rows) + 8
    span = _BAR_W - _LABEL_W - 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_BAR_W} {height}" preserveAspectRatio="xMidYMid meet" role="img" '
        f'aria-label="{escape(label)}" class="chart">'
    ]
    for i, (name, closed, demand) in enumerate(rows):
        y = 4 + i * _ROW_H
        pct = closed / demand * 100 if demand else 0.0
        text = escape(name if len(name) <= 30 else name[:29] + "…")
        title = escape(f"{name}: {closed:,.1f} of {demand:,.1f} ({pct:.1f} %)")
        parts.append(
            f'<text x="{_LABEL_W - 6}" y="{y + 14}" font-size="11" text-anchor="end">{text}</text>'
            f'<rect x="{_LABEL_W}" y="{y + 3}" width="{max(demand / top * span, 0.5):.1f}" '
            f'height="{_ROW_H - 8}" fill="#D9D4C5"><title>{title}</title></rect>'
            f'<rect x="{_LABEL_W}" y="{y + 3}" width="{closed / top * span:.1f}" height="{_ROW_H - 8}" '
            f'fill="#00204D"><title>{title}</title></rect>'
            f'<text x="{_LABEL_W + demand / top * span + 4:.1f}" y="{y + 14}" font-size="11">{pct:.0f} %</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped
