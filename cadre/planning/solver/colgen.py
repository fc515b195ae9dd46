"""Column generation for the annual plan: an LP bound, a rounded plan and a MIP over the columns.

The master LP (``master``) chooses how many officers of each class take each generated pattern and
how many sessions open; pricing (``pricing``) adds the patterns the duals favour and gives the
Lagrangian bound at every round. Then the rounded LP (``rounding``) and a price-and-dive, which
rounds session counts a few at a time and re-prices, start the MIP over the generated columns
(``column_mip``), warm-started from greedy.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass, field

import highspy
import numpy as np

from cadre.planning.solver.column_mip import MipSettings, mip_over_columns
from cadre.planning.solver.evaluation import evaluate
from cadre.planning.solver.greedy import candidates
from cadre.planning.solver.highs import highs_quiet
from cadre.planning.solver.instance import EPS, Plan, Problem
from cadre.planning.solver.master import (
    INF,
    Master,
    enumerate_patterns,
    master_duals,
    master_prices,
    officer_classes,
    pattern_counts,
)
from cadre.planning.solver.pricing import Pricing
from cadre.planning.solver.progress import Progress, Reporter
from cadre.planning.solver.rounding import lp_guided


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


SOLVING = ("optimal", "converged", "iteration or time limit", "cancelled", "priced")


@dataclass(frozen=True)
class ColgenSettings:
    time_limit: float = 60.0
    gap: float = 0.005
    seed: int = 7
    threads: int = 2
    max_candidates: int = 10
    lp_share: float = 0.45
    dive_share: float = 0.75
    cut_rounds: int = 0
    max_iterations: int = 200
    enumerate_limit: int = 4000
    mip: bool = True
    stop_gap: float = 0.001
    sample_over: int = 6000
    sample_size: int = 2500
    dive_over: int = 3000
    lp_over: int = 50_000


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
    """The LP bound of column generation and (with ``mip``) the best plan over its columns."""
    settings = ColgenSettings(
        time_limit=time_limit,
        gap=gap,
        seed=seed,
        threads=threads,
        max_candidates=max_candidates,
        lp_share=lp_share,
        dive_share=dive_share,
        cut_rounds=cut_rounds,
        max_iterations=max_iterations,
        enumerate_limit=enumerate_limit,
        mip=mip,
        stop_gap=stop_gap,
        sample_over=sample_over,
        sample_size=sample_size,
        dive_over=dive_over,
        lp_over=lp_over,
    )
    run = _ColumnGeneration(problem, warm=warm, cands=cands, settings=settings, progress=progress)
    if not run.master.course_keys:  # no officer can usefully attend anything: the empty plan is optimal
        empty = Plan(sessions={}, assignments=[])
        return ColgenResult(
            empty,
            0.0,
            0.0,
            0.0,
            0,
            0,
            len(run.classes),
            "optimal",
            {"budget": 0.0, "instructor_day": {}},
            0.0,
            0.0,
        )
    return run.solve()


class _ColumnGeneration:
    """One column-generation run: the master in HiGHS, its pricing, and the figures so far."""

    def __init__(
        self,
        problem: Problem,
        *,
        warm: Plan | None,
        cands: dict[int, list[int]] | None,
        settings: ColgenSettings,
        progress: Progress | None,
    ) -> None:
        self.started = time.perf_counter()
        self.problem, self.settings, self.warm = problem, settings, warm
        self.cands = cands if cands is not None else candidates(problem)
        self.classes = officer_classes(problem, settings.max_candidates, self.cands)
        weights = [g.weight for off in problem.officers for g in off.gaps] or [1.0]
        self.scale = max(max(weights), EPS)
        self.warm_ok = warm is not None and not evaluate(problem, warm).violations
        self.master = Master(problem, self.classes, self.scale)
        self.report = Reporter(progress)
        self.bound, self.lp_value, self.iterations, self.passed = math.inf, 0.0, 0, 0
        self.log: list[dict[str, float]] = []
        self.y = np.zeros(0)

    def solve(self) -> ColgenResult:
        self._build()
        status = self._relax()
        iterations = self.iterations  # of the LP; the dive's re-solves are not counted
        guided = self._rounded() if self.settings.mip and status in SOLVING[:3] else None
        dived = self._dive() if self.settings.mip and status in SOLVING[:3] else None
        seconds_lp = time.perf_counter() - self.started
        duals = master_duals(self.master, self.y)
        if self.report.cancelled:
            status = "cancelled"
        if not self.settings.mip or status not in SOLVING[:3]:
            return self._lp_result(status, iterations, duals, seconds_lp)
        s = self.settings
        found = mip_over_columns(
            self.problem,
            self.master,
            starts=(self.warm if self.warm_ok else None, guided),
            guided=guided,
            dived=dived,
            class_of=self.class_of,
            settings=MipSettings(s.time_limit, self.started, s.gap, s.seed, s.threads),
            report=self.report,
            bound=self.bound,
        )
        return ColgenResult(
            found.plan,
            found.objective,
            self.bound * self.scale,
            self.lp_value * self.scale,
            iterations,
            found.columns,
            len(self.classes),
            "cancelled" if self.report.cancelled else status,
            duals,
            seconds_lp,
            found.seconds,
            found.stages,
            self.log,
        )

    def _build(self) -> None:
        """Rows, the first columns (greedy's patterns, every pattern of tiny instances), HiGHS."""
        problem, master, s = self.problem, self.master, self.settings
        master.build_rows(
            elastic=not self.warm_ok and bool(problem.locked_assignments or problem.locked_sessions)
        )
        self.class_of = {o: ci for ci, cls in enumerate(self.classes) for o in cls.members}
        if self.warm is not None:
            pattern_counts(master, self.class_of, self.warm)
        enumerate_patterns(master, s.enumerate_limit)
        self.pricing = Pricing(master, s.max_candidates)
        self.h = highs_quiet()
        # primal simplex: after columns are added the basis stays primal feasible (measured: the
        # re-solves of the 20,000-officer master run 3x faster than with the default dual simplex)
        for name, value in (
            ("random_seed", int(s.seed)),
            ("threads", int(s.threads)),
            ("simplex_strategy", 4),
        ):
            self.h.setOptionValue(name, value)
        self.h.passModel(master.lp())
        self.passed = len(master.col_cost)
        self.y = np.zeros(len(master.row_lower))

    def _sync(self) -> None:
        """Pass the columns priced since the last call to HiGHS."""
        master, start = self.master, self.passed
        if start == len(master.col_cost):
            return
        starts, index, entries = master.csc(start)
        self.h.addCols(
            len(master.col_cost) - start,
            np.asarray(master.col_cost[start:], dtype=np.float64),
            np.asarray(master.col_lower[start:], dtype=np.float64),
            np.asarray(master.col_upper[start:], dtype=np.float64),
            len(index),
            starts[:-1],
            index,
            entries,
        )
        self.passed = len(master.col_cost)

    def _x(self) -> np.ndarray:
        return np.asarray(self.h.getSolution().col_value, dtype=np.float64)

    def _relax(self) -> str:
        """The LP: column generation from sample prices (large instances), then the cut rounds."""
        s = self.settings
        lp_deadline = self.started + s.time_limit * s.lp_share
        y_start = None
        if len(self.classes) > s.sample_over:
            y_start = _sample_duals(self.problem, self.master, s, s.time_limit * 0.2)
        status = self._generate(lp_deadline, bounding=True, y_start=y_start)
        for _round in range(s.cut_rounds):
            if status not in ("optimal", "converged") or time.perf_counter() > lp_deadline:
                break
            x = self._x()
            self._sync()  # the last pricing round's columns, which the cut rows will name
            added = self.master.add_cuts(x)
            if not added:
                break
            starts, index, coefs = self.master.rows_csr([r for *_rest, r in added])
            self.h.addRows(
                len(added),
                np.full(len(added), -INF),
                np.zeros(len(added)),
                len(index),
                starts[:-1],
                index,
                coefs,
            )
            for ci, k, p, r in added:
                self.pricing.add_cut(ci, k, p, r)
            status = self._generate(lp_deadline, bounding=True)
        return status

    def _generate(self, deadline: float, bounding: bool, y_start: np.ndarray | None = None) -> str:
        """Re-solve the master and price until nothing prices out (or the deadline); the LP status.

        With ``y_start`` the first round prices with those duals instead of solving the master."""
        s = self.settings
        status = "optimal"
        first = y_start is not None
        while True:
            if first and y_start is not None:
                lp_value = 0.0
                self.y = y_start
            else:
                self.iterations += 1
                self.h.run()
                model_status = self.h.getModelStatus()
                if model_status != highspy.HighsModelStatus.kOptimal:
                    return self.h.modelStatusToString(model_status).lower()
                lp_value = float(self.h.getInfo().objective_function_value)
                self.y = np.asarray(self.h.getSolution().row_dual, dtype=np.float64)
            prices = self.pricing.prices(self.y)
            best_rc, new_cols = self.pricing.price(self.y, prices, first)
            if bounding and (not first or not self.master.slack_cols):
                extra = self.pricing.beyond(prices, best_rc)
                near = self._bound(lp_value, extra, first)
                # the LP value is within stop_gap of a proven bound: more pricing cannot pay
                if new_cols and near:
                    return "converged"
            if self.report.cancelled:
                return "cancelled"
            if first:
                first = False
                if len(self.classes) > s.lp_over:
                    return "priced"
            elif new_cols == 0 or self.iterations >= s.max_iterations or time.perf_counter() > deadline:
                if new_cols:
                    status = "iteration or time limit"
                return status
            self._sync()

    def _bound(self, lp_value: float, extra: np.ndarray, first: bool) -> bool:
        """Tighten the Lagrangian bound with this round's ``extra``; whether the LP is near it."""
        sizes = self.pricing.sizes
        if first:  # any duals of the right signs give a bound, not only the master's
            self.bound = min(self.bound, float(self.master.dual_value(self.y) + sizes @ extra))
        else:
            self.lp_value = lp_value
            self.bound = min(self.bound, float(lp_value + sizes @ extra))
        self.log.append(
            {
                "lp": lp_value * self.scale,
                "bound": self.bound * self.scale,
                "columns": float(len(self.master.col_cost)),
                "seconds": round(time.perf_counter() - self.started, 2),
            }
        )
        self.report("bound", objective=lp_value * self.scale, bound=self.bound * self.scale)
        return self.bound - lp_value <= self.settings.stop_gap * max(lp_value, EPS)

    def _rounded(self) -> Plan | None:
        """The rounded LP: at scale the better plan, and the MIP's incumbent."""
        guided = lp_guided(self.problem, self.master, self._x(), self.cands)
        checked_guided = evaluate(self.problem, guided)
        if checked_guided.violations:
            return None
        self.report("rounded", objective=checked_guided.objective, bound=self.bound * self.scale)
        return guided

    def _dive(self) -> np.ndarray | None:
        """Price-and-dive: round session counts up (or down) a few at a time, re-pricing after each
        step, until the LP has whole sessions; its support is the first MIP's column set."""
        master, h, s = self.master, self.h, self.settings
        s_cols = np.asarray(list(master.s_col.values()), dtype=np.int32)
        s_lower = np.asarray(master.col_lower, dtype=np.float64)[s_cols]
        s_upper = np.asarray(master.col_upper, dtype=np.float64)[s_cols]
        dived: np.ndarray | None = None
        dive_deadline = (
            self.started + s.time_limit * s.dive_share if len(self.classes) <= s.dive_over else 0.0
        )
        while len(s_cols):
            x = self._x()
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
            if self._generate(dive_deadline, bounding=False) not in SOLVING[:3]:
                h.changeColsBounds(len(s_cols), s_cols, s_lower, s_upper)
                break
            s_lower, s_upper = new_lower, new_upper
        if dived is None:
            h.run()
            dived = self._x() if h.getModelStatus() == highspy.HighsModelStatus.kOptimal else None
        return dived

    def _lp_result(
        self, status: str, iterations: int, duals: dict[str, object], seconds_lp: float
    ) -> ColgenResult:
        mip, bound = self.settings.mip, self.bound
        return ColgenResult(
            None,
            None,
            bound * self.scale if math.isfinite(bound) and status in SOLVING else None,
            self.lp_value * self.scale,
            iterations,
            self.passed,
            len(self.classes),
            status,
            duals,
            seconds_lp,
            0.0,
            log=self.log,
            prices=master_prices(self.master, self.y),
            master=self.master if not mip else None,
            x=self._x() if not mip else None,
        )


def _sample_duals(problem: Problem, master: Master, s: ColgenSettings, time_limit: float) -> np.ndarray:
    """Starting duals for a large master from the LP of a random sample of its officers.

    Officers are many and drawn from one population, so the prices of budget, seats and
    instructor-days in a sample with budget and instructor-days scaled to its share are close to
    the full problem's; pricing every officer with them first gives the full master nearly its
    final columns, and saves most of its expensive early re-solves. Unit prices start at zero."""
    scale, seed = master.scale, s.seed
    rng = random.Random(seed)  # noqa: S311 - a reproducible sample, not a secret
    officers = rng.sample(problem.officers, min(s.sample_size, len(problem.officers)))
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
        threads=s.threads,
        max_candidates=s.max_candidates,
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
