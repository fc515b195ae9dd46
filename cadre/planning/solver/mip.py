"""The compact HiGHS MIP of the annual plan: one binary per (officer, candidate course).

The MIP decides one binary per (officer, candidate course) and, per period, integer counts of
sessions and of each unit's participants; officers are then placed in periods from the counts.
This removes the period dimension from the per-officer variables (4x fewer binaries) without
losing anything: no constraint distinguishes two officers of one unit within a period. Having no
order between an officer's courses, it leaves out courses whose prerequisites are still to be
planned (a restriction, so its plans stay valid; column generation plans them).

Columns: x[o,k] binary per officer and candidate course; s[k,p] integer sessions; n[u,k,p] integer
participants of unit u in course k, period p; h[o,c,K] continuous closure of the gap levels of
(o, c) that only the course set K reaches (only when two or more candidates reach them: a level
one course alone reaches is folded into that course's x coefficient). Costs are divided by the
budget and values by the largest weight, so HiGHS sees coefficients near 1. Slow at scale: kept
as a fallback when greedy cannot meet the locks, and for the compact LP's marginal values.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass

import highspy
import numpy as np

from cadre.planning.solver.eligibility import missing
from cadre.planning.solver.evaluation import evaluate, lock_conflicts
from cadre.planning.solver.greedy import cancelled_after_greedy, candidates, greedy
from cadre.planning.solver.highs import highs_quiet
from cadre.planning.solver.instance import EPS, CourseSpec, Plan, Problem, Result
from cadre.planning.solver.objective import reach_groups
from cadre.planning.solver.progress import Progress


@dataclass
class _Model:
    cost: list[float]
    lower: list[float]
    upper: list[float]
    integer: list[int]
    rows_lower: list[float]
    rows_upper: list[float]
    coo_row: list[int]
    coo_col: list[int]
    coo_val: list[float]

    def col(self, cost: float, lower: float, upper: float, integer: bool) -> int:
        self.cost.append(cost)
        self.lower.append(lower)
        self.upper.append(upper)
        self.integer.append(1 if integer else 0)
        return len(self.cost) - 1

    def row(self, entries: list[tuple[int, float]], lower: float, upper: float) -> int:
        r = len(self.rows_lower)
        self.rows_lower.append(lower)
        self.rows_upper.append(upper)
        for c, v in entries:
            self.coo_row.append(r)
            self.coo_col.append(c)
            self.coo_val.append(v)
        return r

    def highs_lp(self) -> highspy.HighsLp:
        lp = highspy.HighsLp()
        n = len(self.cost)
        lp.num_col_, lp.num_row_ = n, len(self.rows_lower)
        lp.col_cost_ = np.asarray(self.cost, dtype=np.float64)
        lp.col_lower_ = np.asarray(self.lower, dtype=np.float64)
        lp.col_upper_ = np.asarray(self.upper, dtype=np.float64)
        lp.row_lower_ = np.asarray(self.rows_lower, dtype=np.float64)
        lp.row_upper_ = np.asarray(self.rows_upper, dtype=np.float64)
        cols = np.asarray(self.coo_col, dtype=np.int64)
        order = np.argsort(cols, kind="stable")
        counts = np.bincount(cols, minlength=n)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
        lp.a_matrix_.index_ = np.asarray(self.coo_row, dtype=np.int32)[order]
        lp.a_matrix_.value_ = np.asarray(self.coo_val, dtype=np.float64)[order]
        lp.sense_ = highspy.ObjSense.kMaximize
        return lp


@dataclass
class Built:
    model: _Model
    x: dict[tuple[int, int], int]
    s: dict[tuple[int, int], int]
    n: dict[tuple[int, int, int], int]
    scale: float
    rows: dict[str, int | dict[tuple[str, int], int]]


def build(problem: Problem, candidate_limit: int | None = 12) -> Built:
    """The MIP of ``problem`` over pruned candidates (eligible courses that close some gap)."""
    courses = {c.key: c for c in problem.courses}
    cands, locked = _candidates(problem, courses, candidate_limit)
    weights = [g.weight for off in problem.officers for g in off.gaps] or [1.0]
    scale = max(max(weights), EPS)
    budget = max(problem.budget, EPS)
    m = _Model([], [], [], [], [], [], [], [], [])
    x = _officer_columns(m, problem, courses, cands, locked, scale)
    s, n, coupling = _session_columns(m, problem, courses, x, locked, budget)
    rows = _coupling_rows(m, problem, courses, x, n, budget, coupling)
    return Built(m, x, s, n, scale, rows)


def _candidates(
    problem: Problem, courses: dict[int, CourseSpec], candidate_limit: int | None
) -> tuple[dict[int, list[int]], dict[tuple[int, int, int], int]]:
    """Candidate courses per officer (locked ones included) and the locked (officer, course, period)."""
    cands = candidates(problem, candidate_limit)
    # no periods per officer here, so no order between courses: a course whose prerequisites are
    # still to be planned is left out (a restriction: every plan of this model stays valid)
    officers = {o.key: o for o in problem.officers}
    cands = {o: [k for k in ks if not missing(officers[o], courses[k])] for o, ks in cands.items()}
    locked: dict[tuple[int, int, int], int] = defaultdict(int)
    for lo, lk, lp in problem.locked_assignments:
        if lk not in cands.setdefault(lo, []):
            cands[lo].append(lk)
        locked[lo, lk, lp] += 1
    return cands, locked


def _officer_columns(
    m: _Model,
    problem: Problem,
    courses: dict[int, CourseSpec],
    cands: dict[int, list[int]],
    locked: dict[tuple[int, int, int], int],
    scale: float,
) -> dict[tuple[int, int], int]:
    """x per (officer, candidate), the closure columns and rows of shared gap levels, day caps."""
    x: dict[tuple[int, int], int] = {}
    day_rows = []
    for off in problem.officers:
        chosen = cands.get(off.key, [])
        for k in chosen:
            lock = any(o2 == off.key and k2 == k for (o2, k2, _p) in locked)
            x[off.key, k] = m.col(0.0, 1.0 if lock else 0.0, 1.0, True)
        for g in off.gaps:
            for reach, levels in reach_groups(g, courses, chosen).items():
                value = g.weight / scale * levels
                if len(reach) == 1:
                    k = reach[0]
                    m.cost[x[off.key, k]] += value * min(1.0, courses[k].effectiveness)
                else:
                    h = m.col(g.weight / scale, 0.0, float(levels), False)
                    m.row(
                        [(h, 1.0)] + [(x[off.key, k], -levels * courses[k].effectiveness) for k in reach],
                        -math.inf,
                        0.0,
                    )
        if sum(courses[k].days for k in chosen) > problem.day_cap + EPS:
            day_rows.append(
                m.row([(x[off.key, k], courses[k].days) for k in chosen], -math.inf, problem.day_cap)
            )
    return x


@dataclass
class _Coupling:
    """Entries of the rows that couple courses: budget, instructor-days, unit away caps."""

    budget: list[tuple[int, float]]
    instructor: dict[tuple[str, int], list[tuple[int, float]]]
    away: dict[tuple[int, int], list[tuple[int, float]]]


def _session_columns(
    m: _Model,
    problem: Problem,
    courses: dict[int, CourseSpec],
    x: dict[tuple[int, int], int],
    locked: dict[tuple[int, int, int], int],
    budget: float,
) -> tuple[dict[tuple[int, int], int], dict[tuple[int, int, int], int], _Coupling]:
    """Sessions and unit participants per period, with their seat and minimum-fill rows."""
    takers: dict[int, set[int]] = defaultdict(set)  # course -> units with candidates
    unit_of = {o.key: o.unit for o in problem.officers}
    for o, k in x:
        takers[k].add(unit_of[o])
    locked_sessions: dict[tuple[int, int], int] = defaultdict(int)
    for k, p, cnt in problem.locked_sessions:
        locked_sessions[k, p] = max(locked_sessions[k, p], cnt)
    s: dict[tuple[int, int], int] = {}
    n: dict[tuple[int, int, int], int] = {}
    coupling = _Coupling([], defaultdict(list), defaultdict(list))
    locked_units: dict[tuple[int, int, int], int] = defaultdict(int)
    for (o, k, p), cnt in locked.items():
        locked_units[unit_of[o], k, p] += cnt
    for k in sorted(set(takers) | {k for k, _ in locked_sessions}):
        c = courses[k]
        size = sum(1 for (o, k2) in x if k2 == k)
        for p in range(problem.periods):
            upper = max(locked_sessions[k, p], math.ceil(size / max(c.min_fill, 1)))
            s[k, p] = m.col(0.0, float(locked_sessions[k, p]), float(upper), True)
            coupling.budget.append((s[k, p], c.fixed_cost / budget))
            if c.qualification:
                coupling.instructor[c.qualification, p].append((s[k, p], c.instructor_days))
            members = []
            for u in sorted(takers.get(k, ())):
                n[u, k, p] = m.col(0.0, float(locked_units[u, k, p]), math.inf, True)
                members.append((n[u, k, p], 1.0))
                coupling.away[u, p].append((n[u, k, p], 1.0))
            m.row([*members, (s[k, p], -float(c.seats))], -math.inf, 0.0)
            m.row([*members, (s[k, p], -float(c.min_fill))], 0.0, math.inf)
    return s, n, coupling


def _coupling_rows(
    m: _Model,
    problem: Problem,
    courses: dict[int, CourseSpec],
    x: dict[tuple[int, int], int],
    n: dict[tuple[int, int, int], int],
    budget: float,
    coupling: _Coupling,
) -> dict[str, int | dict[tuple[str, int], int]]:
    """Each unit's takers spread over the periods; budget, instructor, unit cap and budget rows."""
    unit_of = {o.key: o.unit for o in problem.officers}
    budget_entries = coupling.budget
    by_unit_course: dict[tuple[int, int], list[tuple[int, float]]] = defaultdict(list)
    unit_spend: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for (o, k), col in x.items():
        by_unit_course[unit_of[o], k].append((col, -1.0))
        budget_entries.append((col, courses[k].participant_cost / budget))
        unit_spend[unit_of[o]].append((col, courses[k].participant_cost))
    for (u, k), entries in by_unit_course.items():
        m.row(entries + [(n[u, k, p], 1.0) for p in range(problem.periods)], 0.0, 0.0)
    rows: dict[str, int | dict[tuple[str, int], int]] = {}
    rows["budget"] = m.row(budget_entries, -math.inf, problem.budget / budget)
    qual_rows: dict[tuple[str, int], int] = {}
    for (q, p), entries in coupling.instructor.items():
        have = problem.instructor_days.get(q, [0.0] * problem.periods)[p]
        qual_rows[q, p] = m.row(entries, -math.inf, have)
    rows["instructors"] = qual_rows
    for (u, _p), entries in coupling.away.items():
        if u in problem.unit_caps:
            m.row(entries, -math.inf, float(problem.unit_caps[u]))
    for u, entries in unit_spend.items():
        if u in problem.unit_budgets:
            m.row(entries, -math.inf, problem.unit_budgets[u])
    return rows


def _warm_start(built: Built, problem: Problem, plan: Plan) -> np.ndarray:
    values = np.asarray(built.model.lower, dtype=np.float64).copy()
    unit_of = {o.key: o.unit for o in problem.officers}
    for col in built.n.values():
        values[col] = 0.0
    for (k, p), cnt in plan.sessions.items():
        if (k, p) in built.s:
            values[built.s[k, p]] = cnt
    for o, k, p in plan.assignments:
        if (o, k) in built.x:
            values[built.x[o, k]] = 1
            values[built.n[unit_of[o], k, p]] += 1
    return values


def _placement(built: Built, problem: Problem, values: np.ndarray) -> Plan:
    """Officers into periods from the per-unit counts, locked assignments first."""
    unit_of = {o.key: o.unit for o in problem.officers}
    takers: dict[tuple[int, int], list[int]] = defaultdict(list)
    for (o, k), col in built.x.items():
        if values[col] > 0.5:
            takers[unit_of[o], k].append(o)
    slots = {key: round(values[col]) for key, col in built.n.items()}
    assignments = []
    for o, k, p in problem.locked_assignments:
        assignments.append((o, k, p))
        slots[unit_of[o], k, p] -= 1
        takers[unit_of[o], k].remove(o)
    for (u, k), officers in takers.items():
        for o in officers:
            p = next(p for p in range(problem.periods) if slots.get((u, k, p), 0) > 0)
            slots[u, k, p] -= 1
            assignments.append((o, k, p))
    sessions = {key: round(values[col]) for key, col in built.s.items() if values[col] > 0.5}
    return Plan(sessions=sessions, assignments=sorted(assignments))


def solve_compact(
    problem: Problem,
    *,
    time_limit: float = 60.0,
    gap: float = 0.005,
    seed: int = 7,
    threads: int = 2,
    candidate_limit: int | None = None,
    warm: Result | None = None,
    progress: Progress | None = None,
) -> Result:
    """The compact MIP (x per officer x course), warm-started from greedy: slow at scale, kept as a fallback."""
    started = time.perf_counter()
    base = warm or greedy(problem)
    if progress is not None and not progress({"phase": "greedy", "objective": base.objective}):
        return cancelled_after_greedy(problem, base, started)
    conflicts = lock_conflicts(problem) + [c for c in base.conflicts if c.startswith("greedy could not")]
    built = build(problem, candidate_limit)
    h = highs_quiet()
    for name, value in (
        ("time_limit", float(time_limit)),
        ("mip_rel_gap", float(gap)),
        ("random_seed", int(seed)),
        ("threads", int(threads)),
        ("presolve", "on"),
    ):
        h.setOptionValue(name, value)
    h.passModel(built.model.highs_lp())
    h.changeColsIntegrality(
        len(built.model.integer),
        np.arange(len(built.model.integer), dtype=np.int32),
        np.asarray(built.model.integer, dtype=np.uint8),
    )
    if not base.conflicts:
        values = _warm_start(built, problem, base.plan)
        h.setSolution(len(values), np.arange(len(values), dtype=np.int32), values)
    h.run()
    status = h.modelStatusToString(h.getModelStatus())
    info = h.getInfo()
    bound = float(info.mip_dual_bound) * built.scale if math.isfinite(info.mip_dual_bound) else None
    plan = base.plan
    objective = base.objective
    method = "greedy"
    if info.primal_solution_status == 2:  # a feasible solution exists
        candidate = _placement(built, problem, np.asarray(h.getSolution().col_value))
        checked = evaluate(problem, candidate)
        base_valid = not evaluate(problem, base.plan).violations
        if not checked.violations and (checked.objective >= objective - EPS or not base_valid):
            plan, objective, method = candidate, checked.objective, "highs"
    if method == "highs":
        conflicts = [c for c in conflicts if not c.startswith("greedy could not")]
    if bound is not None and bound < objective:
        bound = objective  # bound from the pruned model; the returned plan cannot beat its own optimum
    result_status = "conflicts" if conflicts else ("infeasible" if "nfeasible" in status else status.lower())
    return Result(
        method,
        result_status,
        plan,
        objective,
        bound,
        time.perf_counter() - started,
        conflicts,
        base.objective,
    )


def lp_duals_compact(problem: Problem, candidate_limit: int | None = 12) -> dict[str, object]:
    """Marginal values from the compact LP relaxation: one more unit of budget, one more instructor-day."""
    built = build(problem, candidate_limit)
    h = highs_quiet()
    h.passModel(built.model.highs_lp())
    h.run()
    duals = np.asarray(h.getSolution().row_dual)
    budget_row = built.rows["budget"]
    assert isinstance(budget_row, int)
    qual_rows = built.rows["instructors"]
    assert isinstance(qual_rows, dict)
    per_budget = abs(float(duals[budget_row])) * built.scale / max(problem.budget, EPS) if len(duals) else 0.0
    return {
        "budget": per_budget,
        "instructor_day": {f"{q}|{p}": abs(float(duals[r])) * built.scale for (q, p), r in qual_rows.items()},
    }
