"""What a solved plan buys: cost by unit and by competency, closure by competency, what is left and why.

Computed once when a run stores its plan (``PlanRun`` → ``AnnualPlan.result["breakdown"]``), so the
plan page does not rebuild the problem. The rules (also in docs/planning.md):

* A session's fixed cost (session cost plus instructor-days × day cost) is shared equally by the
  participants of its course in its period; with no participant (a session locked empty) it stays
  "unallocated". An assignment costs its per-participant cost plus that share.
* Cost by unit: the assignments of the unit's officers.
* Cost by competency: each assignment's cost is split over the competencies pro rata to the
  weighted gap the course closes for that officer on each (the course alone); an assignment that
  closes nothing (locked by hand) is split equally over the course's target competencies.
* Closure by competency: the weighted gap the officer's planned courses together close (the
  objective's own formula, so the competencies add up to the objective).
* What is left of each gap is split by reason: beyond what any course in the catalogue reaches;
  reachable only by courses the officer is not eligible for (language, prerequisites neither held
  nor plannable in an earlier period, day cap);
  reachable but not planned (budget, seats, instructor-days, unit caps went to higher-value gaps).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from typing import Any

from cadre.planning.solver.eligibility import plannable
from cadre.planning.solver.instance import EPS, CourseSpec, Gap, OfficerSpec, Plan, Problem
from cadre.planning.solver.objective import officer_value

REASONS = ("no_course", "not_eligible", "not_planned")


def _gap_value(officer: OfficerSpec, gap: Gap, courses: list[CourseSpec]) -> float:
    return officer_value(dataclasses.replace(officer, gaps=(gap,)), courses)


def plan_breakdown(problem: Problem, plan: Plan) -> dict[str, Any]:
    """Cost by unit and competency, closure and what is left (with reasons) per competency."""
    courses = {c.key: c for c in problem.courses}
    officers = {o.key: o for o in problem.officers}
    by_competency_courses: dict[int, list[CourseSpec]] = defaultdict(list)
    for c in problem.courses:
        for comp in c.targets:
            by_competency_courses[comp].append(c)
    participants: dict[tuple[int, int], int] = defaultdict(int)
    taken: dict[int, list[CourseSpec]] = defaultdict(list)
    for o, k, p in plan.assignments:
        participants[k, p] += 1
        taken[o].append(courses[k])
    unallocated = sum(
        n * courses[k].fixed_cost for (k, p), n in plan.sessions.items() if not participants.get((k, p))
    )
    cost_unit: dict[int, float] = defaultdict(float)
    cost_comp: dict[int, float] = defaultdict(float)
    for o, k, p in plan.assignments:
        course, officer = courses[k], officers[o]
        cost = course.participant_cost + plan.sessions.get((k, p), 0) * course.fixed_cost / participants[k, p]
        cost_unit[officer.unit] += cost
        shares = {g.competency: _gap_value(officer, g, [course]) for g in officer.gaps}
        total = sum(shares.values())
        if total <= EPS:
            shares = dict.fromkeys(course.targets, 1.0)
            total = float(len(shares)) or 1.0
        for comp, share in shares.items():
            if share > 0:
                cost_comp[comp] += cost * share / total
    demand: dict[int, float] = defaultdict(float)
    closed: dict[int, float] = defaultdict(float)
    left: dict[int, dict[str, float]] = defaultdict(lambda: dict.fromkeys(REASONS, 0.0))
    left_officers: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(REASONS, 0))
    for officer in problem.officers:
        mine = taken.get(officer.key, [])
        for g in officer.gaps:
            full = g.weight * (g.required - g.current)
            done = _gap_value(officer, g, mine) if mine else 0.0
            reaching = [
                c for c in by_competency_courses.get(g.competency, ()) if c.targets[g.competency] > g.current
            ]
            best_any = _gap_value(officer, g, reaching) if reaching else 0.0
            fit = [
                c
                for c in reaching
                if any(c.key == t.key for t in mine)
                or plannable(officer, c, courses, problem.day_cap, problem.periods)
            ]
            best_fit = _gap_value(officer, g, fit) if fit else 0.0
            demand[g.competency] += full
            closed[g.competency] += done
            parts = {
                "no_course": full - best_any,
                "not_eligible": best_any - best_fit,
                "not_planned": max(0.0, best_fit - done),
            }
            for reason, amount in parts.items():
                if amount > EPS:
                    left[g.competency][reason] += amount
                    left_officers[g.competency][reason] += 1
    competencies = sorted(demand, key=lambda c: -demand[c])
    return {
        "rule": "fixed costs shared by participants; competencies pro rata to the gap each course closes",
        "cost_by_unit": {str(u): round(v, 2) for u, v in sorted(cost_unit.items(), key=lambda x: -x[1])},
        "cost_by_competency": {
            str(c): round(v, 2) for c, v in sorted(cost_comp.items(), key=lambda x: -x[1])
        },
        "cost_unallocated": round(unallocated, 2),
        "competencies": {
            str(c): {
                "demand": round(demand[c], 4),
                "closed": round(closed[c], 4),
                "left": {r: round(v, 4) for r, v in left[c].items()},
                "officers_left": left_officers[c],
            }
            for c in competencies
        },
    }


def plan_figures(problem: Problem, plan: Plan) -> dict[str, Any]:
    """Headline figures of one plan (greedy's or the optimiser's), to set side by side."""
    courses = {c.key: c for c in problem.courses}
    fixed = sum(n * courses[k].fixed_cost for (k, _p), n in plan.sessions.items())
    per_participant = sum(courses[k].participant_cost for _o, k, _p in plan.assignments)
    return {
        "cost_total": round(fixed + per_participant, 2),
        "sessions": sum(plan.sessions.values()),
        "assignments": len(plan.assignments),
        "officers_assigned": len({o for o, _k, _p in plan.assignments}),
    }
