"""Execute a plan run in phases (building the problem, greedy, optimiser, storing), with progress.

A cancel request is honoured at the next phase boundary (and inside the optimiser when
``pipeline.solve`` accepts a ``progress`` callback: it is called with a dict of figures and stops
when the callback returns False). Every run stores the solver's input (``problem_io``), the solver
version, the seed and the time limit, so it can be reproduced. Requests live in ``runs``.
"""

from __future__ import annotations

import hashlib
import inspect
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.core.errors import DomainError, invalid
from cadre.planning.instances import plan_problem
from cadre.planning.models import PlanRun
from cadre.planning.solver import Problem, Result, greedy, pipeline
from cadre.planning.solver.problem_io import blob_digest, problem_dumps, problem_loads
from cadre.planning.storing import plan_store_result
from cadre.tenancy.access import actor_for

#: The optimiser's random seed: fixed, stored with every run.
SEED = 7

#: Seconds per scenario solve at most (the sweep re-solves the plan 7 + 3 times; a plan with a
#: shorter time limit uses its own).
SCENARIO_TIME_LIMIT = 5.0
#: Unit away caps multiplied in the caps scenarios (None: no caps at all).
CAP_FACTORS: tuple[float | None, ...] = (0.5, 2.0, None)
#: At most this often the optimiser's progress is written and the cancel flag read (seconds).
THROTTLE = 1.0

#: Budget factors of the scenario sweep.
SWEEP = (0.5, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5)

Observer = Callable[[PlanRun], None]


class RunCancelledError(Exception):
    """The training manager asked to stop the run."""


def solver_version() -> str:
    """HiGHS's version and a digest of the solver's code: what a reproduction must match."""
    digest = hashlib.sha256()
    for path in sorted(Path(pipeline.__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return f"highspy {metadata.version('highspy')}; code {digest.hexdigest()[:12]}"


def _solve_accepts_progress() -> bool:
    return "progress" in inspect.signature(pipeline.solve).parameters


class _Reporter:
    """Writes a run's phase, percent and messages; raises RunCancelledError when a cancel was asked."""

    def __init__(self, run: PlanRun, observer: Observer | None) -> None:
        self.run, self.observer = run, observer
        self.started = time.perf_counter()
        self.messages: list[dict[str, Any]] = list(run.messages or [])
        self.last_write = 0.0

    def step(self, phase: str, percent: int, text: str) -> None:
        self.write(phase, percent, text)
        if self.observer is not None:
            self.observer(self.run)
        self.check()

    def write(self, phase: str, percent: int, text: str) -> None:
        self.messages.append(
            {"t": round(time.perf_counter() - self.started, 2), "phase": phase, "text": text}
        )
        self.run.phase, self.run.progress, self.run.messages = phase, min(percent, 99), self.messages
        PlanRun.objects.filter(pk=self.run.pk).update(
            phase=phase, progress=self.run.progress, messages=self.messages
        )
        self.last_write = time.perf_counter()

    def cancel_requested(self) -> bool:
        return PlanRun.objects.filter(pk=self.run.pk, cancel_requested=True).exists()

    def check(self) -> None:
        if self.cancel_requested():
            raise RunCancelledError

    def optimiser(self, base: int, span: int, time_limit: float) -> Callable[[dict[str, Any]], bool]:
        """The callback handed to ``pipeline.solve``: figures in, False out once a cancel was asked."""
        opened = time.perf_counter()

        def progress(info: dict[str, Any]) -> bool:
            if time.perf_counter() - self.last_write < THROTTLE:
                return True
            share = min(1.0, (time.perf_counter() - opened) / max(time_limit, 0.1))
            figures = ", ".join(
                f"{key} {value:.2f}" if isinstance(value, float) else f"{key} {value}"
                for key, value in info.items()
            )
            self.write("optimiser", base + int(span * share), f"Optimiser: {figures}")
            return not self.cancel_requested()

        return progress


def _optimise(
    problem: Problem, base: Result, run: PlanRun, reporter: _Reporter, pct: tuple[int, int]
) -> Result:
    extra: dict[str, Any] = {}
    if _solve_accepts_progress():
        extra["progress"] = reporter.optimiser(pct[0], pct[1], run.time_limit)
    return pipeline.solve(problem, time_limit=run.time_limit, seed=run.seed, warm=base, **extra)


def plan_run_execute(*, run_id: int, observer: Observer | None = None) -> PlanRun:
    """Execute a queued run (the worker's task); a failure or a cancel is recorded, never raised.

    ``observer`` is called with the run after each phase is reported (tests use it to cancel
    while the run is under way).
    """
    claimed = PlanRun.objects.filter(pk=run_id, status=PlanRun.Status.QUEUED, cancel_requested=False).update(
        status=PlanRun.Status.RUNNING, started_at=timezone.now(), phase="starting", progress=1
    )
    run = PlanRun.objects.select_related("plan", "plan__administration", "source").get(pk=run_id)
    if not claimed:
        return run  # already run, running elsewhere, or cancelled while queued
    reporter = _Reporter(run, observer)
    try:
        if run.kind == PlanRun.Kind.SCENARIOS:
            _execute_scenarios(run, reporter)
        elif run.kind == PlanRun.Kind.REPRODUCE:
            _execute_reproduction(run, reporter)
        else:
            _execute_solve(run, reporter)
    except RunCancelledError:
        reporter.messages.append(
            {"t": round(time.perf_counter() - reporter.started, 2), "phase": "cancelled", "text": "Cancelled"}
        )
        PlanRun.objects.filter(pk=run_id).update(
            status=PlanRun.Status.CANCELLED,
            phase="cancelled",
            messages=reporter.messages,
            finished_at=timezone.now(),
        )
    except DomainError as exc:
        _fail(run_id, reporter, "; ".join(f"{e.field}: {e.reason}" for e in exc.errors) or exc.detail)
    except Exception as exc:  # the run's failure is shown on the plan page, never lost
        _fail(run_id, reporter, f"{type(exc).__name__}: {exc}")
    run.refresh_from_db()
    return run


def _fail(run_id: int, reporter: _Reporter, reason: str) -> None:
    reporter.messages.append(
        {"t": round(time.perf_counter() - reporter.started, 2), "phase": "failed", "text": reason}
    )
    PlanRun.objects.filter(pk=run_id).update(
        status=PlanRun.Status.FAILED,
        phase="failed",
        error=reason[:2000],
        messages=reporter.messages,
        finished_at=timezone.now(),
    )


def _build(run: PlanRun, reporter: _Reporter) -> Problem:
    reporter.step("building", 3, "Building the problem from the needs snapshot, catalogue and resources")
    problem = plan_problem(plan=run.plan)
    blob = problem_dumps(problem)
    run.problem, run.problem_sha256 = blob, blob_digest(blob)
    run.save(update_fields=["problem", "problem_sha256"])
    reporter.step(
        "building",
        10,
        f"{len(problem.officers)} officers with gaps, {len(problem.courses)} courses, "
        f"{problem.periods} periods; input stored ({len(blob):,} bytes)",
    )
    return problem


def _execute_solve(run: PlanRun, reporter: _Reporter) -> None:
    problem = _build(run, reporter)
    reporter.step("greedy", 12, "Greedy baseline (highest value per cost first)")
    base = greedy(problem)
    reporter.step(
        "optimiser",
        20,
        f"Greedy objective {base.objective:.2f}; optimiser for up to {run.time_limit:g} s (seed {run.seed})",
    )
    result = _optimise(problem, base, run, reporter, (20, 70))
    reporter.step(
        "storing",
        92,
        f"Optimiser objective {result.objective:.2f}, bound {_fmt(result.bound)}, gap {_fmt(result.gap_pct)} %",
    )
    with transaction.atomic():
        if reporter.cancel_requested():
            raise RunCancelledError
        plan = plan_store_result(
            actor=actor_for(run.requested_by), plan=run.plan, problem=problem, result=result, base=base
        )
        summary = {
            k: plan.result[k]
            for k in ("objective", "bound", "gap_pct", "greedy_objective", "method", "status")
        }
        _done(run, reporter, summary, "Plan stored")


def _done(run: PlanRun, reporter: _Reporter, result: dict[str, Any], text: str) -> None:
    reporter.messages.append(
        {"t": round(time.perf_counter() - reporter.started, 2), "phase": "done", "text": text}
    )
    PlanRun.objects.filter(pk=run.pk).update(
        status=PlanRun.Status.DONE,
        phase="done",
        progress=100,
        result=result,
        messages=reporter.messages,
        finished_at=timezone.now(),
    )


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _execute_scenarios(run: PlanRun, reporter: _Reporter) -> None:
    import datetime as dt

    problem = _build(run, reporter)
    plan = run.plan
    budget, caps = float(plan.budget), dict(problem.unit_caps)
    steps = len(SWEEP) + (len(CAP_FACTORS) if caps else 0)
    sweep, cap_rows = [], []
    for i, factor in enumerate(SWEEP):
        problem.budget = budget * factor
        reporter.step("scenarios", 10 + 80 * i // steps, f"Budget x{factor}: {problem.budget:,.0f}")
        base = greedy(problem)
        result = pipeline.solve(problem, time_limit=run.time_limit, seed=run.seed, warm=base)
        sweep.append(_scenario_row(result, base) | {"factor": factor, "budget": problem.budget})
    problem.budget = budget
    for j, cap_factor in enumerate(CAP_FACTORS if caps else ()):
        label = "none" if cap_factor is None else f"x{cap_factor:g}"
        reporter.step("scenarios", 10 + 80 * (len(SWEEP) + j) // steps, f"Unit away caps {label}")
        problem.unit_caps = (
            {} if cap_factor is None else {u: max(0, int(c * cap_factor)) for u, c in caps.items()}
        )
        base = greedy(problem)
        result = pipeline.solve(problem, time_limit=run.time_limit, seed=run.seed, warm=base)
        cap_rows.append(_scenario_row(result, base) | {"caps": label})
    problem.unit_caps = caps
    reporter.step("duals", 92, "LP value of one more unit of budget and one more instructor-day")
    duals = pipeline.lp_duals(problem)
    with transaction.atomic():
        if reporter.cancel_requested():
            raise RunCancelledError
        plan.scenarios = {
            "sweep": sweep,
            "caps": cap_rows,
            "duals": duals,
            "at": dt.datetime.now(tz=dt.UTC).isoformat(),
            "run_id": run.pk,
        }
        plan.save(update_fields=["scenarios"])
        _done(run, reporter, {"scenarios": len(sweep) + len(cap_rows)}, "Scenarios stored")


def _scenario_row(result: Result, base: Result) -> dict[str, Any]:
    return {
        "objective": result.objective,
        "bound": result.bound,
        "gap_pct": result.gap_pct,
        "greedy": base.objective,
        "officers": len({o for o, _k, _p in result.plan.assignments}),
    }


def _execute_reproduction(run: PlanRun, reporter: _Reporter) -> None:
    source = run.source
    if source is None or not source.problem:
        raise invalid("run", _("the run to reproduce has no stored input"), code="plan_run.no_stored_input")
    reporter.step("building", 5, f"Reading the stored input of run #{source.pk}")
    problem = problem_loads(source.problem)
    run.problem, run.problem_sha256 = source.problem, blob_digest(source.problem)
    run.save(update_fields=["problem", "problem_sha256"])
    reporter.step("greedy", 12, "Greedy baseline on the stored input")
    base = greedy(problem)
    reporter.step(
        "optimiser", 20, f"Optimiser with the stored settings: {run.time_limit:g} s, seed {run.seed}"
    )
    result = _optimise(problem, base, run, reporter, (20, 75))
    before = source.result or {}

    def same(a: float | None, b: float | None) -> bool:
        return a is not None and b is not None and abs(a - b) <= 1e-6 * max(1.0, abs(b))

    outcome = {
        "source_run": source.pk,
        "objective": result.objective,
        "bound": result.bound,
        "gap_pct": result.gap_pct,
        "greedy_objective": base.objective,
        "source_objective": before.get("objective"),
        "source_greedy_objective": before.get("greedy_objective"),
        "same_input": run.problem_sha256 == source.problem_sha256,
        "same_solver": run.solver_version == source.solver_version,
        "same_objective": same(result.objective, before.get("objective")),
        "same_greedy": same(base.objective, before.get("greedy_objective")),
    }
    verdict = "same objective" if outcome["same_objective"] else "a different objective"
    _done(run, reporter, outcome, f"Reproduced run #{source.pk}: {verdict}")
