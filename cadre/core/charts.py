"""Server-rendered SVG charts: pure functions, no JavaScript, usable in web pages and in PDFs.

Colours come from the Okabe-Ito palette (distinguishable with the common colour-vision
deficiencies) and never carry meaning alone: every bar also has a text value and a legend.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

#: Okabe-Ito colours used by the charts.
BLUE = "#0072B2"
VERMILLION = "#D55E00"
ORANGE = "#E69F00"
GREY = "#595959"

_LABEL_WIDTH = 230
_BAR_AREA = 330
_VALUE_WIDTH = 140
_ROW_HEIGHT = 34
_TOP = 58
_LABEL_MAX_CHARS = 32


@dataclass(frozen=True)
class GapBar:
    """One row of the gap chart: a competency, the officer's level (None = not assessed) and the target."""

    label: str
    current: int | None
    required: int


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _short(label: str) -> str:
    return label if len(label) <= _LABEL_MAX_CHARS else label[: _LABEL_MAX_CHARS - 1] + "…"


def gap_chart_svg(
    *,
    bars: Sequence[GapBar],
    max_level: int,
    title: str,
    description: str,
    labels: Mapping[str, str] | None = None,
    id_prefix: str = "gap-chart",
) -> SafeString:
    """Draw current against required level per competency as horizontal bars.

    ``labels`` translates the chart's own words (keys: current, required, not_assessed); callers
    pass translated strings so this function stays free of request state. Every interpolated
    value is escaped, which is why the result may be marked safe.
    """
    words = {"current": "Current", "required": "Required", "not_assessed": "not yet assessed"}
    words.update(labels or {})
    max_level = max(max_level, 1, *(b.required for b in bars), *(b.current or 0 for b in bars))
    width = _LABEL_WIDTH + _BAR_AREA + _VALUE_WIDTH
    height = _TOP + _ROW_HEIGHT * max(len(bars), 1) + 28
    unit = _BAR_AREA / max_level
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="gap-chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" preserveAspectRatio="xMidYMid meet" '
        f'aria-label="{_attr(title)}" aria-labelledby="{_attr(title_id)} {_attr(desc_id)}" '
        f"font-family=\"system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'Noto Sans CJK JP', sans-serif\" "
        f'font-size="12">',
        f'<title id="{_attr(title_id)}">{escape(title)}</title>',
        f'<desc id="{_attr(desc_id)}">{escape(description)}</desc>',
        '<rect x="0" y="0" width="100%" height="100%" fill="#ffffff"/>',
        # Legend: the swatches repeat the bar shapes, the words carry the meaning.
        f'<rect x="{_LABEL_WIDTH}" y="8" width="14" height="10" fill="{BLUE}"/>',
        f'<text x="{_LABEL_WIDTH + 20}" y="17" fill="#1b1f24">{escape(words["current"])}</text>',
        f'<rect x="{_LABEL_WIDTH + 120}" y="8" width="14" height="10" fill="#ffffff" '
        f'stroke="{VERMILLION}" stroke-width="2" stroke-dasharray="3 2"/>',
        f'<text x="{_LABEL_WIDTH + 140}" y="17" fill="#1b1f24">{escape(words["required"])}</text>',
    ]
    # Level grid lines and their values.
    for level in range(max_level + 1):
        x = _LABEL_WIDTH + level * unit
        out.append(
            f'<line x1="{x:.1f}" y1="{_TOP - 14}" x2="{x:.1f}" y2="{height - 24}" stroke="#d0d7de"/>'
            f'<text x="{x:.1f}" y="{_TOP - 18}" text-anchor="middle" fill="{GREY}">{level}</text>'
        )
    for i, bar in enumerate(bars):
        y = _TOP + i * _ROW_HEIGHT
        out.append("<g>")
        out.append(f"<title>{escape(bar.label)}</title>")
        out.append(
            f'<text x="{_LABEL_WIDTH - 8}" y="{y + 17}" text-anchor="end" fill="#1b1f24">'
            f"{escape(_short(bar.label))}</text>"
        )
        out.append(
            f'<rect x="{_LABEL_WIDTH}" y="{y + 3}" width="{bar.required * unit:.1f}" height="24" '
            f'fill="none" stroke="{VERMILLION}" stroke-width="2" stroke-dasharray="4 3"/>'
        )
        if bar.current is None:
            value = f"{words['not_assessed']} / {bar.required}"
        else:
            if bar.current > 0:
                out.append(
                    f'<rect x="{_LABEL_WIDTH}" y="{y + 8}" width="{bar.current * unit:.1f}" height="14" '
                    f'fill="{BLUE}"/>'
                )
            value = f"{bar.current} / {bar.required}"
        out.append(
            f'<text x="{_LABEL_WIDTH + _BAR_AREA + 8}" y="{y + 19}" fill="#1b1f24">{escape(value)}</text>'
        )
        out.append("</g>")
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every interpolated value above is escaped
