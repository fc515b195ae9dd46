"""The master LP of column generation: officer classes, their patterns, sessions, coupling rows.

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

Values are divided by the largest gap weight and costs by the budget (or the row's own capacity),
so coefficients stay near 1.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from dataclasses import dataclass, field

import highspy
import numpy as np

from cadre.planning.solver.eligibility import missing
from cadre.planning.solver.greedy import candidates
from cadre.planning.solver.instance import EPS, OfficerSpec, Plan, Problem
from cadre.planning.solver.objective import officer_value

INF = highspy.kHighsInf


@dataclass
class OfficerClass:
    members: list[int]
    officer: OfficerSpec
    cands: list[int]  # enumerated course keys
    tail: list[int]  # further eligible courses (counted in the bound only)
    forced: dict[int, int] = field(default_factory=dict)  # locked course -> period


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


class Master:
    """The master LP's rows and columns, kept in lists so columns and cut rows can be added between
    solves (``lp``/``csc``/``rows_csr`` hand them to HiGHS)."""

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
        value = officer_value(cls.officer, courses) / self.scale
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


def enumerate_patterns(master: Master, limit: int) -> None:
    """Add every pattern of every class when there are at most ``limit`` of them (tiny instances)."""
    problem, classes, periods = master.problem, master.classes, master.problem.periods
    total_patterns = 0
    for cls in classes:
        for r in range(len(cls.cands) + 1):
            total_patterns += math.comb(len(cls.cands), r) * periods**r
    if total_patterns > limit:
        return
    for ci, cls in enumerate(classes):
        for r in range(1, len(cls.cands) + 1):
            for subset in itertools.combinations(cls.cands, r):
                if any(k not in subset for k in cls.forced):
                    continue
                if sum(master.courses[k].days for k in subset) > problem.day_cap + EPS and set(subset) != set(
                    cls.forced
                ):
                    continue
                for ps in itertools.product(range(periods), repeat=r):
                    if any(cls.forced.get(k, p) != p for k, p in zip(subset, ps, strict=True)):
                        continue
                    items = tuple(zip(subset, ps, strict=True))
                    if master.ordered(ci, items):  # misordered prerequisites: skipped
                        master.new_pattern(ci, items)


def pattern_counts(master: Master, class_of: dict[int, int], plan: Plan) -> dict[int, int]:
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


def master_prices(master: Master, y: np.ndarray) -> dict[str, dict[object, float]]:
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


def master_duals(master: Master, y: np.ndarray) -> dict[str, object]:
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
