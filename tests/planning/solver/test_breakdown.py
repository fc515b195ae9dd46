"""What a plan buys: the cost and closure breakdowns add up to the plan's own figures."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadre.planning.solver import CourseSpec, Gap, OfficerSpec, Plan, Problem, evaluate, greedy
from cadre.planning.solver.breakdown import REASONS, plan_breakdown, plan_figures
from tests.planning.solver.instances import random_problem


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_costs_and_closure_add_up_to_the_plan(seed):
    # given a random instance and its greedy plan
    problem = random_problem(seed, officers=15)
    plan = greedy(problem).plan
    checked = evaluate(problem, plan)
    # when the plan is broken down
    b = plan_breakdown(problem, plan)
    # then costs by unit and by competency both add up to the plan's cost (less sessions without anyone)
    cost = checked.cost - b["cost_unallocated"]
    assert sum(b["cost_by_unit"].values()) == pytest.approx(cost, abs=0.05)
    assert sum(b["cost_by_competency"].values()) == pytest.approx(cost, abs=0.05)
    assert plan_figures(problem, plan)["cost_total"] == pytest.approx(checked.cost, abs=0.01)
    # and closure by competency adds up to the objective; what is left, by reason, to the rest
    comps = b["competencies"].values()
    assert sum(c["closed"] for c in comps) == pytest.approx(checked.objective, abs=1e-3)
    for c in comps:
        assert c["closed"] + sum(c["left"][r] for r in REASONS) == pytest.approx(c["demand"], abs=1e-3)


def _course(key, targets, languages=frozenset(), seats=5):
    return CourseSpec(key, 1.0, seats, 1, 100.0, 10.0, 0.0, 1.0, "", targets, languages)


def test_reasons_name_why_a_gap_is_left():
    # given: competency 1 has a course (English only), competency 2 none, and money for one officer
    problem = Problem(
        periods=1,
        budget=110.0,
        day_cap=5.0,
        courses=[_course(10, {1: 3}, frozenset({"en"}))],
        officers=[
            OfficerSpec(1, 7, (Gap(1, 1, 3, 1.0), Gap(2, 0, 2, 1.0)), frozenset({"en"})),
            OfficerSpec(2, 7, (Gap(1, 1, 3, 2.0),), frozenset({"fr"})),
            OfficerSpec(3, 8, (Gap(1, 1, 2, 1.0),), frozenset({"en"})),
        ],
    )
    plan = Plan(sessions={(10, 0): 1}, assignments=[(1, 10, 0)])
    b = plan_breakdown(problem, plan)
    one, two = b["competencies"]["1"], b["competencies"]["2"]
    # then competency 2 is left because no course reaches it
    assert two["left"] == {"no_course": 2.0, "not_eligible": 0.0, "not_planned": 0.0}
    # and competency 1: the French speaker is not eligible, officer 3 was not planned
    assert one["closed"] == 2.0
    assert one["left"]["not_eligible"] == 4.0
    assert one["left"]["not_planned"] == 1.0
    assert one["officers_left"] == {"no_course": 0, "not_eligible": 1, "not_planned": 1}
    # and the whole cost (session 100 + participant 10) goes to unit 7 and competency 1
    assert b["cost_by_unit"] == {"7": 110.0}
    assert b["cost_by_competency"] == {"1": 110.0}
