"""/api/v1/planning: plans, solve, locks, explanations; foreign administrations get 404."""

import pytest
from django.test import Client

from cadre.planning.models import AnnualPlan

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.planning.api_urls")]
API = "/api/v1/planning"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _body(world, **overrides):
    body = {
        "administration_id": world.a.administration.pk,
        "snapshot_id": world.a.snapshot.pk,
        "name": "2027",
        "year": 2027,
        "budget": "5000",
    }
    body.update(overrides)
    return body


def test_create_solve_lock_explain(planned):
    client = _client(planned.a.tm)
    created = client.post(f"{API}/plans", _body(planned), content_type="application/json")
    assert created.status_code == 201, created.content
    plan_id = created.json()["id"]
    solved = client.post(f"{API}/plans/{plan_id}/solve")
    assert solved.status_code == 200
    assert solved.json()["result"]["objective"] > 0
    row = client.get(f"{API}/plans/{plan_id}/assignments").json()[0]
    locked = client.put(
        f"{API}/plans/{plan_id}/assignments/{row['id']}/lock",
        {"locked": True},
        content_type="application/json",
    )
    assert locked.json() == {"id": row["id"], "locked": True}
    assert client.get(f"{API}/plans/{plan_id}/officers/{row['officer_id']}/explanation").status_code == 200


def test_bad_input_names_the_field(planned):
    response = _client(planned.a.tm).post(
        f"{API}/plans", _body(planned, budget="-5"), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "budget", "reason": "must not be negative"}]
    assert response.json()["code"] == "plan.invalid"
    assert not AnnualPlan.objects.exists()


def test_foreign_administration_gets_404(planned):
    client = _client(planned.b.tm)
    created = _client(planned.a.tm).post(f"{API}/plans", _body(planned), content_type="application/json")
    plan_id = created.json()["id"]
    assert client.get(f"{API}/plans/{plan_id}").status_code == 404
    assert client.post(f"{API}/plans/{plan_id}/solve").status_code == 404
    assert client.get(f"{API}/plans").json() == []
    response = client.post(
        f"{API}/plans",
        _body(planned, administration_id=planned.b.administration.pk),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert response.json()["errors"][0]["field"] == "snapshot_id"
    assert AnnualPlan.objects.get(pk=plan_id).status == AnnualPlan.Status.DRAFT


def test_publish_endpoint_and_foreign_404(planned):
    from cadre.delivery.models import Session

    client = _client(planned.a.tm)
    plan_id = client.post(f"{API}/plans", _body(planned), content_type="application/json").json()["id"]
    # a draft plan is refused, naming the field
    refused = client.post(f"{API}/plans/{plan_id}/publish")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "plan"
    client.post(f"{API}/plans/{plan_id}/solve")
    # a foreign manager gets 404 and nothing is created
    assert _client(planned.b.tm).post(f"{API}/plans/{plan_id}/publish").status_code == 404
    assert not Session.objects.filter(course=planned.a.course).exists()
    published = client.post(f"{API}/plans/{plan_id}/publish")
    assert published.status_code == 200
    assert published.json()["sessions_created"] > 0
    assert client.post(f"{API}/plans/{plan_id}/publish").json()["sessions_created"] == 0
