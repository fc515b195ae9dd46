"""The catalogue API router: reads scoped, writes checked, foreign ids 404 and nothing changes."""

from __future__ import annotations

import pytest
from ninja.testing import TestClient

from cadre.catalogue.models import Course, Edition
from tests.support.ninja import mounted_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> TestClient:
    return mounted_client("/catalogue")


def codes(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["code"] for row in response.json()["items"]}


def test_course_list_is_scoped_and_filtered(api, cat):
    assert codes(api.get("/courses", user=cat.world.b.tm)) == {"R-HS", "B-ORI"}
    assert codes(api.get("/courses?scope=regional", user=cat.world.a.learner)) == {"R-HS"}
    assert codes(api.get(f"/courses?competency={cat.world.competencies[0].pk}", user=cat.world.a.tm)) == {
        "R-HS"
    }
    assert codes(api.get("/courses?language=ja", user=cat.world.a.tm)) == set()
    assert codes(api.get("/courses?q=valuation", user=cat.world.a.tm)) == {"A-VAL"}


def test_course_detail_and_foreign_404(api, cat):
    body = api.get(f"/courses/{cat.regional.pk}", user=cat.world.a.tm).json()
    assert body["owner_kind"] == "region"
    assert body["objectives"][0]["target_level"] == 2
    assert body["citations"][0]["edition"] == "HS 2022"
    assert api.get(f"/courses/{cat.course_a.pk}", user=cat.world.b.tm).status_code == 404
    assert api.get(f"/modules/{cat.module_a.pk}", user=cat.world.b.tm).status_code == 404


def test_create_and_update(api, cat):
    w = cat.world
    payload = {
        "administration_id": w.a.administration.pk,
        "code": "A-NEW",
        "title": "New",
        "languages": ["en"],
    }
    response = api.post("/courses", json=payload, user=w.a.tm)
    assert response.status_code == 201, response.content
    course_id = response.json()["id"]
    response = api.patch(
        f"/courses/{course_id}", json={"max_participants": 40, "status": "active"}, user=w.a.tm
    )
    assert response.json()["max_participants"] == 40
    refused = api.patch(f"/courses/{course_id}", json={"min_participants": 50}, user=w.a.tm)
    assert refused.json()["field"] == "max_participants"
    refused = api.patch(f"/courses/{course_id}", json={"owner_id": w.b.tm.pk}, user=w.a.tm)
    assert refused.json()["field"] == "owner_id"


def test_foreign_writes_are_404_and_change_nothing(api, cat):
    w = cat.world
    before = Course.objects.count()
    refused = api.post(
        "/courses",
        json={"administration_id": w.a.administration.pk, "code": "X", "title": "X"},
        user=w.b.tm,
    )
    assert refused.status_code == 404
    assert refused.json()["field"] == "administration_id"
    refused = api.post("/courses", json={"region_id": w.region.pk, "code": "X", "title": "X"}, user=w.b.tm)
    assert refused.status_code == 404
    assert (
        api.patch(f"/courses/{cat.course_a.pk}", json={"title": "Hijacked"}, user=w.b.tm).status_code == 404
    )
    assert (
        api.post(
            f"/editions/{cat.hs2022.pk}/supersede", json={"successor_label": "2027"}, user=w.a.tm
        ).status_code
        == 404
    )
    assert (
        api.post(
            f"/editions/{cat.national_law_a.pk}/supersede", json={"successor_label": "2030"}, user=w.b.tm
        ).status_code
        == 404
    )
    cat.course_a.refresh_from_db()
    assert Course.objects.count() == before
    assert cat.course_a.title == "Valuation basics"
    assert not Edition.objects.filter(label__in=["2027", "2030"]).exists()


def test_modules_and_editions_lists_are_scoped(api, cat):
    assert codes(api.get("/modules", user=cat.world.b.tm)) == {"B-M1"}
    labels = {
        (e["instrument_code"], e["label"]) for e in api.get("/editions", user=cat.world.b.tm).json()["items"]
    }
    assert labels == {("HS", "2022")}


def test_supersede_and_obsolescence_report(api, cat):
    w = cat.world
    response = api.post(
        f"/editions/{cat.hs2022.pk}/supersede", json={"successor_label": "2027"}, user=w.regional_admin
    )
    assert response.status_code == 201
    assert response.json()["flagged_courses"] == 1  # the regional course the regional admin can see
    report = api.get("/obsolescence", user=w.a.tm).json()
    assert report["superseded"] == 1
    assert [i["code"] for i in report["items"] if i["superseded_editions"]] == ["A-M1"]
    assert api.get("/obsolescence", user=w.b.tm).json()["superseded"] == 0
