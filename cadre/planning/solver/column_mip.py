"""The integer plan of column generation: a HiGHS MIP over the generated columns.

In two stages: first restricted to the LP's support with session counts rounded down or up (small
and fast), then over every column, warm-started from the better of greedy, the rounded LP and the
first stage. A stage's plan is kept only when ``evaluate`` finds no violation.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from cadre.planning.solver.evaluation import evaluate
from cadre.planning.solver.highs import highs_quiet
from cadre.planning.solver.instance import Plan, Problem
from cadre.planning.solver.master import Master, pattern_counts
from cadre.planning.solver.progress import Reporter


@dataclass
class MipSettings:
    time_limit: float  # of the whole column generation, counted from ``started``
    started: float
    gap: float
    seed: int
    threads: int


@dataclass
class ColumnMip:
    plan: Plan | None
    objective: float | None
    columns: int
    seconds: float
    stages: list[dict[str, object]] = field(default_factory=list)


@dataclass
class _Start:
    """The MIP's starting point: column values of the best starting plan, and the LP's."""

    n_cols: int
    integrality: np.ndarray
    lp_x: np.ndarray
    incumbent: np.ndarray | None = None
    plan: Plan | None = None  # the rounded LP when it is the best start (already a valid plan)
    objective: float | None = None


def mip_over_columns(
    problem: Problem,
    master: Master,
    *,
    starts: tuple[Plan | None, Plan | None],
    guided: Plan | None,
    dived: np.ndarray | None,
    class_of: dict[int, int],
    settings: MipSettings,
    report: Reporter,
    bound: float,
) -> ColumnMip:
    """The best valid plan of the two MIP stages (``starts``: greedy's plan if valid, the rounded LP)."""
    mip_started = time.perf_counter()
    start = _start(problem, master, starts, guided, dived, class_of)
    plan, objective, n_cols, incumbent = start.plan, start.objective, start.n_cols, start.incumbent
    lower = np.asarray(master.col_lower, dtype=np.float64)
    upper = np.asarray(master.col_upper, dtype=np.float64)
    stages = [(*_restricted(master, start, lower, upper), 0.4), (lower, upper, 1.0)]
    best_value = -math.inf
    stage_log: list[dict[str, object]] = []
    for stage_lower, stage_upper, share in stages:
        remaining = settings.time_limit - (time.perf_counter() - settings.started)
        if remaining <= 0.5 and plan is not None:
            break
        model = highs_quiet()
        for name, option in (
            ("time_limit", float(max(0.5, remaining * share))),
            ("mip_rel_gap", float(settings.gap)),
            ("random_seed", int(settings.seed)),
            ("threads", int(settings.threads)),
        ):
            model.setOptionValue(name, option)
        model.passModel(master.lp())
        model.changeColsBounds(n_cols, np.arange(n_cols, dtype=np.int32), stage_lower, stage_upper)
        model.changeColsIntegrality(n_cols, np.arange(n_cols, dtype=np.int32), start.integrality)
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
                "objective": float(info.objective_function_value) * master.scale,
                "mip_bound": float(info.mip_dual_bound) * master.scale,
                "seconds": round(time.perf_counter() - mip_started, 2),
            }
        )
        if info.primal_solution_status == 2 and info.objective_function_value > best_value + 1e-9:
            values = np.asarray(model.getSolution().col_value, dtype=np.float64)
            candidate = placement(master, values)
            checked = evaluate(problem, candidate)
            if not checked.violations and (objective is None or checked.objective > objective):
                plan, objective = candidate, checked.objective
                best_value = float(info.objective_function_value)
                incumbent = np.round(values)
                for col in master.slack_cols:
                    incumbent[col] = values[col]
        report("plan", objective=objective, bound=bound * master.scale)
        if report.cancelled or (info.mip_gap <= settings.gap and share == 1.0):
            break
    return ColumnMip(plan, objective, n_cols, time.perf_counter() - mip_started, stage_log)


def _integrality(master: Master, n_cols: int) -> np.ndarray:
    integrality = np.ones(n_cols, dtype=np.uint8)
    for col in master.slack_cols:
        integrality[col] = 0
    return integrality


def _start(
    problem: Problem,
    master: Master,
    starts: tuple[Plan | None, Plan | None],
    guided: Plan | None,
    dived: np.ndarray | None,
    class_of: dict[int, int],
) -> _Start:
    lp_x = np.zeros(len(master.col_cost))
    if dived is not None:
        lp_x[: len(dived)] = dived
    n_cols = len(master.col_cost)
    start = _Start(n_cols, _integrality(master, n_cols), lp_x)
    start_plan, start_value = None, -math.inf
    for candidate_plan in starts:
        if (
            candidate_plan is not None
            and (found := evaluate(problem, candidate_plan).objective) > start_value
        ):
            start_plan, start_value = candidate_plan, found
    if start_plan is None:
        return start
    counts = pattern_counts(master, class_of, start_plan)
    n_cols = len(master.col_cost)
    start.n_cols, start.integrality = n_cols, _integrality(master, n_cols)
    start.lp_x = np.concatenate([lp_x, np.zeros(n_cols - len(lp_x))])
    incumbent = np.zeros(n_cols)
    for (k, p), col in master.s_col.items():
        incumbent[col] = start_plan.sessions.get((k, p), 0)
    for col, cnt in counts.items():
        incumbent[col] = cnt
    start.incumbent = incumbent
    if start_plan is guided:
        start.plan, start.objective = guided, start_value
    return start


def _restricted(
    master: Master, start: _Start, lower: np.ndarray, upper: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Bounds of the first stage: the LP's support (and the starting plan's patterns), session
    counts rounded down or up."""
    lp_x, incumbent = start.lp_x, start.incumbent
    restricted_upper = upper.copy()
    restricted_lower = lower.copy()
    patterns = np.arange(master.first_pattern_col, start.n_cols)
    if not master.slack_cols:
        restricted_upper[patterns[lp_x[patterns] <= 1e-6]] = 0.0
        if incumbent is not None:  # the starting plan's patterns stay available
            kept = patterns[incumbent[patterns] > 0.5]
            restricted_upper[kept] = upper[kept]
    for col in master.s_col.values():
        restricted_lower[col] = max(lower[col], math.floor(lp_x[col] + 1e-6))
        restricted_upper[col] = max(restricted_lower[col], math.ceil(lp_x[col] - 1e-6))
    return restricted_lower, restricted_upper


def placement(master: Master, values: np.ndarray) -> Plan:
    """The plan of an integer solution: a class's officers laid over its patterns in turn."""
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
