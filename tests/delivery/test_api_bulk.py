"""/api/v1/delivery/enrolments/bulk: many decisions in one request, the summary per item."""

import pytest

from cadre.delivery.models import Enrolment
from tests.api.support import assert_error
from tests.delivery.conftest import make_enrolment
from tests.delivery.test_api import Api

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.delivery.api_urls")]
State = Enrolment.State


def test_bulk_by_ids_answers_done_and_refused(world, delivery):
    delivery.session.seats = 1
    delivery.session.save(update_fields=["seats"])
    approved = [make_enrolment(delivery.session, o, State.APPROVED) for o in world.a.officers[:2]]
    requested = make_enrolment(delivery.session, world.a.officers[2], State.REQUESTED)
    response = Api(world.a.tm).post(
        "/enrolments/bulk", {"action": "confirm", "ids": [e.pk for e in approved] + [requested.pk]}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert [i["outcome"] for i in body["done"]] == ["Confirmed", "On the waiting list"]
    assert [i["id"] for i in body["refused"]] == [requested.pk]
    assert "only an approved request can be confirmed" in body["refused"][0]["outcome"]


def test_bulk_by_filter_with_the_expected_count(world, delivery):
    for officer in world.a.officers[:3]:
        make_enrolment(delivery.session, officer, State.REQUESTED)
    client = Api(world.a.tm)
    body = {"action": "approve", "filter": {"state": "requested", "session_id": delivery.session.pk}}
    assert_error(client.post("/enrolments/bulk", {**body, "expected": 2}), 400, "selection")
    assert len(client.post("/enrolments/bulk", {**body, "expected": 3}).json()["done"]) == 3


def test_reject_needs_a_reason(world, delivery):
    enrolment = make_enrolment(delivery.session, world.a.officers[0], State.REQUESTED)
    client = Api(world.a.tm)
    assert_error(client.post("/enrolments/bulk", {"action": "reject", "ids": [enrolment.pk]}), 400, "reason")
    enrolment.refresh_from_db()
    assert enrolment.state == State.REQUESTED


def test_a_foreign_or_impossible_id_is_404_and_nothing_changes(world, delivery):
    mine = make_enrolment(delivery.session, world.a.officers[0], State.REQUESTED)
    foreign = make_enrolment(delivery.session_b, world.b.officers[0], State.REQUESTED)
    client = Api(world.a.tm)
    assert_error(client.post("/enrolments/bulk", {"action": "approve", "ids": [mine.pk, foreign.pk]}), 404)
    assert client.post("/enrolments/bulk", {"action": "approve", "ids": [2**70]}).status_code == 422
    assert set(Enrolment.objects.values_list("state", flat=True)) == {State.REQUESTED}


def test_single_waitlist_transition(world, delivery):
    enrolment = make_enrolment(delivery.session, world.a.officers[0], State.APPROVED)
    response = Api(world.a.tm).post(f"/enrolments/{enrolment.pk}/waitlist")
    assert response.json()["state"] == State.WAITLISTED
    assert Api(world.b.tm).post(f"/enrolments/{enrolment.pk}/cancel").status_code == 404
