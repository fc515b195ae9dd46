"""Property tests: no constraint is ever violated, locks are kept, HiGHS >= greedy, tiny = brute force."""

import time
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadre.planning.solver import Plan, candidates, evaluate, greedy, officer_gain, officer_value
from cadre.planning.solver import pipeline as mip
from cadre.planning.solver.colgen import solve_colgen
from cadre.planning.solver.improvement import improve
from cadre.planning.solver.pipeline import solve
from cadre.planning.solver.rounding import lp_guided
from tests.planning.solver.instances import brute_force, random_problem

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


@FAST
@given(seed=st.integers(0, 10_000), take=st.integers(0, 3))
def test_officer_gain_is_the_difference_of_officer_values(seed, take):
    # Given an officer, some courses already taken and one more course
    problem = random_problem(seed, courses=5)
    officer = problem.officers[seed % len(problem.officers)]
    now, course = problem.courses[:take], problem.courses[take]
    # When greedy's shortcut computes the gain of the extra course
    gain = officer_gain(officer, now, course)
    # Then it is exactly what recomputing the officer's value says
    assert gain == pytest.approx(officer_value(officer, [*now, course]) - officer_value(officer, now))


@FAST
@given(seed=st.integers(0, 10_000))
def test_rounded_lp_plan_never_violates_a_constraint(seed):
    # Given a random instance and its column-generation LP
    problem = random_problem(seed, officers=30, courses=6, periods=3)
    base = greedy(problem)
    cg = solve_colgen(problem, warm=base.plan, time_limit=10, mip=False, enumerate_limit=0, dive_over=0)
    master = cg.master
    # When the LP solution is rounded, repaired and completed
    assert master is not None
    assert cg.x is not None
    plan = lp_guided(problem, master, cg.x, candidates(problem))
    # Then every constraint holds
    assert evaluate(problem, plan).violations == []


@FAST
@given(seed=st.integers(0, 10_000))
def test_improvement_rounds_keep_every_constraint_and_never_lose(seed):
    # Given a random instance and its greedy plan
    problem = random_problem(seed, officers=30, courses=6, periods=3)
    base = greedy(problem)
    if evaluate(problem, base.plan).violations:
        return  # contradictory locks: reported elsewhere, nothing to improve from
    # When sessions are closed and the freed budget is spent again, round after round
    plan, value, _rounds = improve(problem, base.plan, candidates(problem), time.perf_counter() + 5)
    checked = evaluate(problem, plan)
    # Then the plan is valid, its objective is what it claims, and never below greedy's
    assert checked.violations == []
    assert value == pytest.approx(checked.objective)
    assert value >= base.objective - 1e-6


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_the_bound_from_sample_prices_is_never_below_the_optimum(seed):
    # Given a tiny instance whose optimum brute force knows
    problem = random_problem(seed, officers=3, courses=2, periods=1)
    optimum = brute_force(problem)
    # When column generation starts from the prices of a sample of its officers
    cg = solve_colgen(
        problem, warm=greedy(problem).plan, time_limit=10, mip=False, sample_over=0, sample_size=2
    )
    # Then the bound it reports (first from those prices, then from the master) is still an upper bound
    assert cg.bound is not None
    assert cg.bound >= optimum - 1e-6
    assert all(entry["bound"] >= optimum - 1e-6 for entry in cg.log)


@pytest.mark.parametrize("seed", [3, 17, 2026])
def test_at_scale_the_rounded_lp_starts_the_improvement_rounds(seed, monkeypatch):
    # Given an instance solved along the path taken above 3,000 officers (LP bound, no MIP)
    monkeypatch.setattr(mip, "LARGE", 0)
    problem = random_problem(seed, officers=40, courses=6, periods=3)
    base = greedy(problem)
    phases: list[str] = []

    def progress(figures: dict[str, object]) -> bool:
        phases.append(str(figures["phase"]))
        return True

    # When the optimiser runs
    result = mip.solve(problem, time_limit=10, warm=base, progress=progress)
    # Then the LP was rounded into a plan, the result is valid, recomputes, and never loses to greedy
    assert "rounded" in phases
    checked = evaluate(problem, result.plan)
    assert checked.violations == []
    assert result.objective == pytest.approx(checked.objective)
    assert result.objective >= base.objective - 1e-6
    assert result.bound is not None
    assert result.bound >= result.objective - 1e-6


@FAST
@given(seed=st.integers(0, 10_000), free=st.booleans())
def test_once_pricing_finds_nothing_the_bound_is_the_lp_optimum(seed, free):
    # Given a random instance without planned prerequisites (so every priced pattern can be stored),
    # optionally with a free course that whole classes take
    problem = random_problem(seed, officers=30, courses=5, periods=2)
    courses = [replace(c, prerequisites=frozenset()) for c in problem.courses]
    if free:
        courses[0] = replace(courses[0], session_cost=0.0, participant_cost=0.0, instructor_day_cost=0.0)
    problem = replace(problem, courses=courses, locked_assignments=[], locked_sessions=[])
    # When column generation runs to the end
    cg = solve_colgen(
        problem,
        warm=greedy(problem).plan,
        time_limit=20,
        mip=False,
        dive_over=0,
        max_candidates=10,
        stop_gap=0.0,
    )
    # Then the Lagrangian bound has closed onto the LP value (a pattern at its class's size used to
    # keep a positive reduced cost and be counted twice)
    assert cg.status == "optimal"
    assert cg.bound is not None
    assert cg.bound == pytest.approx(cg.lp_value, rel=1e-6, abs=1e-6)
