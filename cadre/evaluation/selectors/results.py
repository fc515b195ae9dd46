"""Results level: the KPIs of the objectives a course serves, before and after training.

Comparisons here are descriptive, not causal; ``CAVEATS`` is shown on every results page.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from cadre.delivery.models import Completion
from cadre.evaluation.models import UnitKPIMeasurement
from cadre.evaluation.stats import BeforeAfter, before_after, mean
from cadre.strategy.selectors import kpis_for_competencies

if TYPE_CHECKING:
    from cadre.catalogue.models import Course
    from cadre.strategy.models import KPI
    from cadre.tenancy.models import OrgUnit

CAVEATS = [
    _(
        "Before/after differences show association, not cause: other changes in the same period "
        "(procedures, systems, staffing, trade volumes) move KPIs too."
    ),
    _("Units were not assigned to training at random; trained units may differ from the others."),
    _("With few units or few measurements a difference may be chance; read the counts."),
    _("A unit counts as trained from the first day one of its officers completed the course."),
]


@dataclass(frozen=True)
class UnitResult:
    unit: OrgUnit
    trained_on: dt.date | None
    change: BeforeAfter


@dataclass
class KPIResult:
    kpi: KPI
    relevance: float
    series: list[tuple[dt.date, float]]
    overall: BeforeAfter | None
    units: list[UnitResult] = field(default_factory=list)
    trained_change: float | None = None
    untrained_change: float | None = None
    pivot: dt.date | None = None

    @property
    def difference(self) -> float | None:
        """Change in trained units minus change in not-yet-trained units (a difference in differences)."""
        if self.trained_change is None or self.untrained_change is None:
            return None
        return self.trained_change - self.untrained_change


@dataclass(frozen=True)
class CourseResults:
    course: Course
    first_completion: dt.date | None
    kpis: list[KPIResult]
    caveats: list[str]


def _unit_training_dates(course: Course) -> dict[int, dt.date]:
    out: dict[int, dt.date] = {}
    rows = Completion.objects.filter(enrolment__session__course=course, passed=True).values_list(
        "enrolment__officer__org_unit_id", "completed_on"
    )
    for unit_id, day in rows:
        if unit_id not in out or day < out[unit_id]:
            out[unit_id] = day
    return out


def course_results(*, course: Course) -> CourseResults:
    """KPIs of the objectives linked to the course's competencies, around the course's training dates."""
    assert course.administration_id is not None
    competency_ids = list(course.objectives.values_list("competency_id", flat=True))
    trained = _unit_training_dates(course)
    first = min(trained.values()) if trained else None
    results: list[KPIResult] = []
    for kpi, relevance in kpis_for_competencies(
        administration_id=course.administration_id, competency_ids=competency_ids
    ):
        series = [(m.measured_on, m.value) for m in kpi.measurements.all()]
        result = KPIResult(kpi, relevance, series, before_after(series, first) if first else None)
        per_unit: dict[int, list[tuple[dt.date, float]]] = {}
        units: dict[int, OrgUnit] = {}
        for m in (
            UnitKPIMeasurement.objects.filter(kpi=kpi).select_related("org_unit").order_by("measured_on")
        ):
            per_unit.setdefault(m.org_unit_id, []).append((m.measured_on, m.value))
            units[m.org_unit_id] = m.org_unit
        trained_dates = [trained[u] for u in per_unit if u in trained]
        pivot = statistics.median_low(trained_dates) if trained_dates else None
        trained_changes: list[float] = []
        untrained_changes: list[float] = []
        for unit_id, points in per_unit.items():
            day = trained.get(unit_id)
            change = (
                before_after(points, day or pivot) if (day or pivot) else before_after(points, dt.date.max)
            )
            result.units.append(UnitResult(units[unit_id], day, change))
            if change.change is None:
                continue
            (trained_changes if day else untrained_changes).append(change.change)
        result.units.sort(key=lambda r: (r.trained_on is None, r.unit.path))
        result.pivot = pivot
        result.trained_change = mean(trained_changes)
        result.untrained_change = mean(untrained_changes)
        results.append(result)
    return CourseResults(course, first, results, [str(c) for c in CAVEATS])
