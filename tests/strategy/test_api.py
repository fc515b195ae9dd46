"""Strategy API: create and read objectives; foreign ids answer 404 and change nothing."""

from __future__ import annotations

import pytest

from cadre.strategy.models import StrategicObjective
from tests.support.ninja import mounted_client

pytestmark = pytest.mark.django_db


def test_create_link_and_read(world):
    client = mounted_client("/strategy")
    body = {
        "administration_id": world.a.administration.pk,
        "title": "Border security",
        "period_start": "2026-01-01",
        "period_end": "2027-01-01",
        "priority_weight": 3,
    }
    created = client.post("/objectives", json=body, user=world.a.tm)
    assert created.status_code == 201
    oid = created.json()["id"]
    assert (
        client.post(
            f"/objectives/{oid}/competencies",
            json={"competency_id": world.competencies[0].pk, "relevance": 0.5},
            user=world.a.tm,
        ).status_code
        == 201
    )
    kpi = client.post(
        f"/objectives/{oid}/kpis", json={"name": "Seizures", "baseline": 10, "target": 20}, user=world.a.tm
    ).json()
    assert (
        client.post(
            f"/kpis/{kpi['id']}/measurements",
            json={"measured_on": "2026-05-01", "value": 12},
            user=world.a.tm,
        ).status_code
        == 201
    )
    data = client.get(f"/objectives/{oid}", user=world.a.tm).json()
    assert data["competencies"][0]["relevance"] == 0.5
    assert data["kpis"][0]["measurements"][0]["value"] == 12


def test_foreign_manager_gets_404(world):
    client = mounted_client("/strategy")
    objective = StrategicObjective.objects.create(
        administration=world.a.administration, title="A", period_start="2026-01-01", period_end="2026-12-31"
    )
    assert client.get(f"/objectives/{objective.pk}", user=world.b.tm).status_code == 404
    assert (
        client.patch(f"/objectives/{objective.pk}", json={"title": "B"}, user=world.b.tm).status_code == 404
    )
    body = {
        "administration_id": world.a.administration.pk,
        "title": "X",
        "period_start": "2026-01-01",
        "period_end": "2027-01-01",
    }
    # the root API renders it as a 404 naming the field
    refused = client.post("/objectives", json=body, user=world.b.tm)
    assert refused.status_code == 404
    assert refused.json()["field"] == "administration_id"
    assert client.get("/objectives", user=world.b.tm).json() == []
    objective.refresh_from_db()
    assert objective.title == "A"
    assert StrategicObjective.objects.count() == 1
