"""The solver's input for a plan: its models translated into cadre.planning.solver's dataclasses."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from cadre.catalogue.selectors import courses_for_planning
from cadre.core.errors import invalid
from cadre.delivery.selectors import officers_passed_course_ids
from cadre.evaluation.selectors import course_effectiveness
from cadre.needs.selectors import snapshot_officer_data
from cadre.people.selectors import officer_languages_active
from cadre.planning.models import AnnualPlan
from cadre.planning.solver import CourseSpec, Gap, OfficerSpec, Problem
from cadre.tenancy.selectors import org_unit_away_caps


def _officer_specs(plan: AnnualPlan) -> tuple[list[OfficerSpec], dict[str, Any]]:
    data = snapshot_officer_data(snapshot_id=plan.snapshot_id)
    if data is None:
        raise invalid(
            "snapshot_id",
            _("needs snapshot #%(snapshot_id)s has no stored gaps; run the analysis again")
            % {"snapshot_id": plan.snapshot_id},
            code="plan.snapshot_without_gaps",
        )
    rows, agg = data.officer_rows, data.aggregates
    comp_ids, unit_ids = agg.competency_ids, agg.unit_ids
    gap = rows.pair_required.astype(np.int64) - rows.pair_current.astype(np.int64)
    usable = (rows.pair_current >= 0) & (gap > 0)
    officer_ids = [int(i) for i in rows.officer_ids]
    live = officer_languages_active(administration_id=plan.administration_id, officer_ids=officer_ids)
    passed = officers_passed_course_ids(officer_ids=list(live))
    gaps: dict[int, list[Gap]] = defaultdict(list)
    held: dict[int, set[int]] = defaultdict(set)
    for o, c, req, cur, score, ok in zip(
        rows.pair_officer,
        rows.pair_competency,
        rows.pair_required,
        rows.pair_current,
        rows.pair_score,
        usable,
        strict=True,
    ):
        if cur >= 0:  # competency levels held count as prerequisites (see _prerequisite_token)
            held[int(o)].update(_prerequisite_token(int(comp_ids[c]), lvl) for lvl in range(1, int(cur) + 1))
        if ok:
            gaps[int(o)].append(Gap(int(comp_ids[c]), int(cur), int(req), float(score) / float(req - cur)))
    specs = [
        OfficerSpec(
            key=officer_ids[i],
            unit=int(unit_ids[rows.officer_unit[i]]),
            gaps=tuple(gaps[i]),
            languages=frozenset(live[officer_ids[i]] or []),
            completed=frozenset(passed.get(officer_ids[i], set()) | held[i]),
        )
        for i in sorted(gaps)
        if officer_ids[i] in live
    ]
    return specs, data.dimensions


def _prerequisite_token(competency_id: int, level: int) -> int:
    """A competency-level prerequisite as a negative key beside course ids in ``completed``."""
    return -(competency_id * 100 + level)


def _course_specs(plan: AnnualPlan) -> list[CourseSpec]:
    courses = list(courses_for_planning(administration_id=plan.administration_id))
    measured = course_effectiveness(course_ids=[c.pk for c in courses])
    specs = []
    for c in courses:
        e = measured.get(c.pk)
        # the measured share of the declared uplift (1 until evaluation data exist)
        effectiveness = e.ratio if e is not None and e.declared_uplift > 0 else 1.0
        prerequisites = frozenset(
            p.required_course_id
            if p.required_course_id
            else _prerequisite_token(p.competency_id or 0, p.min_level or 1)
            for p in c.prerequisites.all()
        )
        idays = float(c.duration_days) * c.instructors_per_session
        specs.append(
            CourseSpec(
                key=c.pk,
                days=float(c.duration_days),
                seats=max(int(c.max_participants), 1),
                min_fill=int(c.min_participants),
                session_cost=float(c.cost_per_session),
                participant_cost=float(c.cost_per_participant),
                instructor_day_cost=float(c.cost_per_instructor_day),
                instructor_days=idays,
                qualification=c.instructor_qualification or "",
                targets={o.competency_id: o.target_level for o in c.objectives.all()},
                languages=frozenset(c.languages or []),
                prerequisites=prerequisites,
                effectiveness=effectiveness,
            )
        )
    return specs


def plan_problem(*, plan: AnnualPlan) -> Problem:
    """The solver's input for a plan: snapshot gaps, courses, capacities, caps and locks."""
    officers, _dims = _officer_specs(plan)
    capacity: dict[str, list[float]] = defaultdict(lambda: [0.0] * plan.periods)
    for row in plan.capacities.all():
        if row.period < plan.periods:
            capacity[row.qualification][row.period] = float(row.days)
    return Problem(
        periods=plan.periods,
        budget=float(plan.budget),
        day_cap=float(plan.officer_day_cap),
        courses=_course_specs(plan),
        officers=officers,
        instructor_days=dict(capacity),
        unit_caps=org_unit_away_caps(administration_id=plan.administration_id),
        unit_budgets={b.org_unit_id: float(b.amount) for b in plan.unit_budgets.all()},
        locked_assignments=list(
            plan.assignments.filter(locked=True).values_list("officer_id", "course_id", "period")
        ),
        locked_sessions=list(plan.sessions.filter(locked=True).values_list("course_id", "period", "count")),
    )
