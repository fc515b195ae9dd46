"""Check a plan against every constraint, and the locked decisions against themselves."""

from __future__ import annotations

import math
from collections import defaultdict

from cadre.planning.solver.eligibility import missing, plannable
from cadre.planning.solver.instance import EPS, CourseSpec, Evaluation, OfficerSpec, Plan, Problem
from cadre.planning.solver.objective import officer_value


def index(problem: Problem) -> tuple[dict[int, CourseSpec], dict[int, OfficerSpec]]:
    return {c.key: c for c in problem.courses}, {o.key: o for o in problem.officers}


def evaluate(problem: Problem, plan: Plan) -> Evaluation:
    """Recompute the objective and list every violated constraint (an empty list: a valid plan)."""
    courses, officers = index(problem)
    bad: list[str] = []
    by_officer: dict[int, list[CourseSpec]] = defaultdict(list)
    participants: dict[tuple[int, int], int] = defaultdict(int)
    away: dict[tuple[int, int], int] = defaultdict(int)
    unit_spend: dict[int, float] = defaultdict(float)
    seen = set()
    locked = set(problem.locked_assignments)
    planned_periods: dict[tuple[int, int], list[int]] = defaultdict(list)
    for o, k, p in plan.assignments:
        planned_periods[o, k].append(p)
    for o, k, p in plan.assignments:
        officer, course = officers[o], courses[k]
        if (o, k) in seen:
            bad.append(f"officer {o} assigned to course {k} twice")
        seen.add((o, k))
        if not 0 <= p < problem.periods:
            bad.append(f"period {p} out of range")
        if course.languages and not (course.languages & officer.languages):
            bad.append(f"language: officer {o} course {k}")
        lacking = missing(officer, course)
        if any(q not in courses for q in lacking):
            bad.append(f"prerequisites: officer {o} course {k}")
        else:
            for before in sorted(lacking):
                if not any(earlier < p for earlier in planned_periods.get((o, before), ())):
                    bad.append(
                        f"prerequisite not planned earlier: officer {o} course {k} period {p} "
                        f"needs course {before} in an earlier period"
                    )
        if (o, k, p) not in locked and officer_value(officer, [course]) <= EPS:
            bad.append(f"no gap closed: officer {o} course {k}")
        by_officer[o].append(course)
        participants[k, p] += 1
        away[officer.unit, p] += 1
        unit_spend[officer.unit] += course.participant_cost
    cost = sum(courses[k].participant_cost for _, k, _ in plan.assignments)
    instructor: dict[tuple[str, int], float] = defaultdict(float)
    for (k, p), n in plan.sessions.items():
        course = courses[k]
        cost += n * course.fixed_cost
        if course.qualification:
            instructor[course.qualification, p] += n * course.instructor_days
    for key in set(participants) | set(plan.sessions):
        n, s = participants.get(key, 0), plan.sessions.get(key, 0)
        course = courses[key[0]]
        if n > s * course.seats:
            bad.append(f"seats: course {key[0]} period {key[1]}: {n} > {s} x {course.seats}")
        if n < s * course.min_fill:
            bad.append(f"minimum fill: course {key[0]} period {key[1]}: {n} < {s} x {course.min_fill}")
    if cost > problem.budget * (1 + 1e-9) + EPS:
        bad.append(f"budget: {cost:.2f} > {problem.budget:.2f}")
    for (q, p), used in instructor.items():
        have = problem.instructor_days.get(q, [0.0] * problem.periods)[p]
        if used > have + EPS:
            bad.append(f"instructor-days: {q} period {p}: {used} > {have}")
    for o, taken in by_officer.items():
        if sum(c.days for c in taken) > problem.day_cap + EPS:
            bad.append(f"day cap: officer {o}")
    for (u, p), n in away.items():
        if u in problem.unit_caps and n > problem.unit_caps[u]:
            bad.append(f"unit cap: unit {u} period {p}: {n} > {problem.unit_caps[u]}")
    for u, spent in unit_spend.items():
        if u in problem.unit_budgets and spent > problem.unit_budgets[u] + EPS:
            bad.append(f"unit budget: unit {u}: {spent:.2f} > {problem.unit_budgets[u]:.2f}")
    planned = set(plan.assignments)
    for lock in problem.locked_assignments:
        if lock not in planned:
            bad.append(f"locked assignment dropped: {lock}")
    for k, p, n in problem.locked_sessions:
        if plan.sessions.get((k, p), 0) < n:
            bad.append(f"locked sessions dropped: course {k} period {p}")
    objective = sum(officer_value(officers[o], taken) for o, taken in by_officer.items())
    return Evaluation(objective=objective, cost=cost, violations=bad)


def lock_conflicts(problem: Problem) -> list[str]:
    """Name the constraints the locked decisions alone already break (an empty list: consistent)."""
    courses, officers = index(problem)
    out = []
    for o, k, p in problem.locked_assignments:
        if o not in officers or k not in courses:
            out.append(f"locked assignment ({o}, {k}) names an unknown officer or course")
            continue
        officer, course = officers[o], courses[k]
        if course.languages and not (course.languages & officer.languages):
            out.append(f"locked assignment: officer {o} speaks none of course {k}'s languages")
        lacking = missing(officer, course)
        if any(q not in courses for q in lacking):
            out.append(f"locked assignment: officer {o} lacks the prerequisites of course {k}")
            continue
        for q in sorted(lacking):
            # a locked assignment of the prerequisite in an earlier period makes the lock consistent
            if not any(o2 == o and k2 == q and p2 < p for o2, k2, p2 in problem.locked_assignments):
                out.append(
                    f"locked assignment: officer {o} takes course {k} in period {p} without its "
                    f"prerequisite course {q} locked in an earlier period"
                )
    sessions = {(k, p): n for k, p, n in problem.locked_sessions}
    for _o, k, p in problem.locked_assignments:
        if k in courses:
            seats = courses[k].seats
            need = math.ceil(sum(1 for _, k2, p2 in problem.locked_assignments if (k2, p2) == (k, p)) / seats)
            sessions[k, p] = max(sessions.get((k, p), 0), need)
    plan = Plan(sessions=sessions, assignments=list(problem.locked_assignments))
    for v in evaluate(problem, plan).violations:
        if not v.startswith(("minimum fill", "locked", "prerequisite not planned")) and v not in out:
            out.append(f"locked decisions alone break {v}")
    for (k, p), n in sessions.items():
        eligible_count = (
            sum(
                1
                for o in problem.officers
                if plannable(o, courses[k], courses, problem.day_cap, problem.periods)
            )
            if k in courses
            else 0
        )
        if k in courses and eligible_count < n * courses[k].min_fill:
            out.append(
                f"minimum fill: course {k} period {p} needs {n * courses[k].min_fill} participants, "
                f"only {eligible_count} officers are eligible"
            )
    return out
