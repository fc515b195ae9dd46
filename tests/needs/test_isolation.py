"""Every needs page and endpoint answers 404 to a foreign administration; denied POSTs change nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cadre.needs.models import GapSnapshot, NeedsSettings
from tests.support.ninja import mounted_client

pytestmark = pytest.mark.django_db


def test_foreign_snapshot_and_units_are_404(client, analysed):
    client.force_login(analysed.b.tm)
    a_snap, a = analysed.a.snapshot, analysed.a
    urls = [
        reverse("needs:snapshot_detail", args=[a_snap.pk]),
        reverse("needs:heatmap") + f"?snapshot={a_snap.pk}",
        reverse("needs:heatmap") + f"?administration={a.administration.pk}",
        reverse("needs:unit_officers") + f"?snapshot={a_snap.pk}&unit={a.house.pk}",
        reverse("needs:unit_officers")
        + f"?snapshot={analysed.b.snapshot.pk}&unit={a.house.pk}",  # foreign unit
        reverse("needs:positions") + f"?snapshot={a_snap.pk}",
        reverse("needs:competencies") + f"?snapshot={a_snap.pk}&format=csv",
        reverse("needs:compare") + f"?before={a_snap.pk}&after={analysed.b.snapshot.pk}",
        reverse("needs:snapshots") + f"?administration={a.administration.pk}",
        reverse("needs:settings") + f"?administration={a.administration.pk}",
        reverse("strategy:alignment") + f"?administration={a.administration.pk}",
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_foreign_posts_change_nothing(client, analysed):
    client.force_login(analysed.b.tm)
    before = GapSnapshot.objects.count()
    a_id = analysed.a.administration.pk
    assert client.post(reverse("needs:snapshot_run"), {"administration": a_id}).status_code == 404
    weights = {"weight_gap": "9", "weight_criticality": "9", "weight_strategy": "9", "relevance_mode": "max"}
    assert client.post(reverse("needs:settings") + f"?administration={a_id}", weights).status_code == 404
    assert GapSnapshot.objects.count() == before
    assert not NeedsSettings.objects.filter(administration_id=a_id).exists()


def test_learner_and_regional_users_cannot_open_manager_pages(client, analysed):
    for user in (analysed.a.learner, analysed.coordinator):
        client.force_login(user)
        assert client.get(reverse("needs:heatmap")).status_code == 404
        assert client.get(reverse("needs:snapshot_detail", args=[analysed.a.snapshot.pk])).status_code == 404


def test_api_foreign_ids_are_404(analysed):
    api = mounted_client("/needs")
    a_snap = analysed.a.snapshot.pk
    tm_b = analysed.b.tm
    for path in (
        f"/snapshots/{a_snap}",
        f"/snapshots/{a_snap}/units",
        f"/snapshots/{a_snap}/positions",
        f"/snapshots/{a_snap}/competencies",
        f"/snapshots/{a_snap}/units/{analysed.a.house.pk}/officers",
        f"/snapshots/{analysed.b.snapshot.pk}/units/{analysed.a.house.pk}/officers",
    ):
        assert api.get(path, user=tm_b).status_code == 404, path
    assert [s["id"] for s in api.get("/snapshots", user=tm_b).json()] == [analysed.b.snapshot.pk]
    before = GapSnapshot.objects.count()
    refused = api.post("/snapshots", json={"administration_id": analysed.a.administration.pk}, user=tm_b)
    assert refused.status_code == 404
    assert GapSnapshot.objects.count() == before


def test_api_reads_for_the_manager(analysed):
    api = mounted_client("/needs")
    snap = analysed.a.snapshot.pk
    units = api.get(f"/snapshots/{snap}/units", user=analysed.a.tm).json()
    assert units["rows"][0]["name"] == "Regional Bureau"
    officers = api.get(f"/snapshots/{snap}/units/{analysed.a.hq.pk}/officers", user=analysed.a.tm).json()
    assert len(officers) == 4
    assert api.get(f"/snapshots/{snap}/competencies", user=analysed.a.tm).status_code == 200
    mine = api.get("/me/gaps", user=analysed.a.learner).json()
    assert mine["snapshot_id"] == snap
    assert len(mine["gaps"]) == 3
