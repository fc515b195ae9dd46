"""The community API: events with their calls, nominate and select, participants, experts, missions."""

from __future__ import annotations

import pytest
from django.test import Client

from cadre.community.models import MissionRequest, Nomination
from cadre.community.services import expert_register
from tests.api.support import ApiClient, assert_error

pytestmark = pytest.mark.django_db


def _as(user) -> ApiClient:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return ApiClient(client)


def test_nominate_select_and_list_participants(world, event, call):
    officer = world.a.officers[0]
    # when Alpha's focal point nominates an officer
    created = _as(world.a.tm).post(f"/community/events/{event.pk}/nominations", {"officer_id": officer.pk})
    assert created.status_code == 201, created.content
    nomination_id = created.json()["id"]
    # and the coordinator selects them
    selected = _as(world.coordinator).post(
        f"/community/nominations/{nomination_id}/decision", {"decision": "select"}
    )
    assert selected.status_code == 200, selected.content
    assert selected.json()["state"] == "selected"
    # then the participant list shows them, and the event its call
    participants = _as(world.a.tm).get(f"/community/events/{event.pk}/participants").json()
    assert [p["officer_id"] for p in participants] == [officer.pk]
    events = _as(world.b.learner).get("/community/events").json()
    assert events[0]["call"]["quota_per_administration"] == 2


def test_a_foreign_officer_is_404_naming_the_field_and_nothing_is_stored(world, event, call):
    response = _as(world.b.tm).post(
        f"/community/events/{event.pk}/nominations", {"officer_id": world.a.officers[0].pk}
    )
    assert_error(response, 404, "officer_id")
    assert not Nomination.objects.exists()


def test_only_the_coordinator_selects(world, event, call):
    created = _as(world.a.tm).post(
        f"/community/events/{event.pk}/nominations", {"officer_id": world.a.officers[0].pk}
    )
    response = _as(world.a.tm).post(
        f"/community/nominations/{created.json()['id']}/decision", {"decision": "select"}
    )
    assert_error(response, 404)
    assert Nomination.objects.get().state == Nomination.State.NOMINATED


def test_expert_search_and_mission_request(world):
    expert = expert_register(
        actor=world.a.tm,
        region=world.region,
        home_administration=world.a.administration,
        name="Aiko Tanaka",
        category="expert_trainer",
        languages=["ja", "en"],
    )
    # when Beta searches the pool by language and asks for the expert
    found = _as(world.b.tm).get("/community/experts", {"language": "ja"}).json()
    assert [e["id"] for e in found] == [expert.pk]
    bad = _as(world.b.tm).post(
        f"/community/experts/{expert.pk}/missions",
        {
            "administration_id": world.b.administration.pk,
            "purpose": "",
            "starts_on": "2031-01-02",
            "ends_on": "2031-01-01",
        },
    )
    assert_error(bad, 400, "purpose", "ends_on")
    asked = _as(world.b.tm).post(
        f"/community/experts/{expert.pk}/missions",
        {
            "administration_id": world.b.administration.pk,
            "purpose": "Audit",
            "starts_on": "2031-01-02",
            "ends_on": "2031-01-03",
        },
    )
    assert asked.status_code == 201, asked.content
    # then the expert's home administration approves it
    decided = _as(world.a.tm).post(f"/community/missions/{asked.json()['id']}/decision", {"approve": True})
    assert decided.status_code == 200, decided.content
    assert MissionRequest.objects.get().state == decided.json()["state"] != "requested"
