"""The exact MIP (one binary per officer, course and period) against brute force and evaluate."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadre.planning.solver import evaluate
from cadre.planning.solver.exact import solve_exact
from tests.planning.solver.instances import brute_force, random_problem


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000))
def test_exact_mip_equals_brute_force_on_tiny_instances(seed):
    # Given a tiny instance whose optimum brute force knows
    problem = random_problem(seed, officers=3, courses=2, periods=2)
    # When the exact MIP solves it
    result = solve_exact(problem, time_limit=20)
    # Then it proves that optimum, and its plan is valid
    assert result.status == "optimal"
    assert result.plan is not None
    assert evaluate(problem, result.plan).violations == []
    assert abs((result.objective or 0.0) - brute_force(problem)) <= 1e-6


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000))
def test_exact_mip_plan_is_valid_and_within_its_bound(seed):
    # Given a small random instance with prerequisites, unit caps and budgets
    problem = random_problem(seed, officers=30, courses=5, periods=3)
    # When the exact MIP solves it
    result = solve_exact(problem, time_limit=20)
    # Then its plan breaks nothing and its objective is within its proven bound
    assert result.plan is not None
    checked = evaluate(problem, result.plan)
    assert checked.violations == []
    assert result.bound is not None
    assert (result.objective or 0.0) <= result.bound + 1e-6 * max(1.0, result.bound)
