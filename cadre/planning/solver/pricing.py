"""Pricing for column generation: the best new pattern of every officer class under the duals.

Pricing, per class, enumerates the subsets of its best ``max_candidates`` courses (vectorised:
values do not depend on the duals and are computed once) and puts each course in its cheapest
period under the duals. The bound reported is the Lagrangian (Farley) bound
``z_master + sum over classes of size x max(0, best reduced cost)``, where the best reduced cost
also counts, by subadditivity of the objective, every positive-reduced-cost course beyond the
enumerated ones; it is a valid upper bound on the optimum of the whole problem at every
iteration, and equals the LP optimum when pricing finds nothing.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from cadre.planning.solver.eligibility import missing
from cadre.planning.solver.instance import EPS, CourseSpec, OfficerSpec
from cadre.planning.solver.master import Master
from cadre.planning.solver.objective import officer_value

_BITS: dict[int, np.ndarray] = {}


def subset_bits(m: int) -> np.ndarray:
    """Every subset of ``m`` items as a row of 0/1 (subset i holds item j when bit j of i is set)."""
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
class Group:
    """Classes with the same number of enumerated courses, priced together."""

    classes: np.ndarray  # class indices
    units: np.ndarray  # unit index per class
    course_idx: np.ndarray  # (n, m) course indices
    values: np.ndarray  # (n, 2^m) scaled pattern values, -inf where infeasible
    forced_mask: np.ndarray  # (n, m) bool
    forced_period: np.ndarray  # (n, m) int
    # per class: (course position, positions of its missing prerequisite courses)
    deps: list[list[tuple[int, tuple[int, ...]]]] = field(default_factory=list)


def ordered_periods(
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


def groups(master: Master, max_candidates: int) -> list[Group]:
    """Precompute, per class, the scaled value of every subset of its enumerated courses."""
    problem, scale = master.problem, master.scale
    by_m: dict[int, list[int]] = defaultdict(list)
    for ci, cls in enumerate(master.classes):
        if cls.cands:
            by_m[len(cls.cands)].append(ci)
    out = []
    for m, members in sorted(by_m.items()):
        bits = subset_bits(m)
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
            Group(
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


@dataclass
class Prices:
    """The master's duals laid out for pricing (per unit of participant cost, per item, per class)."""

    budget: float  # per unit of cost
    seat: np.ndarray  # (course position, period): seat and minimum-fill rows together
    cap: np.ndarray  # (unit position, period)
    unit_budget: np.ndarray  # per unit position, per unit of cost
    conv: np.ndarray  # per class


@dataclass
class Tail:
    """(class, course) pairs beyond the enumerated courses, with their single-course values."""

    classes: np.ndarray
    course_pos: np.ndarray
    values: np.ndarray
    units: np.ndarray
    participant_cost: np.ndarray


class Pricing:
    """Prices every officer class's patterns under the master's duals, group by group."""

    def __init__(self, master: Master, max_candidates: int) -> None:
        self.master = master
        problem, classes = master.problem, master.classes
        self.periods = problem.periods
        self.groups = groups(master, max_candidates)
        self.tail = _tail(master)
        self.sizes = np.asarray([len(c.members) for c in classes], dtype=np.float64)
        self.participant_cost = np.asarray(
            [master.courses[k].participant_cost for k in master.course_keys], dtype=np.float64
        )
        self.n_units = len(master.unit_keys)
        self.ub_scale = np.asarray(
            [max(problem.unit_budgets.get(u, 1.0), EPS) for u in master.unit_keys], dtype=np.float64
        )
        # cut rows per pricing group: (row in group, course position, period, master row)
        self.cut_at: list[list[tuple[int, int, int, int]]] = [[] for _ in self.groups]
        self.where: dict[int, tuple[int, int]] = {}
        for gi, g in enumerate(self.groups):
            for row, ci in enumerate(g.classes):
                self.where[int(ci)] = (gi, row)

    def prices(self, y: np.ndarray) -> Prices:
        master, periods, n_units = self.master, self.periods, self.n_units
        ys = np.zeros((len(master.course_keys), periods))
        for (k, p), r in master.r_seat.items():
            ys[master.kpos[k], p] = y[r] + y[master.r_fill[k, p]]
        ycap = np.zeros((max(n_units, 1), periods))
        for (u, p), r in master.r_cap.items():
            ycap[master.upos[u], p] = y[r]
        yub = np.zeros(max(n_units, 1))
        for u, r in master.r_ubudget.items():
            yub[master.upos[u]] = y[r] / self.ub_scale[master.upos[u]]
        yconv = y[np.asarray(master.r_conv, dtype=np.int64)] if master.r_conv else np.zeros(0)
        return Prices(y[master.r_budget] / master.budget, ys, ycap, yub, yconv)

    def add_cut(self, ci: int, k: int, p: int, r: int) -> None:
        """Price the linking row ``r`` of (class, course, period) from now on."""
        cands = self.master.classes[ci].cands
        if ci in self.where and k in cands:
            gi, row = self.where[ci]
            self.cut_at[gi].append((row, cands.index(k), p, r))

    def price(self, y: np.ndarray, prices: Prices, first: bool) -> tuple[np.ndarray, int]:
        """Add each class's best pattern with a positive reduced cost; the best reduced cost per
        class and the number of columns added. ``first``: also every period rotation of each."""
        best_rc = np.zeros(len(self.master.classes))
        new_cols = 0
        for gi, g in enumerate(self.groups):
            new_cols += self._price_group(gi, g, y, prices, first, best_rc)
        return best_rc, new_cols

    def _price_group(
        self, gi: int, g: Group, y: np.ndarray, prices: Prices, first: bool, best_rc: np.ndarray
    ) -> int:
        m = g.course_idx.shape[1]
        # item cost per (class, course, period) under the duals
        cost = (
            self.participant_cost[g.course_idx][:, :, None]
            * (prices.budget + prices.unit_budget[g.units])[:, None, None]
            + prices.seat[g.course_idx]
            + prices.cap[g.units][:, None, :]
        )
        if self.cut_at[gi]:
            rows_, js_, ps_, rs_ = (np.asarray(a) for a in zip(*self.cut_at[gi], strict=True))
            np.add.at(cost, (rows_, js_, ps_), y[rs_])
        period = cost.argmin(axis=2)
        if g.forced_mask.any():
            period = np.where(g.forced_mask, g.forced_period, period)
        d = np.take_along_axis(cost, period[:, :, None], axis=2)[:, :, 0]
        rc = g.values - d @ subset_bits(m).T - prices.conv[g.classes][:, None]
        pick = rc.argmax(axis=1)
        top = rc[np.arange(len(pick)), pick]
        best_rc[g.classes] = np.maximum(best_rc[g.classes], top)
        new_cols = 0
        for row in np.nonzero(top > 1e-7)[0]:
            chosen = np.nonzero((pick[row] >> np.arange(m)) & 1)[0]
            new_cols += self._add_pattern(g, int(row), chosen, period, cost, first)
        return new_cols

    def _add_pattern(
        self, g: Group, row: int, chosen: np.ndarray, period: np.ndarray, cost: np.ndarray, first: bool
    ) -> int:
        master, periods = self.master, self.periods
        ci = int(g.classes[row])
        cls = master.classes[ci]
        cands = cls.cands
        at = {int(j): int(period[row, j]) for j in chosen}
        if g.deps[row] and not ordered_periods(at, g.deps[row], cost[row], cls.forced, cands):
            return 0  # no order fits (locked periods, or too many to try): not added
        found = tuple((cands[int(j)], at[int(j)]) for j in chosen)
        new_cols = 0
        if master.new_pattern(ci, found) is not None:
            new_cols += 1
        if first and not cls.forced:
            # starting prices know nothing of unit caps: offer each pattern in every
            # period rotation, so the first master can spread a unit over the year
            for shift in range(1, periods):
                rotated = tuple((k, (p + shift) % periods) for k, p in found)
                if master.new_pattern(ci, rotated) is not None:
                    new_cols += 1
        return new_cols

    def beyond(self, prices: Prices, best_rc: np.ndarray) -> np.ndarray:
        """Per class, the best reduced cost counting the non-enumerated courses by subadditivity."""
        extra: np.ndarray = np.maximum(best_rc, 0.0)
        tail = self.tail
        if len(tail.values):
            tcost = tail.participant_cost * (prices.budget + prices.unit_budget[tail.units]) + (
                prices.seat[tail.course_pos] + prices.cap[tail.units]
            ).min(axis=1)
            tail_add = np.zeros(len(self.master.classes))
            np.add.at(tail_add, tail.classes, np.maximum(tail.values - tcost, 0.0))
            extra = extra + tail_add
        return extra


def _tail(master: Master) -> Tail:
    classes, scale = master.classes, master.scale
    tail_cls, tail_k, tail_v = [], [], []
    for ci, cls in enumerate(classes):
        for k in cls.tail:
            tail_cls.append(ci)
            tail_k.append(k)
            tail_v.append(officer_value(cls.officer, [master.courses[k]]) / scale)
    return Tail(
        np.asarray(tail_cls, dtype=np.int64),
        np.asarray([master.kpos[k] for k in tail_k], dtype=np.int64),
        np.asarray(tail_v, dtype=np.float64),
        np.asarray([master.upos[classes[ci].officer.unit] for ci in tail_cls], dtype=np.int64),
        np.asarray([master.courses[k].participant_cost for k in tail_k], dtype=np.float64),
    )
