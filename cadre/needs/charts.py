"""Server-rendered SVG for needs analysis: the gap heatmap.

Colours are steps of cividis (readable with the common colour-vision deficiencies and in
greyscale); a cell's value is also in its accessible title, and cells without data are marked
with a dash, so colour never carries meaning alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

#: Cividis steps, light (no gap) to dark (large gap), with their upper bounds on the mean gap.
STEPS: tuple[tuple[float, str, str], ...] = (
    (0.0, "#FFEA46", "#1b1f24"),
    (0.5, "#CBBA69", "#1b1f24"),
    (1.0, "#958F78", "#1b1f24"),
    (1.5, "#666970", "#ffffff"),
    (2.0, "#31446B", "#ffffff"),
    (float("inf"), "#00204D", "#ffffff"),
)
NO_DATA = "#EEEEEE"
_CELL = 22
_LABEL_W = 210
_HEADER_H = 92


@dataclass(frozen=True)
class HeatCell:
    value: float | None  # mean gap; None: nobody assessed
    title: str  # the accessible description of the cell
    href: str | None = None


@dataclass(frozen=True)
class HeatRow:
    label: str
    cells: Sequence[HeatCell]
    href: str | None = None


def step_for(value: float) -> tuple[str, str]:
    for bound, fill, ink in STEPS:
        if value <= bound:
            return fill, ink
    return STEPS[-1][1], STEPS[-1][2]


def _a(value: object) -> str:
    return escape(str(value), quote=True)


def heatmap_svg(
    *,
    rows: Sequence[HeatRow],
    columns: Sequence[str],
    column_titles: Sequence[str],
    title: str,
    description: str,
    legend_labels: Sequence[str],
    no_data_label: str,
) -> SafeString:
    """Draw rows x columns of mean gaps; every interpolated string is escaped, so the result is safe."""
    width = _LABEL_W + _CELL * max(len(columns), 1) + 70  # room for the last slanted column labels
    legend_y = _HEADER_H + _CELL * len(rows) + 16
    height = legend_y + 40
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" role="group" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" preserveAspectRatio="xMidYMid meet" aria-labelledby="heatmap-title heatmap-desc" font-size="11" '
        "font-family=\"system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'Noto Sans CJK JP', sans-serif\">",
        f'<title id="heatmap-title">{escape(title)}</title><desc id="heatmap-desc">{escape(description)}</desc>',
        '<rect width="100%" height="100%" fill="#ffffff"/>',
    ]
    for j, (code, full) in enumerate(zip(columns, column_titles, strict=True)):
        x = _LABEL_W + j * _CELL + _CELL / 2
        out.append(
            f'<text x="{x:.0f}" y="{_HEADER_H - 6}" transform="rotate(-60 {x:.0f} {_HEADER_H - 6})" '
            f'fill="#1b1f24"><title>{escape(full)}</title>{escape(code[:14])}</text>'
        )
    for i, row in enumerate(rows):
        y = _HEADER_H + i * _CELL
        label = escape(row.label[:30] + ("…" if len(row.label) > 30 else ""))
        if row.href:
            out.append(
                f'<a href="{_a(row.href)}"><text x="4" y="{y + 15}" fill="#0b57a4" text-decoration="underline">{label}</text></a>'
            )
        else:
            out.append(f'<text x="4" y="{y + 15}" fill="#1b1f24">{label}</text>')
        for j, cell in enumerate(row.cells):
            x = _LABEL_W + j * _CELL
            if cell.value is None:
                shape = (
                    f'<rect x="{x}" y="{y}" width="{_CELL - 1}" height="{_CELL - 1}" fill="{NO_DATA}" stroke="#595959" stroke-width="0.5"><title>{escape(cell.title)}</title></rect>'
                    f'<text x="{x + 7}" y="{y + 15}" fill="#595959" aria-hidden="true">–</text>'
                )
            else:
                fill, _ink = step_for(cell.value)
                shape = f'<rect x="{x}" y="{y}" width="{_CELL - 1}" height="{_CELL - 1}" fill="{fill}" stroke="#595959" stroke-width="0.5"><title>{escape(cell.title)}</title></rect>'
            out.append(
                f'<a href="{_a(cell.href)}" aria-label="{_a(cell.title)}">{shape}</a>' if cell.href else shape
            )
    x = _LABEL_W
    for (_bound, fill, _ink), label in zip(STEPS, legend_labels, strict=True):
        out.append(
            f'<rect x="{x}" y="{legend_y}" width="16" height="12" fill="{fill}" stroke="#595959" stroke-width="0.5"/>'
        )
        out.append(f'<text x="{x + 20}" y="{legend_y + 10}" fill="#1b1f24">{escape(label)}</text>')
        x += 78
    out.append(
        f'<rect x="{x}" y="{legend_y}" width="16" height="12" fill="{NO_DATA}" stroke="#595959" stroke-width="0.5"/>'
    )
    out.append(f'<text x="{x + 20}" y="{legend_y + 10}" fill="#1b1f24">{escape(no_data_label)}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
