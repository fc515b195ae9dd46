"""The exact MIP of the annual plan: one binary per (officer, course, period), nothing left out.

The reference the decomposition is checked against, and the solve of small instances. Unlike the
compact model (``mip``) it keeps every course that closes a gap (no candidate limit) and orders
planned prerequisites: ``x[o,k,p] <= sum over p' < p of x[o,q,p']`` for each prerequisite course
``q`` the officer lacks. The objective is ``evaluate``'s: for each gap, the levels a set of
courses reaches are grouped by the set of courses reaching them; a group of ``n`` levels closes
``min(n, n x sum of e_k x[o,k])`` (one course alone: its coefficient). Values are divided by the
largest weight and costs by the budget, so HiGHS sees coefficients near 1.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from cadre.planning.solver.eligibility import missing
from cadre.planning.solver.evaluation import evaluate
from cadre.planning.solver.highs import highs_quiet
from cadre.planning.solver.instance import EPS, CourseSpec, OfficerSpec, Plan, Problem
from cadre.planning.solver.mip import _Model
from cadre.planning.solver.objective import officer_value, reach_groups


@dataclass
class ExactModel:
    model: _Model
    x: dict[tuple[int, int, int], int]  # (officer, course, period) -> column
    s: dict[tuple[int, int], int]  # (course, period) -> column
    scale: float


@dataclass
class ExactResult:
    plan: Plan | None
    objective: float | None
    bound: float | None
    status: str  # HiGHS's model status, lower case ("optimal", "time limit reached", ...)
    seconds: float


def pairs(problem: Problem) -> dict[int, list[int]]:
    """Per officer, the courses it may take: closing a gap (or locked), in a language it speaks,
    within the day cap, each lacking prerequisite a course it may take as well."""
    courses = {c.key: c for c in problem.courses}
    locked = {(o, k) for o, k, _p in problem.locked_assignments}
    out: dict[int, list[int]] = {}
    for off in problem.officers:
        ok = {
            c.key
            for c in problem.courses
            if (officer_value(off, [c]) > EPS or (off.key, c.key) in locked)
            and (not c.languages or c.languages & off.languages)
            and c.days <= problem.day_cap + EPS
        }
        while True:  # a course whose prerequisite course is not takeable cannot be taken
            kept = {k for k in ok if missing(off, courses[k]) <= ok}
            if kept == ok:
                break
            ok = kept
        out[off.key] = sorted(ok)
    return out


def build_exact(problem: Problem) -> ExactModel:
    """Columns and rows of the exact model (see the module docstring)."""
    courses = {c.key: c for c in problem.courses}
    weights = [g.weight for off in problem.officers for g in off.gaps] or [1.0]
    scale = max(max(weights), EPS)
    budget = max(problem.budget, EPS)
    m = _Model([], [], [], [], [], [], [], [], [])
    locked = set(problem.locked_assignments)
    x: dict[tuple[int, int, int], int] = {}
    taken = pairs(problem)
    for off in problem.officers:
        for k in taken[off.key]:
            for p in range(problem.periods):
                x[off.key, k, p] = m.col(0.0, 1.0 if (off.key, k, p) in locked else 0.0, 1.0, True)
        _officer_rows(m, problem, off, taken[off.key], courses, x, scale)
    s = _session_rows(m, problem, courses, x, budget)
    return ExactModel(m, x, s, scale)


def _officer_rows(
    m: _Model,
    problem: Problem,
    off: OfficerSpec,
    ks: list[int],
    courses: dict[int, CourseSpec],
    x: dict[tuple[int, int, int], int],
    scale: float,
) -> None:
    """Once per course, prerequisites earlier, the day cap, and the objective of ``off``."""
    periods = range(problem.periods)
    for k in ks:
        m.row([(x[off.key, k, p], 1.0) for p in periods], -math.inf, 1.0)
        for q in sorted(missing(off, courses[k])):
            for p in periods:
                earlier = [(x[off.key, q, e], -1.0) for e in range(p)]
                m.row([(x[off.key, k, p], 1.0), *earlier], -math.inf, 0.0)
    if sum(courses[k].days for k in ks) > problem.day_cap + EPS:
        m.row([(x[off.key, k, p], courses[k].days) for k in ks for p in periods], -math.inf, problem.day_cap)
    for g in off.gaps:
        for reach, levels in reach_groups(g, courses, ks).items():
            value = g.weight / scale * levels
            if len(reach) == 1:
                for p in periods:
                    m.cost[x[off.key, reach[0], p]] += value * min(1.0, courses[reach[0]].effectiveness)
                continue
            h = m.col(g.weight / scale, 0.0, float(levels), False)
            terms = [(x[off.key, k, p], -levels * courses[k].effectiveness) for k in reach for p in periods]
            m.row([(h, 1.0), *terms], -math.inf, 0.0)


def _session_rows(
    m: _Model,
    problem: Problem,
    courses: dict[int, CourseSpec],
    x: dict[tuple[int, int, int], int],
    budget: float,
) -> dict[tuple[int, int], int]:
    """Sessions with seats and minimum fill; budget, instructor-days, unit caps and budgets."""
    unit_of = {o.key: o.unit for o in problem.officers}
    by_item: dict[tuple[int, int], list[int]] = defaultdict(list)
    away: dict[tuple[int, int], list[tuple[int, float]]] = defaultdict(list)
    spend: dict[int, list[tuple[int, float]]] = defaultdict(list)
    money: list[tuple[int, float]] = []
    for (o, k, p), col in x.items():
        by_item[k, p].append(col)
        away[unit_of[o], p].append((col, 1.0))
        spend[unit_of[o]].append((col, courses[k].participant_cost))
        money.append((col, courses[k].participant_cost / budget))
    locked: dict[tuple[int, int], int] = defaultdict(int)
    for k, p, n in problem.locked_sessions:
        locked[k, p] = max(locked[k, p], n)
    s: dict[tuple[int, int], int] = {}
    instructor: dict[tuple[str, int], list[tuple[int, float]]] = defaultdict(list)
    for k, p in sorted(set(by_item) | set(locked)):
        c, members = courses[k], by_item.get((k, p), [])
        upper = max(locked[k, p], math.ceil(len(members) / max(c.min_fill, 1)))
        s[k, p] = m.col(0.0, float(locked[k, p]), float(upper), True)
        m.row([*((col, 1.0) for col in members), (s[k, p], -float(c.seats))], -math.inf, 0.0)
        m.row([*((col, 1.0) for col in members), (s[k, p], -float(c.min_fill))], 0.0, math.inf)
        money.append((s[k, p], c.fixed_cost / budget))
        if c.qualification:
            instructor[c.qualification, p].append((s[k, p], c.instructor_days))
    m.row(money, -math.inf, problem.budget / budget)
    for (q, p), entries in sorted(instructor.items()):
        have = problem.instructor_days.get(q, [0.0] * problem.periods)[p]
        m.row(entries, -math.inf, have)
    for (u, _p), entries in sorted(away.items()):
        if u in problem.unit_caps:
            m.row(entries, -math.inf, float(problem.unit_caps[u]))
    for u, entries in sorted(spend.items()):
        if u in problem.unit_budgets:
            m.row(entries, -math.inf, problem.unit_budgets[u])
    return s


def _start(built: ExactModel, plan: Plan) -> np.ndarray:
    values = np.zeros(len(built.model.cost))
    for (k, p), n in plan.sessions.items():
        if (k, p) in built.s:
            values[built.s[k, p]] = n
    for o, k, p in plan.assignments:
        if (o, k, p) in built.x:
            values[built.x[o, k, p]] = 1.0
    return values


def solve_exact(
    problem: Problem,
    *,
    time_limit: float = 60.0,
    gap: float = 0.0,
    seed: int = 7,
    threads: int = 2,
    warm: Plan | None = None,
) -> ExactResult:
    """Solve the exact model with HiGHS (``warm``: a valid plan to start from)."""
    started = time.perf_counter()
    built = build_exact(problem)
    h = highs_quiet()
    for name, value in (
        ("time_limit", float(max(time_limit, 0.05))),
        ("mip_rel_gap", float(gap)),
        ("mip_abs_gap", 1e-9),
        ("random_seed", int(seed)),
        ("threads", int(threads)),
    ):
        h.setOptionValue(name, value)
    n = len(built.model.cost)
    h.passModel(built.model.highs_lp())
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.asarray(built.model.integer, dtype=np.uint8))
    if warm is not None and n:
        h.setSolution(n, np.arange(n, dtype=np.int32), _start(built, warm))
    h.run()
    status = h.modelStatusToString(h.getModelStatus()).lower()
    info = h.getInfo()
    bound = float(info.mip_dual_bound) * built.scale if math.isfinite(info.mip_dual_bound) else None
    plan = objective = None
    if info.primal_solution_status == 2:
        values = np.asarray(h.getSolution().col_value)
        plan = _plan(built, values)
        objective = evaluate(problem, plan).objective
    if n == 0:
        plan, objective, bound, status = Plan(sessions={}, assignments=[]), 0.0, 0.0, "optimal"
    return ExactResult(plan, objective, bound, status, time.perf_counter() - started)


def _plan(built: ExactModel, values: np.ndarray) -> Plan:
    sessions = {key: round(values[col]) for key, col in built.s.items() if values[col] > 0.5}
    assignments = sorted(key for key, col in built.x.items() if values[col] > 0.5)
    return Plan(sessions=sessions, assignments=assignments)
