"""A programme's evaluation as a PDF, compiled with typst from ``typst/programme.typ``.

All values reach typst as one JSON string in ``sys.inputs`` (plain data, never markup). Fonts
come only from disk, as for certificates (``cadre.core.typst.font_paths``).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import typst
from django.utils import translation
from django.utils.translation import gettext as _

from cadre.core.typst import font_paths
from cadre.evaluation.selectors.pages import ProgrammeEvaluation
from cadre.evaluation.selectors.results import CAVEATS

TEMPLATE = Path(__file__).with_name("typst") / "programme.typ"


def _f(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f} %"


def report_data(*, page: ProgrammeEvaluation, language: str) -> dict[str, Any]:
    roi = page.roi
    with translation.override(language):
        return {
            "lang": language.split("-")[0],
            "title": _("Evaluation of the programme %(name)s") % {"name": page.programme.name},
            "period": f"{page.programme.period_start.isoformat()} – {page.programme.period_end.isoformat()}",
            "labels": {
                "courses": _("Courses"),
                "course": _("Course"),
                "reaction": _("Satisfaction"),
                "learning": _("Normalised gain"),
                "behaviour": _("Transfer rate"),
                # xgettext:no-python-format
                "estimate": _("Measured uplift (95% interval)"),
                "declared": _("Declared uplift"),
                "roi": _("Return on investment"),
                "costs": _("Costs"),
                "benefits": _("Benefits"),
                "item": _("Item"),
                "amount": _("Amount"),
                "caveats": _("How to read the results"),
                "sessions": _("Sessions"),
                "participants": _("Participants"),
            },
            "courses": [
                {
                    "course": f"{c.course.code} {c.course.title}",
                    "reaction": _pct(c.effectiveness.satisfaction),
                    "learning": _f(c.learning.mean_normalised_gain),
                    "behaviour": _pct(c.behaviour.transfer_rate),
                    "estimate": f"{c.effectiveness.estimate:.2f} ({c.effectiveness.low:.2f}–{c.effectiveness.high:.2f})",
                    "declared": _f(c.effectiveness.declared_uplift),
                }
                for c in page.courses
            ],
            "costs": [
                [_("Session costs"), f"{roi.session_costs:,.2f}"],
                [_("Instructor costs"), f"{roi.instructor_costs:,.2f}"],
                [
                    _("Participants' time away (%(daily)s a day)")
                    % {"daily": f"{roi.daily_cost_of_absence:,.2f}"},
                    f"{roi.absence_costs:,.2f}",
                ],
                [_("Total costs"), f"{roi.roi.costs:,.2f}"],
            ],
            "benefits": [[b.description, f"{b.amount:,.2f}"] for b in roi.benefits]
            + [[_("Total benefits"), f"{roi.roi.benefits:,.2f}"]],
            "summary": [
                [_("Sessions"), str(len(roi.sessions))],
                [_("Participants"), str(roi.participants)],
                [_("ROI"), "—" if roi.roi.roi_percent is None else f"{roi.roi.roi_percent} %"],
                [
                    _("Benefit-cost ratio"),
                    "—" if roi.roi.benefit_cost_ratio is None else str(roi.roi.benefit_cost_ratio),
                ],
            ],
            "caveats": [str(c) for c in CAVEATS],
        }


def programme_report_pdf(*, page: ProgrammeEvaluation, language: str = "en") -> bytes:
    data = report_data(page=page, language=language)
    pdf = typst.compile(
        TEMPLATE,
        font_paths=[Path(p) for p in font_paths()],
        ignore_system_fonts=True,
        sys_inputs={"data": json.dumps(data)},
        timestamp=dt.datetime.combine(page.programme.period_end, dt.time(12), tzinfo=dt.UTC),
    )
    assert isinstance(pdf, bytes)
    return pdf
