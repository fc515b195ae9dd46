"""The planning demo: the big administration has a solved plan with its quality gap; a second load adds nothing."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import get_user_model

from cadre.demo.names import BIG
from cadre.planning.demo import DEMO_PLAN_NAME, load_planning_demo
from cadre.planning.models import AnnualPlan
from cadre.tenancy.access import actor_for
from cadre.tenancy.models import Administration
from tests.demo.conftest import _fast_hasher, demo_world  # noqa: F401 (fixtures)

# The demo builds its year around the day it is loaded: rerun at the awkward instants too.
pytestmark = [pytest.mark.django_db, pytest.mark.calendar]


def test_demo_plan_is_solved_fast_and_loads_once(demo_world):  # noqa: F811
    # given the demo loaded (the cycle calls the planning loader after the needs snapshots)
    big = Administration.objects.get(code=BIG.code)
    plan = AnnualPlan.objects.get(administration=big, name=DEMO_PLAN_NAME)
    # then the plan is solved with sessions, assignments, a bound and the greedy baseline beside it
    assert plan.status == AnnualPlan.Status.SOLVED
    assert plan.sessions.exists()
    assert plan.assignments.exists()
    assert plan.result["bound"] >= plan.result["objective"] >= plan.result["greedy_objective"] > 0
    assert plan.result["cost_total"] <= float(plan.budget)
    # when solved again from scratch, it stays under 10 s
    tm = get_user_model().objects.get(username=f"tm.{BIG.code}")
    plan.delete()
    started = time.perf_counter()
    fresh = load_planning_demo(big_administration=big, actor=actor_for(tm))
    assert time.perf_counter() - started < 10
    assert fresh is not None
    assert fresh.status == AnnualPlan.Status.SOLVED
    # and a second load adds nothing
    assert load_planning_demo(big_administration=big, actor=actor_for(tm)) == fresh
    assert AnnualPlan.objects.filter(administration=big).count() == 1
