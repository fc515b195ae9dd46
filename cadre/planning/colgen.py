"""Column generation for the annual plan: officer classes, course patterns, an LP bound, a MIP.

Officers with the same gaps, unit, languages and completed courses form a *class* (they are
interchangeable for every constraint and for the objective). A *pattern* is what one officer does
in the year: a set of (course, period) items within the day cap, each course after the missing
prerequisite courses it needs (never stored otherwise). The master LP chooses, per class,
how many of its officers take each generated pattern (a convexity row per class: at most its size),
and per course and period how many sessions to open:

* budget: sum of pattern participant costs + session fixed costs <= budget (scaled to 1);
* seats and minimum fill per (course, period); instructor-days per (qualification, period);
* unit away caps per (unit, period); unit budgets on participant costs;
* locked assignments: the locked officer is a class of one whose patterns all contain the locked
  items (convexity row = 1); locked sessions: lower bounds on the session counts.

Pricing, per class, enumerates the subsets of its best ``max_candidates`` courses (vectorised:
values do not depend on the duals and are computed once) and puts each course in its cheapest
period under the duals. The bound reported is the Lagrangian (Farley) bound
``z_master + sum over classes of size x max(0, best reduced cost)``, where the best reduced cost
also counts, by subadditivity of the objective, every positive-reduced-cost course beyond the
enumerated ones; it is a valid upper bound on the optimum of the whole problem at every
iteration, and equals the LP optimum when pricing finds nothing. The integer plan is a HiGHS MIP
over the generated columns, warm-started from greedy. Values are divided by the largest gap
weight and costs by the budget (or the row's own capacity), so coefficients stay near 1.
"""

from __future__ import annotations

import itertools
import math
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import highspy
import numpy as np

from cadre.planning.highs import highs_quiet
from cadre.planning.rounding import lp_guided
from cadre.planning.solver import (
    EPS,
    CourseSpec,
    OfficerSpec,
    Plan,
    Problem,
    candidates,
    evaluate,
    missing,
)

INF = highspy.kHighsInf


@dataclass
class OfficerClass:
    members: list[int]
    officer: OfficerSpec
    cands: list[int]  # enumerated course keys
    tail: list[int]  # further eligible courses (counted in the bound only)
    forced: dict[int, int] = field(default_factory=dict)  # locked course -> period


@dataclass
class ColgenResult:
    plan: Plan | None
    objective: float | None
    bound: float | None
    lp_value: float
    iterations: int
    columns: int
    classes: int
    status: str
    duals: dict[str, object]
    seconds_lp: float
    seconds_mip: float
    stages: list[dict[str, object]] = field(default_factory=list)
    log: list[dict[str, float]] = field(default_factory=list)  # per pricing round: lp, bound, seconds
    prices: dict[str, dict[object, float]] = field(default_factory=dict)  # objective units per unit
    master: Master | None = None  # kept when no MIP is asked for (mip=False): tests round its LP
    x: np.ndarray | None = None


Progress = Callable[[dict[str, object]], bool]
"""Called at each pricing round and MIP stage with the phase and figures; False asks to stop."""

SOLVING = ("optimal", "converged", "iteration or time limit", "cancelled", "priced")


def officer_classes(
    problem: Problem, max_candidates: int, cands: dict[int, list[int]] | None = None
) -> list[OfficerClass]:
    """Group interchangeable officers; locked officers stay alone with their locked items."""
    forced: dict[int, dict[int, int]] = defaultdict(dict)
    for o, k, p in problem.locked_assignments:
        forced[o][k] = p
    cands = cands if cands is not None else candidates(problem)
    courses = {c.key: c for c in problem.courses}

    def enumerated(off: OfficerSpec, ks: list[int], room: int, fixed: frozenset[int]) -> list[int]:
        """The first ``room`` of ``ks`` whose missing prerequisite courses are enumerated too (a
        course without them goes to the tail, where the bound counts it alone)."""
        head = ks[:room]
        while True:
            have = set(head) | fixed
            kept = [k for k in head if missing(off, courses[k]) <= have]
            if len(kept) == len(head):
                return kept
            head = kept

    groups: dict[tuple[object, ...], OfficerClass] = {}
    out: list[OfficerClass] = []
    for off in problem.officers:
        chosen = cands.get(off.key, [])
        if off.key in forced:
            locked = forced[off.key]
            rest = enumerated(
                off,
                [k for k in chosen if k not in locked],
                max(0, max_candidates - len(locked)),
                frozenset(locked),
            )
            tail = [k for k in chosen if k not in locked and k not in rest]
            out.append(OfficerClass([off.key], off, [*locked, *rest], tail, dict(locked)))
            continue
        key = (off.unit, off.gaps, off.languages, off.completed)
        if key in groups:
            groups[key].members.append(off.key)
            continue
        head = enumerated(off, chosen, max_candidates, frozenset())
        cls = OfficerClass([off.key], off, head, [k for k in chosen if k not in head])
        groups[key] = cls
        out.append(cls)
    return out


_BITS: dict[int, np.ndarray] = {}


def _bits(m: int) -> np.ndarray:
    if m not in _BITS:
        _BITS[m] = ((np.arange(1 << m)[:, None] >> np.arange(m)[None, :]) & 1).astype(np.float64)
    return _BITS[m]


def _reach(officer: OfficerSpec, courses: list[CourseSpec]) -> tuple[np.ndarray, np.ndarray]:
    """Per gap level: its weight, and the effectiveness each course brings to it (0 if it does not reach)."""
    weights, rows = [], []
    for g in officer.gaps:
        targets = [c.targets.get(g.competency, 0) for c in courses]
        if max(targets, default=0) <= g.current:
            continue
        for level in range(g.current + 1, g.required + 1):
            row = [c.effectiveness if t >= level else 0.0 for c, t in zip(courses, targets, strict=True)]
            if any(row):
                weights.append(g.weight)
                rows.append(row)
    return np.asarray(weights, dtype=np.float64), np.asarray(rows, dtype=np.float64).reshape(
        len(rows), len(courses)
    )


@dataclass
class _Group:
    """Classes with the same number of enumerated courses, priced together."""

    classes: np.ndarray  # class indices
    units: np.ndarray  # unit index per class
    course_idx: np.ndarray  # (n, m) course indices
    values: np.ndarray  # (n, 2^m) scaled pattern values, -inf where infeasible
    forced_mask: np.ndarray  # (n, m) bool
    forced_period: np.ndarray  # (n, m) int
    # per class: (course position, positions of its missing prerequisite courses)
    deps: list[list[tuple[int, tuple[int, ...]]]] = field(default_factory=list)


class Master:
    def __init__(self, problem: Problem, classes: list[OfficerClass], scale: float) -> None:
        self.problem, self.classes, self.scale = problem, classes, scale
        self.courses = {c.key: c for c in problem.courses}
        self.course_keys = sorted(
            {k for cls in classes for k in (*cls.cands, *cls.tail)}
            | {k for k, _p, _n in problem.locked_sessions}
        )
        self.kpos = {k: i for i, k in enumerate(self.course_keys)}
        self.unit_keys = sorted({cls.officer.unit for cls in classes})
        self.upos = {u: i for i, u in enumerate(self.unit_keys)}
        self.budget = max(problem.budget, EPS)
        self.row_lower: list[float] = []
        self.row_upper: list[float] = []
        self.row_kind: list[str] = []
        self.col_cost: list[float] = []
        self.col_lower: list[float] = []
        self.col_upper: list[float] = []
        self.col_entries: list[list[tuple[int, float]]] = []
        self.patterns: list[tuple[int, tuple[tuple[int, int], ...]]] = []  # (class, items) per pattern col
        self.pattern_col: dict[tuple[int, tuple[tuple[int, int], ...]], int] = {}
        self.class_cols: dict[int, list[int]] = defaultdict(list)
        self.col_items: dict[int, tuple[tuple[int, int], ...]] = {}
        self.cut_row: dict[tuple[int, int, int], int] = {}  # (class, course, period) -> linking row

    def row(self, lower: float, upper: float, kind: str) -> int:
        self.row_lower.append(lower)
        self.row_upper.append(upper)
        self.row_kind.append(kind)
        return len(self.row_lower) - 1

    def build_rows(self, elastic: bool) -> None:
        problem, periods = self.problem, self.problem.periods
        self.r_budget = self.row(-INF, 1.0, "budget")
        self.r_seat: dict[tuple[int, int], int] = {}
        self.r_fill: dict[tuple[int, int], int] = {}
        for k in self.course_keys:
            for p in range(periods):
                self.r_seat[k, p] = self.row(-INF, 0.0, "seat")
                self.r_fill[k, p] = self.row(0.0, INF, "fill")
        self.r_instr: dict[tuple[str, int], int] = {}
        self.instr_scale: dict[tuple[str, int], float] = {}
        for k in self.course_keys:
            q = self.courses[k].qualification
            if q:
                for p in range(periods):
                    if (q, p) not in self.r_instr:
                        have = problem.instructor_days.get(q, [0.0] * periods)[p]
                        self.instr_scale[q, p] = max(have, 1.0)
                        self.r_instr[q, p] = self.row(-INF, have / self.instr_scale[q, p], "instructors")
        self.r_cap = {
            (u, p): self.row(-INF, float(problem.unit_caps[u]), "unit cap")
            for u in self.unit_keys
            if u in problem.unit_caps
            for p in range(periods)
        }
        self.r_ubudget = {
            u: self.row(-INF, 1.0, "unit budget") for u in self.unit_keys if u in problem.unit_budgets
        }
        self.r_conv = [
            self.row(1.0 if cls.forced else -INF, float(len(cls.members)), "class") for cls in self.classes
        ]
        # sessions
        locked: dict[tuple[int, int], int] = defaultdict(int)
        for k, p, n in problem.locked_sessions:
            locked[k, p] = max(locked[k, p], n)
        takers: dict[int, int] = defaultdict(int)
        for cls in self.classes:
            for k in (*cls.cands, *cls.tail):
                takers[k] += len(cls.members)
        self.s_col: dict[tuple[int, int], int] = {}
        for k in self.course_keys:
            c = self.courses[k]
            for p in range(periods):
                upper = max(locked[k, p], math.ceil(takers[k] / max(c.min_fill, 1)))
                entries = [
                    (self.r_budget, c.fixed_cost / self.budget),
                    (self.r_seat[k, p], -float(c.seats)),
                    (self.r_fill[k, p], -float(c.min_fill)),
                ]
                if c.qualification:
                    q = c.qualification
                    entries.append((self.r_instr[q, p], c.instructor_days / self.instr_scale[q, p]))
                self.s_col[k, p] = self.col(0.0, float(locked[k, p]), float(upper), entries)
        self.first_pattern_col = len(self.col_cost)
        self.slack_cols: list[int] = []
        if elastic:  # only when greedy could not meet the locks: keeps the master feasible
            penalty = 10.0 * sum(len(c.members) * max(1.0, len(c.officer.gaps) * 4) for c in self.classes)
            for r, kind in enumerate(self.row_kind):
                if kind in ("budget", "instructors", "unit cap", "unit budget"):
                    self.slack_cols.append(self.col(-penalty, 0.0, INF, [(r, -1.0)]))
                elif kind == "fill":
                    self.slack_cols.append(self.col(-penalty, 0.0, INF, [(r, 1.0)]))

    def dual_value(self, y: np.ndarray) -> float:
        """The Lagrangian function at ``y`` without the officer classes' terms: every row at the bound
        its dual sign selects, every non-pattern column at its best bound under the prices.

        Adding each class's size x max(0, best reduced cost with no convexity price) gives an upper
        bound on the whole problem for any ``y`` with the right signs (>= 0 on rows bounded above
        only, <= 0 on rows bounded below only)."""
        total = 0.0
        for r, value in enumerate(y[: len(self.row_lower)]):
            if self.row_kind[r] == "class" or abs(value) < 1e-15:
                continue
            total += value * (self.row_upper[r] if value > 0 else self.row_lower[r])
        for j in range(self.first_pattern_col):
            reduced = self.col_cost[j] - sum(y[r] * v for r, v in self.col_entries[j])
            total += max(reduced * self.col_lower[j], reduced * self.col_upper[j])
        return total

    def col(self, cost: float, lower: float, upper: float, entries: list[tuple[int, float]]) -> int:
        self.col_cost.append(cost)
        self.col_lower.append(lower)
        self.col_upper.append(upper)
        self.col_entries.append(entries)
        return len(self.col_cost) - 1

    def pattern_entries(
        self, ci: int, items: tuple[tuple[int, int], ...]
    ) -> tuple[float, list[tuple[int, float]]]:
        cls = self.classes[ci]
        unit = cls.officer.unit
        courses = [self.courses[k] for k, _p in items]
        value = _value(cls.officer, courses) / self.scale
        pcost = sum(c.participant_cost for c in courses)
        entries: dict[int, float] = defaultdict(float)
        entries[self.r_conv[ci]] += 1.0
        if pcost:
            entries[self.r_budget] += pcost / self.budget
            if unit in self.r_ubudget:
                entries[self.r_ubudget[unit]] += pcost / max(self.problem.unit_budgets[unit], EPS)
        for k, p in items:
            if (ci, k, p) in self.cut_row:
                entries[self.cut_row[ci, k, p]] += 1.0
            entries[self.r_seat[k, p]] += 1.0
            entries[self.r_fill[k, p]] += 1.0
            if (unit, p) in self.r_cap:
                entries[self.r_cap[unit, p]] += 1.0
        return value, list(entries.items())

    def ordered(self, ci: int, items: tuple[tuple[int, int], ...]) -> bool:
        """Whether every missing prerequisite of each item is a course of the pattern in an earlier period."""
        officer = self.classes[ci].officer
        period = dict(items)
        return all(q in period and period[q] < p for k, p in items for q in missing(officer, self.courses[k]))

    def new_pattern(self, ci: int, items: tuple[tuple[int, int], ...]) -> int | None:
        """The column of a pattern (None when it exists already, or is misordered: a course
        without its missing prerequisite courses in earlier periods is never stored)."""
        items = tuple(sorted(items))
        if (ci, items) in self.pattern_col or not self.ordered(ci, items):
            return None
        value, entries = self.pattern_entries(ci, items)
        # no column bound: the class row bounds it, and a bound of its own could take the class's dual
        col = self.col(value, 0.0, INF, entries)
        self.patterns.append((ci, items))
        self.pattern_col[ci, items] = col
        self.class_cols[ci].append(col)
        self.col_items[col] = items
        return col

    def add_cuts(self, x: np.ndarray, limit: int = 20000) -> list[tuple[int, int, int, int]]:
        """Linking cuts violated by the LP solution ``x``: a class's officers in (course, period)
        <= min(class size, seats) x sessions (no session, nobody attends). Valid for every integer
        plan, so the LP bound stays valid. Returns (class, course, period, row) of the rows added."""
        found: list[tuple[float, int, int, int]] = []
        for ci, cols in self.class_cols.items():
            use: dict[tuple[int, int], float] = defaultdict(float)
            for col in cols:
                if col < len(x) and x[col] > 1e-9:
                    for k, p in self.col_items[col]:
                        use[k, p] += x[col]
            size = len(self.classes[ci].members)
            for (k, p), amount in use.items():
                if (ci, k, p) in self.cut_row:
                    continue
                coef = min(size, self.courses[k].seats)
                violation = amount - coef * x[self.s_col[k, p]]
                if violation > 1e-3 * max(1.0, amount):
                    found.append((violation, ci, k, p))
        found.sort(reverse=True)
        added = []
        for _v, ci, k, p in found[:limit]:
            r = self.row(-INF, 0.0, "link")
            self.cut_row[ci, k, p] = r
            coef = min(len(self.classes[ci].members), self.courses[k].seats)
            self.col_entries[self.s_col[k, p]].append((r, -float(coef)))
            for col in self.class_cols[ci]:
                if (k, p) in self.col_items[col]:
                    self.col_entries[col].append((r, 1.0))
            added.append((ci, k, p, r))
        return added

    def rows_csr(self, rows: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        wanted = {r: i for i, r in enumerate(rows)}
        per_row: list[list[tuple[int, float]]] = [[] for _ in rows]
        for col, entries in enumerate(self.col_entries):
            for r, v in entries:
                if r in wanted:
                    per_row[wanted[r]].append((col, v))
        counts = np.asarray([len(e) for e in per_row], dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
        index = np.asarray([c for e in per_row for c, _v in e], dtype=np.int32)
        value = np.asarray([v for e in per_row for _c, v in e], dtype=np.float64)
        return starts, index, value

    def lp(self, start: int = 0) -> highspy.HighsLp:
        lp = highspy.HighsLp()
        lp.num_col_ = len(self.col_cost) - start
        lp.num_row_ = len(self.row_lower)
        lp.col_cost_ = np.asarray(self.col_cost[start:], dtype=np.float64)
        lp.col_lower_ = np.asarray(self.col_lower[start:], dtype=np.float64)
        lp.col_upper_ = np.asarray(self.col_upper[start:], dtype=np.float64)
        lp.row_lower_ = np.asarray(self.row_lower, dtype=np.float64)
        lp.row_upper_ = np.asarray(self.row_upper, dtype=np.float64)
        starts, index, value = self.csc(start)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = starts
        lp.a_matrix_.index_ = index
        lp.a_matrix_.value_ = value
        lp.sense_ = highspy.ObjSense.kMaximize
        return lp

    def csc(self, start: int, stop: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        cols = self.col_entries[start:stop]
        counts = np.fromiter((len(e) for e in cols), dtype=np.int64, count=len(cols))
        starts = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
        index = np.fromiter((r for e in cols for r, _v in e), dtype=np.int32, count=int(counts.sum()))
        value = np.fromiter((v for e in cols for _r, v in e), dtype=np.float64, count=int(counts.sum()))
        return starts, index, value


def _value(officer: OfficerSpec, courses: list[CourseSpec]) -> float:
    from cadre.planning.solver import officer_value

    return officer_value(officer, courses)


def _ordered_periods(
    at: dict[int, int],
    deps: list[tuple[int, tuple[int, ...]]],
    cost: np.ndarray,
    forced: dict[int, int],
    cands: list[int],
    limit: int = 20000,
) -> bool:
    """Move the chosen courses ``at`` (position -> period) to the cheapest periods under ``cost``
    (position x period) that put each dependent course after its missing prerequisites; False
    when no such order exists (or trying them all would take too long).

    Pricing's vectorised reduced cost gives every course its cheapest period regardless of order:
    an optimistic estimate (never below the best ordered pattern's), so the Lagrangian bound it
    gives stays valid; only the pattern actually added is put in order here."""
    active = [(j, before) for j, before in deps if j in at]
    if all(at[i] < at[j] for j, before in active for i in before):
        return True
    periods = cost.shape[1]

    def options(j: int) -> list[int]:
        k = cands[j]
        return [forced[k]] if k in forced else list(range(periods))

    firsts = sorted({i for _j, before in active for i in before})
    if periods ** len(firsts) > limit:
        return False
    best: tuple[float, dict[int, int]] | None = None
    for choice in itertools.product(*(options(i) for i in firsts)):
        trial = dict(zip(firsts, choice, strict=True))
        total = float(sum(cost[i, p] for i, p in trial.items()))
        ok = True
        for j, before in active:
            if j in trial:
                continue  # a prerequisite of another course as well: depth 1 is not planned
            after = max(trial[i] for i in before)
            allowed = [p for p in options(j) if p > after]
            if not allowed:
                ok = False
                break
            p = min(allowed, key=lambda p: cost[j, p])
            trial[j] = p
            total += float(cost[j, p])
        if ok and (best is None or total < best[0]):
            best = (total, trial)
    if best is None:
        return False
    at.update(best[1])
    return True


def _groups(master: Master, max_candidates: int) -> list[_Group]:
    """Precompute, per class, the scaled value of every subset of its enumerated courses."""
    problem, scale = master.problem, master.scale
    by_m: dict[int, list[int]] = defaultdict(list)
    for ci, cls in enumerate(master.classes):
        if cls.cands:
            by_m[len(cls.cands)].append(ci)
    out = []
    for m, members in sorted(by_m.items()):
        bits = _bits(m)
        n = len(members)
        values = np.empty((n, 1 << m), dtype=np.float64)
        course_idx = np.zeros((n, m), dtype=np.int64)
        forced_mask = np.zeros((n, m), dtype=bool)
        forced_period = np.zeros((n, m), dtype=np.int64)
        deps: list[list[tuple[int, tuple[int, ...]]]] = []
        for row, ci in enumerate(members):
            cls = master.classes[ci]
            courses = [master.courses[k] for k in cls.cands]
            weights, reach = _reach(cls.officer, courses)
            vals = np.minimum(1.0, bits @ reach.T) @ weights / scale if len(weights) else np.zeros(1 << m)
            days = bits @ np.asarray([c.days for c in courses])
            feasible = days <= problem.day_cap + EPS
            course_idx[row] = [master.kpos[k] for k in cls.cands]
            for j, k in enumerate(cls.cands):
                if k in cls.forced:
                    forced_mask[row, j] = True
                    forced_period[row, j] = cls.forced[k]
            if forced_mask[row].any():
                need = bits[:, forced_mask[row]].all(axis=1)
                only = (bits[:, ~forced_mask[row]].sum(axis=1) == 0) & need
                feasible = (feasible & need) | only
            # a course without its missing prerequisite courses: infeasible (officer_classes keeps
            # them among the enumerated courses, so excluding these subsets keeps the bound valid)
            pos = {k: j for j, k in enumerate(cls.cands)}
            row_deps = []
            for j, k in enumerate(cls.cands):
                lacking = missing(cls.officer, master.courses[k])
                if lacking:
                    before = tuple(pos[q] for q in sorted(lacking))
                    row_deps.append((j, before))
                    feasible = feasible & ~((bits[:, j] > 0) & (bits[:, list(before)].min(axis=1) < 1))
            deps.append(row_deps)
            values[row] = np.where(feasible, vals, -np.inf)
        out.append(
            _Group(
                np.asarray(members),
                np.asarray([master.upos[master.classes[ci].officer.unit] for ci in members]),
                course_idx,
                values,
                forced_mask,
                forced_period,
                deps,
            )
        )
    return out


def solve_colgen(
    problem: Problem,
    *,
    warm: Plan | None,
    time_limit: float = 60.0,
    gap: float = 0.005,
    seed: int = 7,
    threads: int = 2,
    max_candidates: int = 10,
    lp_share: float = 0.45,
    dive_share: float = 0.75,
    cut_rounds: int = 0,
    max_iterations: int = 200,
    enumerate_limit: int = 4000,
    mip: bool = True,
    stop_gap: float = 0.001,
    progress: Progress | None = None,
    sample_over: int = 6000,
    sample_size: int = 2500,
    dive_over: int = 3000,
    lp_over: int = 50_000,
    cands: dict[int, list[int]] | None = None,
) -> ColgenResult:
    started = time.perf_counter()
    cands = cands if cands is not None else candidates(problem)
    classes = officer_classes(problem, max_candidates, cands)
    weights = [g.weight for off in problem.officers for g in off.gaps] or [1.0]
    scale = max(max(weights), EPS)
    warm_ok = warm is not None and not evaluate(problem, warm).violations
    master = Master(problem, classes, scale)
    if not master.course_keys:  # no officer can usefully attend anything: the empty plan is optimal
        empty = Plan(sessions={}, assignments=[])
        return ColgenResult(
            empty,
            0.0,
            0.0,
            0.0,
            0,
            0,
            len(classes),
            "optimal",
            {"budget": 0.0, "instructor_day": {}},
            0.0,
            0.0,
        )
    master.build_rows(elastic=not warm_ok and bool(problem.locked_assignments or problem.locked_sessions))
    # initial columns: the greedy plan's patterns, and everything on tiny instances
    class_of = {o: ci for ci, cls in enumerate(classes) for o in cls.members}
    if warm is not None:
        _pattern_counts(master, class_of, warm)
    periods = problem.periods
    total_patterns = 0
    for cls in classes:
        for r in range(len(cls.cands) + 1):
            total_patterns += math.comb(len(cls.cands), r) * periods**r
    if total_patterns <= enumerate_limit:
        for ci, cls in enumerate(classes):
            for r in range(1, len(cls.cands) + 1):
                for subset in itertools.combinations(cls.cands, r):
                    if any(k not in subset for k in cls.forced):
                        continue
                    if sum(master.courses[k].days for k in subset) > problem.day_cap + EPS and set(
                        subset
                    ) != set(cls.forced):
                        continue
                    for ps in itertools.product(range(periods), repeat=r):
                        if any(cls.forced.get(k, p) != p for k, p in zip(subset, ps, strict=True)):
                            continue
                        items = tuple(zip(subset, ps, strict=True))
                        if master.ordered(ci, items):  # misordered prerequisites: skipped
                            master.new_pattern(ci, items)
    groups = _groups(master, max_candidates)
    # the tail: (class, course) pairs beyond the enumerated ones, with their single-course values
    tail_cls, tail_k, tail_v = [], [], []
    for ci, cls in enumerate(classes):
        for k in cls.tail:
            tail_cls.append(ci)
            tail_k.append(k)
            tail_v.append(_value(cls.officer, [master.courses[k]]) / scale)
    tail_cls_a = np.asarray(tail_cls, dtype=np.int64)
    tail_k_a = np.asarray([master.kpos[k] for k in tail_k], dtype=np.int64)
    tail_v_a = np.asarray(tail_v, dtype=np.float64)
    tail_units = np.asarray([master.upos[classes[ci].officer.unit] for ci in tail_cls], dtype=np.int64)
    tail_pc = np.asarray([master.courses[k].participant_cost for k in tail_k], dtype=np.float64)
    sizes = np.asarray([len(c.members) for c in classes], dtype=np.float64)

    h = highs_quiet()
    # primal simplex: after columns are added the basis stays primal feasible (measured: the
    # re-solves of the 20,000-officer master run 3x faster than with the default dual simplex)
    for name, value in (("random_seed", int(seed)), ("threads", int(threads)), ("simplex_strategy", 4)):
        h.setOptionValue(name, value)
    h.passModel(master.lp())
    passed = len(master.col_cost)
    pc = np.asarray([master.courses[k].participant_cost for k in master.course_keys], dtype=np.float64)
    n_units = len(master.unit_keys)
    ub_scale = np.asarray(
        [max(problem.unit_budgets.get(u, 1.0), EPS) for u in master.unit_keys], dtype=np.float64
    )
    state: dict[str, float] = {"bound": math.inf, "lp_value": 0.0, "iterations": 0, "passed": passed}
    log: list[dict[str, float]] = []
    cancelled = False

    def report(phase: str, **figures: object) -> None:
        nonlocal cancelled
        if progress is not None and not progress({"phase": phase, **figures}):
            cancelled = True

    y = np.zeros(len(master.row_lower))

    def sync() -> None:
        """Pass the columns priced since the last call to HiGHS."""
        start = int(state["passed"])
        if start == len(master.col_cost):
            return
        starts, index, entries = master.csc(start)
        h.addCols(
            len(master.col_cost) - start,
            np.asarray(master.col_cost[start:], dtype=np.float64),
            np.asarray(master.col_lower[start:], dtype=np.float64),
            np.asarray(master.col_upper[start:], dtype=np.float64),
            len(index),
            starts[:-1],
            index,
            entries,
        )
        state["passed"] = len(master.col_cost)

    def column_generation(deadline: float, bounding: bool, y_start: np.ndarray | None = None) -> str:
        """Re-solve the master and price until nothing prices out (or the deadline); the LP status.

        With ``y_start`` the first round prices with those duals instead of solving the master."""
        nonlocal y
        status = "optimal"
        first = y_start is not None
        while True:
            if first and y_start is not None:
                lp_value = 0.0
                y = y_start
            else:
                state["iterations"] += 1
                h.run()
                model_status = h.getModelStatus()
                if model_status != highspy.HighsModelStatus.kOptimal:
                    return h.modelStatusToString(model_status).lower()
                lp_value = float(h.getInfo().objective_function_value)
                y = np.asarray(h.getSolution().row_dual, dtype=np.float64)
            y_budget = y[master.r_budget] / master.budget
            ys = np.zeros((len(master.course_keys), periods))
            for (k, p), r in master.r_seat.items():
                ys[master.kpos[k], p] = y[r] + y[master.r_fill[k, p]]
            ycap = np.zeros((max(n_units, 1), periods))
            for (u, p), r in master.r_cap.items():
                ycap[master.upos[u], p] = y[r]
            yub = np.zeros(max(n_units, 1))
            for u, r in master.r_ubudget.items():
                yub[master.upos[u]] = y[r] / ub_scale[master.upos[u]]
            yconv = y[np.asarray(master.r_conv, dtype=np.int64)] if master.r_conv else np.zeros(0)
            best_rc = np.zeros(len(classes))
            new_cols = 0
            for gi, g in enumerate(groups):
                m = g.course_idx.shape[1]
                # item cost per (class, course, period) under the duals
                cost = (
                    pc[g.course_idx][:, :, None] * (y_budget + yub[g.units])[:, None, None]
                    + ys[g.course_idx]
                    + ycap[g.units][:, None, :]
                )
                if cut_at[gi]:
                    rows_, js_, ps_, rs_ = (np.asarray(a) for a in zip(*cut_at[gi], strict=True))
                    np.add.at(cost, (rows_, js_, ps_), y[rs_])
                period = cost.argmin(axis=2)
                if g.forced_mask.any():
                    period = np.where(g.forced_mask, g.forced_period, period)
                d = np.take_along_axis(cost, period[:, :, None], axis=2)[:, :, 0]
                rc = g.values - d @ _bits(m).T - yconv[g.classes][:, None]
                pick = rc.argmax(axis=1)
                top = rc[np.arange(len(pick)), pick]
                best_rc[g.classes] = np.maximum(best_rc[g.classes], top)
                for row in np.nonzero(top > 1e-7)[0]:
                    chosen = np.nonzero((pick[row] >> np.arange(m)) & 1)[0]
                    ci = int(g.classes[row])
                    cands = classes[ci].cands
                    at = {int(j): int(period[row, j]) for j in chosen}
                    if g.deps[row] and not _ordered_periods(
                        at, g.deps[row], cost[row], classes[ci].forced, cands
                    ):
                        continue  # no order fits (locked periods, or too many to try): not added
                    found = tuple((cands[int(j)], at[int(j)]) for j in chosen)
                    if master.new_pattern(ci, found) is not None:
                        new_cols += 1
                    if first and not classes[ci].forced:
                        # starting prices know nothing of unit caps: offer each pattern in every
                        # period rotation, so the first master can spread a unit over the year
                        for shift in range(1, periods):
                            rotated = tuple((k, (p + shift) % periods) for k, p in found)
                            if master.new_pattern(ci, rotated) is not None:
                                new_cols += 1
            if bounding and (not first or not master.slack_cols):
                # the Lagrangian bound, counting the non-enumerated courses by subadditivity
                extra = np.maximum(best_rc, 0.0)
                if len(tail_v_a):
                    tcost = tail_pc * (y_budget + yub[tail_units]) + (ys[tail_k_a] + ycap[tail_units]).min(
                        axis=1
                    )
                    tail_add = np.zeros(len(classes))
                    np.add.at(tail_add, tail_cls_a, np.maximum(tail_v_a - tcost, 0.0))
                    extra = extra + tail_add
                if first:  # any duals of the right signs give a bound, not only the master's
                    state["bound"] = min(state["bound"], float(master.dual_value(y) + sizes @ extra))
                else:
                    state["lp_value"] = lp_value
                    state["bound"] = min(state["bound"], float(lp_value + sizes @ extra))
                log.append(
                    {
                        "lp": lp_value * scale,
                        "bound": state["bound"] * scale,
                        "columns": float(len(master.col_cost)),
                        "seconds": round(time.perf_counter() - started, 2),
                    }
                )
                report("bound", objective=lp_value * scale, bound=state["bound"] * scale)
                # the LP value is within stop_gap of a proven bound: more pricing cannot pay
                if new_cols and state["bound"] - lp_value <= stop_gap * max(lp_value, EPS):
                    return "converged"
            if cancelled:
                return "cancelled"
            if first:
                first = False
                if len(classes) > lp_over:
                    return "priced"
            elif new_cols == 0 or state["iterations"] >= max_iterations or time.perf_counter() > deadline:
                if new_cols:
                    status = "iteration or time limit"
                return status
            sync()

    # cut rows per pricing group: (row in group, course position, period, master row)
    cut_at: list[list[tuple[int, int, int, int]]] = [[] for _ in groups]
    where: dict[int, tuple[int, int]] = {}
    for gi, g in enumerate(groups):
        for row, ci in enumerate(g.classes):
            where[int(ci)] = (gi, row)
    lp_deadline = started + time_limit * lp_share
    y_start = None
    if len(classes) > sample_over:
        y_start = _sample_duals(
            problem, master, scale, seed, sample_size, time_limit * 0.2, threads, max_candidates
        )
    status = column_generation(lp_deadline, bounding=True, y_start=y_start)
    for _round in range(cut_rounds):
        if status not in ("optimal", "converged") or time.perf_counter() > lp_deadline:
            break
        x = np.asarray(h.getSolution().col_value, dtype=np.float64)
        sync()  # the last pricing round's columns, which the cut rows will name
        added = master.add_cuts(x)
        if not added:
            break
        starts, index, coefs = master.rows_csr([r for *_rest, r in added])
        h.addRows(
            len(added),
            np.full(len(added), -INF),
            np.zeros(len(added)),
            len(index),
            starts[:-1],
            index,
            coefs,
        )
        for ci, k, p, r in added:
            if ci in where and k in classes[ci].cands:
                gi, row = where[ci]
                cut_at[gi].append((row, classes[ci].cands.index(k), p, r))
        status = column_generation(lp_deadline, bounding=True)
    bound, lp_value, iterations = state["bound"], state["lp_value"], int(state["iterations"])
    passed = int(state["passed"])
    duals = _duals(master, y)
    # the rounded LP: at scale the better plan, and the MIP's incumbent
    guided: Plan | None = None
    if mip and status in SOLVING[:3]:
        guided = lp_guided(problem, master, np.asarray(h.getSolution().col_value, dtype=np.float64), cands)
        checked_guided = evaluate(problem, guided)
        if checked_guided.violations:
            guided = None
        else:
            report("rounded", objective=checked_guided.objective, bound=state["bound"] * scale)
    # price-and-dive: round session counts up (or down) a few at a time, re-pricing after each step,
    # until the LP has whole sessions; its support is the first MIP's column set
    s_cols = np.asarray(list(master.s_col.values()), dtype=np.int32)
    s_lower = np.asarray(master.col_lower, dtype=np.float64)[s_cols]
    s_upper = np.asarray(master.col_upper, dtype=np.float64)[s_cols]
    dived: np.ndarray | None = None
    dive_deadline = started + time_limit * dive_share if len(classes) <= dive_over else 0.0
    while mip and status in SOLVING[:3] and len(s_cols):
        x = np.asarray(h.getSolution().col_value, dtype=np.float64)
        sv = x[s_cols]
        frac = sv - np.floor(sv)
        fractional = (frac > 1e-6) & (frac < 1 - 1e-6)
        if not fractional.any():
            dived = x
            break
        if time.perf_counter() > dive_deadline:
            break
        up = fractional & (frac >= 0.6)
        if not up.any():
            up = np.zeros(len(sv), dtype=bool)
            up[np.argmax(np.where(fractional, frac, -1.0))] = True
        down = fractional & (frac < 0.1)
        new_lower, new_upper = s_lower.copy(), s_upper.copy()
        new_lower[up] = np.ceil(sv[up] - 1e-9)
        new_upper[down] = np.maximum(new_lower[down], np.floor(sv[down]))
        h.changeColsBounds(len(s_cols), s_cols, new_lower, new_upper)
        if column_generation(dive_deadline, bounding=False) not in SOLVING[:3]:
            h.changeColsBounds(len(s_cols), s_cols, s_lower, s_upper)
            break
        s_lower, s_upper = new_lower, new_upper
    passed = int(state["passed"])
    if dived is None and mip and status in SOLVING[:3]:
        h.run()
        dived = (
            np.asarray(h.getSolution().col_value, dtype=np.float64)
            if h.getModelStatus() == highspy.HighsModelStatus.kOptimal
            else None
        )
    seconds_lp = time.perf_counter() - started
    duals = _duals(master, y)
    if cancelled:
        status = "cancelled"
    if not mip or status not in SOLVING[:3]:
        return ColgenResult(
            None,
            None,
            bound * scale if math.isfinite(bound) and status in SOLVING else None,
            lp_value * scale,
            iterations,
            passed,
            len(classes),
            status,
            duals,
            seconds_lp,
            0.0,
            log=log,
            prices=_prices(master, y),
            master=master if not mip else None,
            x=np.asarray(h.getSolution().col_value, dtype=np.float64) if not mip else None,
        )
    # the MIP over the generated columns, in two stages: first restricted to the LP's support with
    # session counts rounded down or up (small and fast), then over every column, warm-started
    # from the better of greedy and the first stage.
    mip_started = time.perf_counter()
    plan: Plan | None = None
    objective: float | None = None
    lp_x = np.zeros(len(master.col_cost))
    if dived is not None:
        lp_x[: len(dived)] = dived
    n_cols = len(master.col_cost)
    integrality = np.ones(n_cols, dtype=np.uint8)
    for col in master.slack_cols:
        integrality[col] = 0
    incumbent: np.ndarray | None = None
    start_plan, start_value = None, -math.inf
    for candidate_plan in (warm if warm_ok else None, guided):
        if (
            candidate_plan is not None
            and (found := evaluate(problem, candidate_plan).objective) > start_value
        ):
            start_plan, start_value = candidate_plan, found
    if start_plan is not None:
        counts = _pattern_counts(master, class_of, start_plan)
        n_cols = len(master.col_cost)
        integrality = np.ones(n_cols, dtype=np.uint8)
        for col in master.slack_cols:
            integrality[col] = 0
        lp_x = np.concatenate([lp_x, np.zeros(n_cols - len(lp_x))])
        incumbent = np.zeros(n_cols)
        for (k, p), col in master.s_col.items():
            incumbent[col] = start_plan.sessions.get((k, p), 0)
        for col, cnt in counts.items():
            incumbent[col] = cnt
        if start_plan is guided:
            plan, objective = guided, start_value
    lower = np.asarray(master.col_lower, dtype=np.float64)
    upper = np.asarray(master.col_upper, dtype=np.float64)
    restricted_upper = upper.copy()
    restricted_lower = lower.copy()
    patterns = np.arange(master.first_pattern_col, n_cols)
    if not master.slack_cols:
        restricted_upper[patterns[lp_x[patterns] <= 1e-6]] = 0.0
        if incumbent is not None:  # the starting plan's patterns stay available
            kept = patterns[incumbent[patterns] > 0.5]
            restricted_upper[kept] = upper[kept]
    for col in master.s_col.values():
        restricted_lower[col] = max(lower[col], math.floor(lp_x[col] + 1e-6))
        restricted_upper[col] = max(restricted_lower[col], math.ceil(lp_x[col] - 1e-6))
    stages = [(restricted_lower, restricted_upper, 0.4), (lower, upper, 1.0)]
    best_value = -math.inf
    stage_log: list[dict[str, object]] = []
    for stage_lower, stage_upper, share in stages:
        remaining = time_limit - (time.perf_counter() - started)
        if remaining <= 0.5 and plan is not None:
            break
        model = highs_quiet()
        for name, option in (
            ("time_limit", float(max(0.5, remaining * share))),
            ("mip_rel_gap", float(gap)),
            ("random_seed", int(seed)),
            ("threads", int(threads)),
        ):
            model.setOptionValue(name, option)
        model.passModel(master.lp())
        model.changeColsBounds(n_cols, np.arange(n_cols, dtype=np.int32), stage_lower, stage_upper)
        model.changeColsIntegrality(n_cols, np.arange(n_cols, dtype=np.int32), integrality)
        if (
            incumbent is not None
            and np.all(incumbent >= stage_lower - 1e-9)
            and np.all(incumbent <= stage_upper + 1e-9)
        ):
            model.setSolution(n_cols, np.arange(n_cols, dtype=np.int32), incumbent)
        model.run()
        info = model.getInfo()
        stage_log.append(
            {
                "status": model.modelStatusToString(model.getModelStatus()),
                "objective": float(info.objective_function_value) * scale,
                "mip_bound": float(info.mip_dual_bound) * scale,
                "seconds": round(time.perf_counter() - mip_started, 2),
            }
        )
        if info.primal_solution_status == 2 and info.objective_function_value > best_value + 1e-9:
            values = np.asarray(model.getSolution().col_value, dtype=np.float64)
            candidate = _placement(master, values)
            checked = evaluate(problem, candidate)
            if not checked.violations and (objective is None or checked.objective > objective):
                plan, objective = candidate, checked.objective
                best_value = float(info.objective_function_value)
                incumbent = np.round(values)
                for col in master.slack_cols:
                    incumbent[col] = values[col]
        report("plan", objective=objective, bound=bound * scale)
        if cancelled or (info.mip_gap <= gap and share == 1.0):
            break
    return ColgenResult(
        plan,
        objective,
        bound * scale,
        lp_value * scale,
        iterations,
        n_cols,
        len(classes),
        "cancelled" if cancelled else status,
        duals,
        seconds_lp,
        time.perf_counter() - mip_started,
        stage_log,
        log,
    )


def _pattern_counts(master: Master, class_of: dict[int, int], plan: Plan) -> dict[int, int]:
    """Column -> number of a class's officers following that pattern in ``plan`` (columns added
    as needed; officers with a course outside the master are left out)."""
    items: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for o, k, p in plan.assignments:
        items[o].append((k, p))
    counts: dict[int, int] = defaultdict(int)
    for o, its in items.items():
        ci = class_of.get(o)
        if ci is None or any(k not in master.kpos for k, _p in its):
            continue
        pattern = tuple(sorted(its))
        master.new_pattern(ci, pattern)
        if (ci, pattern) not in master.pattern_col:
            continue  # misordered (an invalid plan's officer): not a column
        counts[master.pattern_col[ci, pattern]] += 1
    return counts


def _placement(master: Master, values: np.ndarray) -> Plan:
    sessions = {key: round(values[col]) for key, col in master.s_col.items() if values[col] > 0.5}
    nxt: dict[int, int] = defaultdict(int)
    assignments: list[tuple[int, int, int]] = []
    for (ci, items), col in master.pattern_col.items():
        count = round(values[col])
        if count <= 0:
            continue
        members = master.classes[ci].members
        for o in members[nxt[ci] : nxt[ci] + count]:
            assignments.extend((o, k, p) for k, p in items)
        nxt[ci] += count
    return Plan(sessions=sessions, assignments=sorted(assignments))


def _prices(master: Master, y: np.ndarray) -> dict[str, dict[object, float]]:
    """The master's duals in objective units: per unit of cost, per seat, per instructor-day."""
    if not len(y):
        return {}
    scale = master.scale
    return {
        "budget": {"": float(y[master.r_budget]) * scale / master.budget},
        "seat": {key: float(y[r] + y[master.r_fill[key]]) * scale for key, r in master.r_seat.items()},
        "instructor": {
            key: float(y[r]) * scale / master.instr_scale[key] for key, r in master.r_instr.items()
        },
    }


def _sample_duals(
    problem: Problem,
    master: Master,
    scale: float,
    seed: int,
    size: int,
    time_limit: float,
    threads: int,
    max_candidates: int,
) -> np.ndarray:
    """Starting duals for a large master from the LP of a random sample of its officers.

    Officers are many and drawn from one population, so the prices of budget, seats and
    instructor-days in a sample with budget and instructor-days scaled to its share are close to
    the full problem's; pricing every officer with them first gives the full master nearly its
    final columns, and saves most of its expensive early re-solves. Unit prices start at zero."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible sample, not a secret
    officers = rng.sample(problem.officers, min(size, len(problem.officers)))
    share = len(officers) / max(len(problem.officers), 1)
    sub = Problem(
        periods=problem.periods,
        budget=problem.budget * share,
        day_cap=problem.day_cap,
        courses=problem.courses,
        officers=officers,
        instructor_days={q: [d * share for d in days] for q, days in problem.instructor_days.items()},
        unit_caps=dict(problem.unit_caps),
        unit_budgets={u: b * share for u, b in problem.unit_budgets.items()},
    )
    result = solve_colgen(
        sub,
        warm=None,
        time_limit=time_limit,
        lp_share=1.0,
        mip=False,
        # to the LP optimum: its prices are the full problem's starting duals, and above 50,000
        # classes the full bound is the Lagrangian at them (stopping at 0.5 % loosened it by 0.5 %)
        stop_gap=0.0,
        seed=seed,
        threads=threads,
        max_candidates=max_candidates,
        sample_over=1 << 62,
    )
    y = np.zeros(len(master.row_lower))
    if not result.prices:
        return y
    y[master.r_budget] = max(result.prices["budget"][""], 0.0) * master.budget / scale
    for seat, r in master.r_seat.items():
        # the sample's seat and fill prices come summed: positive on the seat row (bounded above),
        # negative on the fill row (bounded below), so that the Lagrangian bound stays valid
        price = result.prices["seat"].get(seat, 0.0) / scale
        y[r] = max(price, 0.0)
        y[master.r_fill[seat]] = min(price, 0.0)
    for qualification, r in master.r_instr.items():
        y[r] = (
            max(result.prices["instructor"].get(qualification, 0.0), 0.0)
            * master.instr_scale[qualification]
            / scale
        )
    return y


def _duals(master: Master, y: np.ndarray) -> dict[str, object]:
    """LP marginal values in objective units: per unit of budget, per instructor-day (qualification|period)."""
    if not len(y):
        return {"budget": 0.0, "instructor_day": {}}
    return {
        "budget": abs(float(y[master.r_budget])) * master.scale / master.budget,
        "instructor_day": {
            f"{q}|{p}": abs(float(y[r])) * master.scale / master.instr_scale[q, p]
            for (q, p), r in master.r_instr.items()
        },
    }
