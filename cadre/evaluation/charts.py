"""Server-rendered SVG charts of evaluation: horizontal bars and a KPI time line.

Pure functions without request state; every interpolated text is escaped, so results are safe.
Colours (Okabe-Ito, from cadre.core.charts) never carry meaning alone: values are written out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from cadre.core.charts import BLUE, GREY, ORANGE, VERMILLION

_FONT = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'Noto Sans CJK JP', sans-serif"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    text: str  # the value as written next to the bar
    marker: float | None = None  # e.g. the declared uplift, drawn as a dashed line
    low: float | None = None  # an interval, drawn as a whisker
    high: float | None = None


def _head(width: int, height: int, title: str, description: str, id_prefix: str) -> list[str]:
    t, d = f"{id_prefix}-title", f"{id_prefix}-desc"
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" preserveAspectRatio="xMidYMid meet" aria-labelledby="{t} {d}" font-family="{_FONT}" font-size="12" '
        f'class="eval-chart">',
        f'<title id="{t}">{escape(title)}</title><desc id="{d}">{escape(description)}</desc>',
        '<rect x="0" y="0" width="100%" height="100%" fill="#ffffff"/>',
    ]


def bar_chart_svg(
    *,
    bars: Sequence[Bar],
    maximum: float,
    title: str,
    description: str,
    id_prefix: str = "bars",
    minimum: float = 0.0,
) -> SafeString:
    """One horizontal bar per row, with an optional marker and interval per row."""
    label_w, area, value_w, row_h, top = 220, 300, 160, 30, 14
    width, height = label_w + area + value_w, top + row_h * max(len(bars), 1) + 10
    span = (maximum - minimum) or 1.0

    def x(v: float) -> float:
        return label_w + (min(max(v, minimum), maximum) - minimum) / span * area

    out = _head(width, height, title, description, id_prefix)
    out.append(
        f'<line x1="{x(0 if minimum < 0 else minimum):.1f}" y1="{top - 4}" x2="{x(0 if minimum < 0 else minimum):.1f}" '
        f'y2="{height - 6}" stroke="{GREY}"/>'
    )
    for i, bar in enumerate(bars):
        y = top + i * row_h
        label = bar.label if len(bar.label) <= 30 else bar.label[:29] + "…"
        out.append(f"<g><title>{escape(bar.label)}: {escape(bar.text)}</title>")
        out.append(
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" fill="#1b1f24">{escape(label)}</text>'
        )
        if bar.value is not None:
            x0, x1 = sorted((x(max(minimum, 0.0)), x(bar.value)))
            out.append(
                f'<rect x="{x0:.1f}" y="{y + 5}" width="{max(x1 - x0, 1):.1f}" height="16" fill="{BLUE}"/>'
            )
        if bar.low is not None and bar.high is not None:
            out.append(
                f'<line x1="{x(bar.low):.1f}" y1="{y + 13}" x2="{x(bar.high):.1f}" y2="{y + 13}" '
                f'stroke="{ORANGE}" stroke-width="2"/>'
            )
        if bar.marker is not None:
            out.append(
                f'<line x1="{x(bar.marker):.1f}" y1="{y + 1}" x2="{x(bar.marker):.1f}" y2="{y + 25}" '
                f'stroke="{VERMILLION}" stroke-width="2" stroke-dasharray="3 2"/>'
            )
        out.append(
            f'<text x="{label_w + area + 8}" y="{y + 17}" fill="#1b1f24">{escape(bar.text)}</text></g>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every interpolated value is escaped or numeric


def line_chart_svg(
    *,
    points: Sequence[tuple[dt.date, float]],
    pivot: dt.date | None,
    title: str,
    description: str,
    pivot_label: str = "",
    id_prefix: str = "line",
) -> SafeString:
    """A KPI's values over time, with a dashed vertical line at the training date."""
    width, height, left, right, top, bottom = 560, 220, 60, 20, 16, 36
    out = _head(width, height, title, description, id_prefix)
    if not points:
        out.append("</svg>")
        return mark_safe("".join(out))  # noqa: S308
    days = [p[0] for p in points] + ([pivot] if pivot else [])
    first, last = min(days), max(days)
    lo, hi = min(v for _d, v in points), max(v for _d, v in points)
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    span_days = max((last - first).days, 1)

    def px(day: dt.date) -> float:
        return left + (day - first).days / span_days * (width - left - right)

    def py(v: float) -> float:
        return top + (hi - v) / (hi - lo) * (height - top - bottom)

    out.append(
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" stroke="{GREY}"/>'
    )
    for v in (lo, hi):
        out.append(f'<text x="{left - 6}" y="{py(v) + 4:.1f}" text-anchor="end" fill="{GREY}">{v:.4g}</text>')
    for day in (first, last):
        out.append(
            f'<text x="{px(day):.1f}" y="{height - bottom + 16}" text-anchor="middle" fill="{GREY}">{day.isoformat()}</text>'
        )
    path = " ".join(f"{'M' if i == 0 else 'L'}{px(d):.1f},{py(v):.1f}" for i, (d, v) in enumerate(points))
    out.append(f'<path d="{path}" fill="none" stroke="{BLUE}" stroke-width="2"/>')
    for d, v in points:
        out.append(
            f'<circle cx="{px(d):.1f}" cy="{py(v):.1f}" r="3" fill="{BLUE}"><title>{d.isoformat()}: {v:.4g}</title></circle>'
        )
    if pivot:
        out.append(
            f'<line x1="{px(pivot):.1f}" y1="{top}" x2="{px(pivot):.1f}" y2="{height - bottom}" '
            f'stroke="{VERMILLION}" stroke-width="2" stroke-dasharray="4 3"/>'
            f'<text x="{px(pivot) + 4:.1f}" y="{top + 10}" fill="{VERMILLION}">{escape(pivot_label)}</text>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every interpolated value is escaped or numeric
