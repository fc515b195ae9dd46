"""The practices API: search with highlights and facets, detail, workflow steps, the error shape."""

from __future__ import annotations

import pytest
from django.test import Client

from cadre.practices.models import Practice
from tests.api.support import ApiClient, assert_error

pytestmark = pytest.mark.django_db


def _as(user) -> ApiClient:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return ApiClient(client)


def test_search_returns_highlighted_hits_and_facets(world, make_practice):
    # given a published Japanese entry of Alpha
    practice = make_practice(
        "a", "published", title="研修管理の改善", summary="税関職員の研修計画。", language="ja"
    )
    # when Beta's learner searches for it
    response = _as(world.b.learner).get("/practices/entries", {"q": "研修"})
    # then it is found, with the match marked, and facets counted
    assert response.status_code == 200, response.content
    body = response.json()
    assert [i["id"] for i in body["items"]] == [practice.pk]
    assert "<mark>研修</mark>" in body["items"][0]["title_html"]
    assert body["count"] == 1
    assert body["capped"] is False
    assert body["facets"]["year"][0]["count"] == 1


def test_a_bad_filter_names_the_field(world):
    response = _as(world.a.tm).get("/practices/entries", {"topic": "nonsense", "year": "12"})
    assert_error(response, 422, "topic", "year")


def test_a_foreign_draft_is_404_and_stays_a_draft(world, make_practice):
    # given Alpha's draft
    draft = make_practice("a", "draft")
    # when Beta's manager reads or submits it
    client = _as(world.b.tm)
    assert_error(client.get(f"/practices/entries/{draft.pk}"), 404)
    assert_error(client.post(f"/practices/entries/{draft.pk}/transitions", {"action": "submit"}), 404)
    # then nothing changed
    draft.refresh_from_db()
    assert draft.state == Practice.State.DRAFT


def test_the_workflow_through_the_api(world, make_practice):
    # given Alpha's draft
    draft = make_practice("a", "draft")
    # when Alpha's focal point submits and the coordinator asks for changes without saying what
    submitted = _as(world.a.tm).post(f"/practices/entries/{draft.pk}/transitions", {"action": "submit"})
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["state"] == "submitted"
    coordinator = _as(world.coordinator)
    refused = coordinator.post(f"/practices/entries/{draft.pk}/transitions", {"action": "request_changes"})
    assert_error(refused, 400, "text")
    # then publishing works and the entry is published
    published = coordinator.post(f"/practices/entries/{draft.pk}/transitions", {"action": "publish"})
    assert published.status_code == 200, published.content
    assert published.json()["state"] == "published"
    assert "archive" in published.json()["actions"]
