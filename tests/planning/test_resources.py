"""Unit budgets and instructor-days set by hand: page and API, field errors, tenancy (404, nothing stored)."""

import pytest
from django.test import Client
from django.urls import reverse

from cadre.core.models import AuditEvent
from cadre.planning import services
from cadre.planning.models import InstructorCapacity, UnitBudget
from cadre.tenancy.access import actor_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(planned):
    return services.plan_create(
        actor=actor_for(planned.a.tm),
        administration=planned.a.administration,
        name="2027",
        year=2027,
        budget="5000",
        snapshot_row=planned.a.snapshot,
    )


def test_add_change_and_remove_a_unit_budget(planned, plan, client_for):
    client = client_for(planned.a.tm)
    url = reverse("planning:resources", args=[plan.pk])
    unit = planned.a.house
    # when the manager sets a budget for one of the administration's units, then changes it
    assert client.post(url, {"org_unit_id": unit.pk, "amount": "1200"}).status_code == 302
    assert client.post(url, {"org_unit_id": unit.pk, "amount": "900.50"}).status_code == 302
    # then one row holds the latest amount, audited, and the page lists it
    row = UnitBudget.objects.get(plan=plan)
    assert (row.org_unit_id, str(row.amount)) == (unit.pk, "900.50")
    events = AuditEvent.objects.filter(entity_id=str(row.pk), entity_type__icontains="unitbudget")
    assert list(events.order_by("pk").values_list("action", "actor_id")) == [
        ("create", planned.a.tm.pk),
        ("update", planned.a.tm.pk),
    ]
    assert unit.name in client.get(url).content.decode()
    # and the solver input carries it
    assert services.plan_problem(plan=plan).unit_budgets == {unit.pk: 900.5}
    # when removed
    assert client.post(reverse("planning:budget_remove", args=[plan.pk, row.pk])).status_code == 302
    assert not UnitBudget.objects.exists()


def test_a_bad_amount_is_named_and_nothing_is_stored(planned, plan, client_for):
    response = client_for(planned.a.tm).post(
        reverse("planning:resources", args=[plan.pk]), {"org_unit_id": planned.a.house.pk, "amount": "-3"}
    )
    assert response.status_code == 400
    assert "amount: must not be negative" in response.content.decode()
    assert not UnitBudget.objects.exists()


def test_a_foreign_org_unit_is_404_naming_the_field_and_nothing_is_stored(planned, plan, client_for):
    # given Alpha's manager, and an org unit of Beta
    response = client_for(planned.a.tm).post(
        reverse("planning:resources", args=[plan.pk]), {"org_unit_id": planned.b.house.pk, "amount": "10"}
    )
    # then 404 naming org_unit_id, as for a unit that does not exist, and nothing stored
    assert response.status_code == 404
    assert "org_unit_id: not found" in response.content.decode()
    assert not UnitBudget.objects.exists()


def test_foreign_manager_cannot_read_or_change_resources(planned, plan, client_for):
    row = UnitBudget.objects.create(plan=plan, org_unit=planned.a.house, amount=5)
    beta = client_for(planned.b.tm)
    assert beta.get(reverse("planning:resources", args=[plan.pk])).status_code == 404
    response = beta.post(
        reverse("planning:resources", args=[plan.pk]), {"org_unit_id": planned.b.house.pk, "amount": "1"}
    )
    assert response.status_code == 404
    assert beta.post(reverse("planning:budget_remove", args=[plan.pk, row.pk])).status_code == 404
    assert list(UnitBudget.objects.values_list("amount", flat=True)) == [5]


def test_instructor_days_by_hand_with_one_based_periods(planned, plan, client_for):
    client = client_for(planned.a.tm)
    url = reverse("planning:resources", args=[plan.pk])
    # when the manager enters 12 days of RISK in period 2
    assert (
        client.post(
            url, {"form": "capacity", "qualification": "RISK", "period": "2", "days": "12"}
        ).status_code
        == 302
    )
    row = InstructorCapacity.objects.get(plan=plan, qualification="RISK", period=1)
    assert row.entered
    assert str(row.days) == "12.0"
    # then a bad period and bad days are both named, and nothing changes
    response = client.post(url, {"form": "capacity", "qualification": "RISK", "period": "9", "days": "x"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "period: must be between 1 and 4" in text
    assert "days: must be a number" in text
    row.refresh_from_db()
    assert str(row.days) == "12.0"


API = "/api/v1/planning"


@pytest.mark.urls("tests.planning.api_urls")
def test_api_unit_budgets_capacities_and_runs(planned, plan):
    client = Client()
    client.force_login(planned.a.tm)
    put = client.put(
        f"{API}/plans/{plan.pk}/unit-budgets",
        {"org_unit_id": planned.a.house.pk, "amount": "700"},
        content_type="application/json",
    )
    assert put.status_code == 200, put.content
    assert client.get(f"{API}/plans/{plan.pk}/unit-budgets").json() == [put.json()]
    foreign = client.put(
        f"{API}/plans/{plan.pk}/unit-budgets",
        {"org_unit_id": planned.b.house.pk, "amount": "1"},
        content_type="application/json",
    )
    assert foreign.status_code == 404
    assert foreign.json()["errors"] == [{"field": "org_unit_id", "reason": "not found"}]
    assert client.delete(f"{API}/plans/{plan.pk}/unit-budgets/{put.json()['id']}").status_code == 204
    cap = client.put(
        f"{API}/plans/{plan.pk}/capacities",
        {"qualification": "RISK", "period": 1, "days": "3"},
        content_type="application/json",
    )
    assert cap.json() == {"qualification": "RISK", "period": 1, "days": "3.0"}
    # a run is queued (202), read, cancelled; Beta gets 404 for it
    run = client.post(f"{API}/plans/{plan.pk}/runs", {"kind": "solve"}, content_type="application/json")
    assert run.status_code == 202
    run_id = run.json()["id"]
    beta = Client()
    beta.force_login(planned.b.tm)
    assert beta.get(f"{API}/plans/{plan.pk}/runs/{run_id}").status_code == 404
    assert beta.post(f"{API}/plans/{plan.pk}/runs/{run_id}/cancel").status_code == 404
    assert client.get(f"{API}/plans/{plan.pk}/runs/{run_id}").json()["status"] == "queued"
    assert client.post(f"{API}/plans/{plan.pk}/runs/{run_id}/cancel").json()["status"] == "cancelled"
