"""Prerequisites planned in an earlier period of the same plan (issue 5, "Officers")."""

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadre.planning.solver import (
    CourseSpec,
    Gap,
    OfficerSpec,
    Plan,
    Problem,
    candidates,
    evaluate,
    greedy,
    lock_conflicts,
    missing,
)
from cadre.planning.solver.colgen import solve_colgen
from cadre.planning.solver.improvement import state_from_plan
from cadre.planning.solver.mip import build
from cadre.planning.solver.pipeline import solve
from tests.planning.solver.instances import random_problem

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

INTRO, ADVANCED = 100, 101


def _course(key: int, targets: dict[int, int], prerequisites: frozenset[int] = frozenset()) -> CourseSpec:
    return CourseSpec(
        key=key,
        days=1.0,
        seats=5,
        min_fill=1,
        session_cost=100.0,
        participant_cost=10.0,
        instructor_day_cost=0.0,
        instructor_days=1.0,
        qualification="",
        targets=targets,
        prerequisites=prerequisites,
    )


def intro_and_advanced(budget: float = 250.0, periods: int = 2) -> Problem:
    """Officer 0 lacks the introduction, officer 1 completed it; both want the advanced level."""
    return Problem(
        periods=periods,
        budget=budget,
        day_cap=4.0,
        courses=[
            _course(INTRO, {0: 2}),
            _course(ADVANCED, {0: 4}, frozenset([INTRO])),
        ],
        officers=[
            OfficerSpec(key=0, unit=0, gaps=(Gap(0, 0, 4, 1.0),)),
            OfficerSpec(key=1, unit=0, gaps=(Gap(0, 2, 4, 1.0),), completed=frozenset([INTRO])),
        ],
    )


def test_evaluate_names_a_prerequisite_not_planned_earlier():
    # Given an officer without the introduction
    problem = intro_and_advanced()
    sessions = {(INTRO, 0): 1, (INTRO, 1): 1, (ADVANCED, 0): 1, (ADVANCED, 1): 1}
    # When the advanced course comes in the same period as the introduction, before it, or alone
    same = Plan(sessions={(INTRO, 0): 1, (ADVANCED, 0): 1}, assignments=[(0, INTRO, 0), (0, ADVANCED, 0)])
    before = Plan(sessions=sessions, assignments=[(0, ADVANCED, 0), (0, INTRO, 1)])
    alone = Plan(sessions={(ADVANCED, 1): 1}, assignments=[(0, ADVANCED, 1)])
    # Then evaluate names the violation for each, at the advanced course's period
    for plan, period in ((same, 0), (before, 0), (alone, 1)):
        assert (
            f"prerequisite not planned earlier: officer 0 course 101 period {period} "
            "needs course 100 in an earlier period"
        ) in evaluate(problem, plan).violations
    # and accepts the introduction in an earlier period
    ordered = Plan(sessions={(INTRO, 0): 1, (ADVANCED, 1): 1}, assignments=[(0, INTRO, 0), (0, ADVANCED, 1)])
    assert evaluate(problem, ordered).violations == []


def test_greedy_and_solve_plan_the_prerequisite_first():
    # Given an officer for whom the introduction then the advanced course is the best plan
    problem = intro_and_advanced()
    # When greedy and the full solver plan the year
    for result in (greedy(problem), solve(problem, time_limit=10, gap=0.0)):
        # Then officer 0 takes the introduction in period 0 and the advanced course in period 1,
        # officer 1 (who completed the introduction) joins that advanced session
        assert result.plan.assignments == [(0, INTRO, 0), (0, ADVANCED, 1), (1, ADVANCED, 1)], result.method
        assert evaluate(problem, result.plan).violations == []
        assert result.objective == 4.0 + 2.0


def test_a_single_period_cannot_hold_a_planned_prerequisite():
    # Given one period only: nothing comes before it
    problem = intro_and_advanced(periods=1)
    # When candidates are listed and greedy plans
    result = greedy(problem)
    # Then officer 0 is never offered the advanced course
    assert ADVANCED not in candidates(problem)[0]
    assert all((o, k) != (0, ADVANCED) for o, k, _p in result.plan.assignments)


def test_compact_model_keeps_only_courses_with_prerequisites_met():
    # Given the compact MIP (no period per officer, hence no order)
    built = build(intro_and_advanced())
    # Then officer 0's advanced course is left out, officer 1's kept
    assert (0, ADVANCED) not in built.x
    assert (0, INTRO) in built.x
    assert (1, ADVANCED) in built.x


def test_locked_dependent_needs_its_prerequisite_locked_earlier():
    # Given the advanced course locked for officer 0 in period 1
    problem = intro_and_advanced()
    problem.locked_assignments = [(0, ADVANCED, 1)]
    # Then alone, the lock is a named conflict
    assert any("without its prerequisite course 100" in c for c in lock_conflicts(problem))
    # When the introduction is locked in period 0 too, the locks are consistent and kept
    problem.locked_assignments = [(0, INTRO, 0), (0, ADVANCED, 1)]
    assert lock_conflicts(problem) == []
    for result in (greedy(problem), solve(problem, time_limit=10)):
        assert {(0, INTRO, 0), (0, ADVANCED, 1)} <= set(result.plan.assignments)
        assert evaluate(problem, result.plan).violations == []


@FAST
@given(seed=st.integers(0, 10_000), pick=st.integers(0, 1000))
def test_removing_a_prerequisite_removes_what_relied_on_it(seed, pick):
    # Given a greedy plan of a random instance, in greedy's State
    problem = random_problem(seed, officers=20, courses=5, periods=3)
    plan = greedy(problem).plan
    state = state_from_plan(problem, plan)
    if not plan.assignments:
        return
    # When one assignment is removed (a planned prerequisite when there is one)
    courses = {c.key: c for c in problem.courses}
    officers = {o.key: o for o in problem.officers}
    relied = [
        (o, q, p2)
        for o, k, _p in plan.assignments
        for q in missing(officers[o], courses[k])
        for o2, q2, p2 in plan.assignments
        if (o2, q2) == (o, q)
    ]
    o, k, p = random.Random(pick).choice(relied or plan.assignments)
    state.remove(o, k, p)
    # Then no remaining assignment lacks a prerequisite planned earlier
    after = state.plan()
    assert (o, k, p) not in after.assignments
    assert not [v for v in evaluate(problem, after).violations if v.startswith("prerequisite")]


@FAST
@given(seed=st.integers(0, 10_000))
def test_column_generation_never_stores_a_misordered_pattern(seed):
    # Given a random instance with a course whose prerequisite some officers still lack
    problem = random_problem(seed, officers=30, courses=6, periods=3)
    # When the column-generation LP runs (with pricing, without exhaustive enumeration)
    cg = solve_colgen(problem, warm=greedy(problem).plan, time_limit=10, mip=False, enumerate_limit=0)
    assert cg.master is not None
    courses = {c.key: c for c in problem.courses}
    # Then every pattern puts each missing prerequisite course before the course needing it
    for ci, items in cg.master.patterns:
        officer = cg.master.classes[ci].officer
        period = dict(items)
        for k, p in items:
            assert all(q in period and period[q] < p for q in missing(officer, courses[k]))
