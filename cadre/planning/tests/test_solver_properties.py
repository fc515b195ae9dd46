"""Property tests: no constraint is ever violated, locks are kept, HiGHS >= greedy, tiny = brute force."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadre.planning.mip import solve
from cadre.planning.solver import Plan, evaluate, greedy
from cadre.planning.tests.instances import brute_force, random_problem

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(seed=st.integers(0, 10_000))
def test_greedy_never_violates_a_constraint(seed):
    # given a random small instance / when greedy plans it
    problem = random_problem(seed)
    result = greedy(problem)
    checked = evaluate(problem, result.plan)
    # then nothing is violated and the objective is a recomputation from the assignments
    assert checked.violations == []
    assert checked.cost <= problem.budget + 1e-6
    assert result.objective == pytest.approx(checked.objective)


@FAST
@given(seed=st.integers(0, 10_000))
def test_highs_never_violates_and_never_loses_to_greedy(seed):
    problem = random_problem(seed)
    result = solve(problem, time_limit=5)
    checked = evaluate(problem, result.plan)
    assert checked.violations == []
    assert result.objective == pytest.approx(checked.objective)
    assert result.objective >= greedy(problem).objective - 1e-6
    assert result.bound is not None
    assert result.bound >= result.objective - 1e-6


@FAST
@given(seed=st.integers(0, 10_000), pick=st.integers(0, 100))
def test_locked_decisions_are_kept_on_resolve(seed, pick):
    # given a solved plan and one of its assignments (and its session) locked by hand
    problem = random_problem(seed)
    first = solve(problem, time_limit=5)
    if not first.plan.assignments:
        return
    lock = first.plan.assignments[pick % len(first.plan.assignments)]
    problem.locked_assignments = [lock]
    problem.locked_sessions = [(lock[1], lock[2], first.plan.sessions[lock[1], lock[2]])]
    # when solved again by both methods
    for result in (greedy(problem), solve(problem, time_limit=5)):
        # then the lock is there; every constraint holds, or greedy names what it could not meet
        assert lock in result.plan.assignments
        assert result.plan.sessions[lock[1], lock[2]] >= problem.locked_sessions[0][2]
        violations = evaluate(problem, result.plan).violations
        assert all(f"greedy could not meet {v}" in result.conflicts for v in violations)
    assert evaluate(problem, solve(problem, time_limit=5).plan).violations == []


@settings(max_examples=6, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_highs_equals_brute_force_on_tiny_instances(seed):
    problem = random_problem(seed, officers=3, courses=2, periods=2)
    result = solve(problem, time_limit=10, gap=0.0)
    assert result.objective == pytest.approx(brute_force(problem), abs=1e-6)


def test_evaluate_names_each_violation():
    problem = random_problem(3)
    c = problem.courses[0]
    bad = Plan(sessions={(c.key, 0): 0}, assignments=[(problem.officers[0].key, c.key, 0)])
    assert any(v.startswith("seats") for v in evaluate(problem, bad).violations)
