"""The greedy baseline: highest value per cost first, under every constraint."""

from __future__ import annotations

import heapq
import time
from collections import defaultdict

from cadre.planning.solver.eligibility import eligible, missing, plannable
from cadre.planning.solver.evaluation import evaluate, lock_conflicts
from cadre.planning.solver.instance import EPS, CourseSpec, Problem, Result
from cadre.planning.solver.objective import officer_gain, officer_value
from cadre.planning.solver.state import State


def candidates(problem: Problem, limit: int | None = None) -> dict[int, list[int]]:
    """Courses worth considering per officer: closing some gap and eligible, or eligible once
    missing prerequisite courses that are candidates themselves are planned before (the best
    ``limit``)."""
    courses = {c.key: c for c in problem.courses}
    by_competency: dict[int, list[CourseSpec]] = defaultdict(list)
    for c in problem.courses:
        for comp in c.targets:
            by_competency[comp].append(c)
    out: dict[int, list[int]] = {}
    for off in problem.officers:
        scored = []
        seen: set[int] = set()
        for g in off.gaps:
            for c in by_competency.get(g.competency, ()):
                if c.key in seen or c.targets[g.competency] <= g.current:
                    continue
                seen.add(c.key)
                if eligible(off, c, problem.day_cap) or (
                    missing(off, c) and plannable(off, c, courses, problem.day_cap, problem.periods)
                ):
                    value = officer_value(off, [c])
                    if value > EPS:
                        scored.append((value / (c.participant_cost + c.fixed_cost / c.seats + EPS), c.key))
        scored.sort(reverse=True)
        chosen = [k for _, k in (scored[:limit] if limit else scored)]
        # a course whose prerequisites are planned is a candidate only beside each of them
        kept = set(chosen)
        out[off.key] = [k for k in chosen if missing(off, courses[k]) <= kept]
    return out


def fill(
    state: State,
    cands: dict[int, list[int]],
    rounds: int = 4,
    single: dict[tuple[int, int], float] | None = None,
) -> None:
    """Place officers in courses, highest gain per cost first, until nothing more fits.

    Starts from whatever ``state`` holds already (locked decisions, or a rounded LP plan), so the
    same rule completes a partial plan."""
    problem = state.problem
    single = {} if single is None else single  # officer-course values, reusable across calls
    for _ in range(rounds):
        heap = []
        for off in problem.officers:
            for k in cands[off.key]:
                if all(k != k2 for k2, _ in state.taken[off.key]):
                    c = state.courses[k]
                    if (off.key, k) not in single:
                        single[off.key, k] = officer_value(off, [c])
                    heap.append(
                        (
                            -single[off.key, k] / (c.participant_cost + c.fixed_cost / c.seats + EPS),
                            off.key,
                            k,
                        )
                    )
        heapq.heapify(heap)
        # courses waiting for a prerequisite course of the same officer: back in the heap once it is placed
        waiting: dict[tuple[int, int], list[tuple[float, int, int]]] = defaultdict(list)
        deferred = placed = False
        while heap:
            key, o, k = heapq.heappop(heap)
            if any(k == k2 for k2, _ in state.taken[o]):
                continue
            officer, c = state.officers[o], state.courses[k]
            now = [state.courses[k2] for k2, _ in state.taken[o]]
            if now:
                gain = officer_gain(officer, now, c)
            else:
                gain = single[o, k] if (o, k) in single else officer_value(officer, [c])
            if gain <= EPS:
                continue
            score = -gain / (c.participant_cost + c.fixed_cost / c.seats + EPS)
            if score > key + 1e-12:  # stale: worth less now that the officer took another course
                heapq.heappush(heap, (score, o, k))
                continue
            if state.periods_for(o, k) is None:
                taken = {k2 for k2, _ in state.taken[o]}
                waiting[o, min(missing(officer, c) - taken)].append((key, o, k))
                deferred = True
                continue
            if state.try_place(o, k):
                placed = True
                for item in waiting.pop((o, k), ()):
                    heapq.heappush(heap, item)
        # another round when a course waited for a prerequisite and the plan moved on since
        if not state.repair_fill() and not (deferred and placed):
            break


def seat_pass(state: State, cands: dict[int, list[int]]) -> None:
    """Fill free seats of open sessions, highest gain per participant cost first."""
    problem = state.problem
    free_courses = {
        k for (k, p), n in state.sessions.items() if len(state.members[k, p]) < n * state.courses[k].seats
    }
    heap: list[tuple[float, int, int]] = []
    for off in problem.officers:
        taken = {k for k, _p in state.taken[off.key]}
        now = [state.courses[k] for k in taken]
        for k in cands.get(off.key, ()):
            if k in free_courses and k not in taken:
                gain = officer_gain(off, now, state.courses[k])
                if gain > EPS:
                    heap.append((-gain / (state.courses[k].participant_cost + EPS), off.key, k))
    heapq.heapify(heap)
    while heap:
        key, o, k = heapq.heappop(heap)
        c = state.courses[k]
        officer = state.officers[o]
        if any(k == k2 for k2, _p in state.taken[o]):
            continue
        gain = officer_gain(officer, [state.courses[k2] for k2, _p in state.taken[o]], c)
        score = -gain / (c.participant_cost + EPS)
        if gain <= EPS:
            continue
        if score > key + 1e-12:
            heapq.heappush(heap, (score, o, k))
            continue
        for p in range(problem.periods):
            if state.fits(o, k, p):
                state.add(o, k, p)
                break


def greedy(problem: Problem, rounds: int = 4) -> Result:
    """Highest value per cost first under every constraint, as a careful spreadsheet would do."""
    started = time.perf_counter()
    conflicts = lock_conflicts(problem)
    state = State(problem)
    state.apply_locks()
    fill(state, candidates(problem), rounds)
    state.repair_fill()
    plan = state.plan()
    checked = evaluate(problem, plan)
    value = checked.objective
    conflicts += [f"greedy could not meet {v}" for v in checked.violations if v not in conflicts]
    return Result(
        "greedy",
        "feasible" if not conflicts else "conflicts",
        plan,
        value,
        None,
        time.perf_counter() - started,
        conflicts,
    )


def cancelled_after_greedy(problem: Problem, base: Result, started: float) -> Result:
    """Stopped on request after the greedy plan: that plan, without a bound."""
    return Result(
        "greedy",
        "cancelled",
        base.plan,
        base.objective,
        None,
        time.perf_counter() - started,
        lock_conflicts(problem),
        base.objective,
        {},
    )
