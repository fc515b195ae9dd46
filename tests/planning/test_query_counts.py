"""Planning's API lists answer in a constant number of queries, whatever the number of rows."""

import pytest

from cadre.planning.models import UnitBudget
from tests.planning.test_views_plan_list import _assigned, _plans
from tests.support import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.planning.api_urls")]
API = "/api/v1/planning"


@pytest.mark.parametrize("count", [2, 10])
def test_api_plan_list_queries_do_not_grow(planned, client_for, count, django_assert_max_num_queries):
    # Given `count` plans of Alpha
    _plans(planned.a, count)
    client = client_for(planned.a.tm)
    client.get(f"{API}/plans")
    # When the manager lists them / then the queries do not depend on `count`
    with django_assert_max_num_queries(6):
        response = client.get(f"{API}/plans")
    assert len(response.json()) == count


@pytest.mark.parametrize("count", [2, 10])
def test_api_assignment_and_unit_budget_lists_do_not_grow(
    planned, client_for, count, django_assert_max_num_queries
):
    # Given a plan with `count` assignments and `count` unit budgets
    plan = _assigned(planned, count)
    for _ in range(count):
        unit = f.OrgUnitFactory(administration=planned.a.administration, parent=planned.a.hq)
        UnitBudget.objects.create(plan=plan, org_unit=unit, amount=100)
    client = client_for(planned.a.tm)
    client.get(f"{API}/plans/{plan.pk}/assignments")
    # When both are listed / then each answers within the same small number of queries
    with django_assert_max_num_queries(6):
        assignments = client.get(f"{API}/plans/{plan.pk}/assignments")
    with django_assert_max_num_queries(6):
        budgets = client.get(f"{API}/plans/{plan.pk}/unit-budgets")
    assert len(assignments.json()) == count
    assert len(budgets.json()) == count
