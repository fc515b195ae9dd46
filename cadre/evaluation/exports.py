"""CSV/XLSX tables of evaluation pages; cells are neutralised by cadre.core.exports."""

from __future__ import annotations

from typing import Any

from cadre.core.exports import Table
from cadre.evaluation.selectors.pages import CourseEvaluation, ProgrammeEvaluation, SessionEvaluation


def _n(value: float | None, digits: int = 3) -> Any:
    return None if value is None else round(value, digits)


LEARNING_HEADERS = ["session_id", "employee_number", "officer", "pre", "post", "gain", "normalised_gain"]


def session_table(page: SessionEvaluation) -> Table:
    """Participants' learning results (reaction answers are never exported per person)."""
    return Table(
        f"session-{page.session.pk}-evaluation",
        LEARNING_HEADERS,
        [
            [r.session_id, r.employee_number, r.officer, r.pre, r.post, _n(r.gain), _n(r.normalised_gain)]
            for r in page.learning_rows
        ],
    )


def course_table(page: CourseEvaluation) -> Table:
    return Table(
        f"course-{page.course.code}-evaluation",
        LEARNING_HEADERS,
        [
            [r.session_id, r.employee_number, r.officer, r.pre, r.post, _n(r.gain), _n(r.normalised_gain)]
            for r in page.learning_rows
        ],
    )


def programme_table(page: ProgrammeEvaluation) -> Table:
    """One row per session with its cost inputs, then one row per benefit, then the totals."""
    rows: list[list[Any]] = []
    for s in page.roi.sessions:
        rows.append(
            [
                "session",
                f"{s.session.course.code} {s.session.starts_at:%Y-%m-%d}",
                s.participants,
                float(s.instructor_days),
                float(s.participant_days),
                float(s.session_cost),
                float(s.instructor_cost),
                float(s.absence_cost),
                float(s.total),
            ]
        )
    for b in page.roi.benefits:
        rows.append(["benefit", b.description, None, None, None, None, None, None, float(b.amount)])
    roi = page.roi.roi
    rows.append(["total costs", "", page.roi.participants, None, None, None, None, None, float(roi.costs)])
    rows.append(["total benefits", "", None, None, None, None, None, None, float(roi.benefits)])
    rows.append(
        [
            "roi_percent",
            "",
            None,
            None,
            None,
            None,
            None,
            None,
            None if roi.roi_percent is None else float(roi.roi_percent),
        ]
    )
    rows.append(
        [
            "benefit_cost_ratio",
            "",
            None,
            None,
            None,
            None,
            None,
            None,
            None if roi.benefit_cost_ratio is None else float(roi.benefit_cost_ratio),
        ]
    )
    return Table(
        f"programme-{page.programme.pk}-roi",
        [
            "kind",
            "item",
            "participants",
            "instructor_days",
            "participant_days",
            "session_cost",
            "instructor_cost",
            "absence_cost",
            "amount",
        ],
        rows,
    )
