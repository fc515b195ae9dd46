"""Improve a whole plan by closing its least efficient sessions and spending what they freed.

Greedy and the rounded LP both leave seats empty in sessions whose fixed cost is already paid,
and run out of budget on sessions that bring little. Each round closes the sessions with the
lowest value per cost, seats officers in free seats of open sessions (where a participant costs
only the per-participant cost), lets the greedy rule spend the rest, and keeps the result only if
the recomputed objective is higher. Every step goes through greedy's ``State``, so no constraint
can be broken; ``evaluate`` checks again before a plan is kept.
"""

from __future__ import annotations

import time

from cadre.planning.solver.evaluation import evaluate
from cadre.planning.solver.greedy import fill, seat_pass
from cadre.planning.solver.instance import EPS, Plan, Problem
from cadre.planning.solver.objective import officer_gain
from cadre.planning.solver.progress import Progress
from cadre.planning.solver.state import State


def state_from_plan(problem: Problem, plan: Plan) -> State:
    state = State(problem)
    for (k, p), n in plan.sessions.items():
        for _ in range(n):
            state.open_session(k, p, force=True)
    for o, k, p in plan.assignments:
        state.add(o, k, p)
    return state


SHARES = (0.03, 0.015, 0.06, 0.008, 0.03, 0.004)  # of open sessions closed per round, in turn


def improve(
    problem: Problem,
    plan: Plan,
    cands: dict[int, list[int]],
    deadline: float,
    *,
    progress: Progress | None = None,
    bound: float | None = None,
    max_failures: int = len(SHARES),
) -> tuple[Plan, float, int]:
    """The best plan found before ``deadline``, its objective and the rounds that improved it.

    A round starts only when the longest round so far would still end before ``deadline``.

    Stops early after ``max_failures`` rounds in a row without improvement, or when ``progress``
    returns False."""
    best, best_value = plan, evaluate(problem, plan).objective
    locked_items = {(k, p) for _o, k, p in problem.locked_assignments} | {
        (k, p) for k, p, _n in problem.locked_sessions
    }
    improved = failures = rounds = 0
    single: dict[tuple[int, int], float] = {}
    longest = 0.0  # a round is started only if the longest so far would still end in time
    while time.perf_counter() + longest < deadline and failures < max_failures:
        round_started = time.perf_counter()
        share = SHARES[rounds % len(SHARES)]
        rounds += 1
        state = state_from_plan(problem, best)
        if rounds == 1:  # later rounds start from a plan whose free seats were just filled
            seat_pass(state, cands)
        scored = []
        for (k, p), n in state.sessions.items():
            if n <= 0 or (k, p) in locked_items:
                continue
            c = state.courses[k]
            value = 0.0
            for o in state.members[k, p]:
                others = [state.courses[k2] for k2, _p in state.taken[o] if k2 != k]
                value += officer_gain(state.officers[o], others, c)
            scored.append(
                (value / (n * c.fixed_cost + len(state.members[k, p]) * c.participant_cost + EPS), k, p)
            )
        scored.sort()
        for _ratio, k, p in scored[: max(1, int(len(scored) * share))]:
            for o in list(state.members[k, p]):
                state.remove(o, k, p)
            while state.sessions[k, p]:
                state.close_session(k, p)
            state.banned.add((k, p))
        seat_pass(state, cands)
        fill(state, cands, rounds=1, single=single)
        state.banned.clear()
        seat_pass(state, cands)
        state.repair_fill()
        candidate = state.plan()
        checked = evaluate(problem, candidate)
        if not checked.violations and checked.objective > best_value + EPS:
            best, best_value = candidate, checked.objective
            improved += 1
            failures = 0
        else:
            failures += 1
        longest = max(longest, time.perf_counter() - round_started)
        if progress is not None and not progress(
            {"phase": "improve", "objective": best_value, "bound": bound}
        ):
            break
    return best, best_value, improved
