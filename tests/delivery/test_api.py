"""/api/v1/delivery: sessions, enrolments and transitions, attendance, completions, instructors."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from cadre.competencies.models import Assessment
from cadre.delivery.models import Completion, Enrolment, Instructor, Session
from cadre.delivery.selectors import session_days
from tests.api.support import assert_error, ids
from tests.delivery.conftest import make_enrolment, make_session

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.delivery.api_urls")]
API = "/api/v1/delivery"


class Api:
    def __init__(self, user):
        self.client = Client()
        self.client.force_login(user)

    def get(self, path, params=None):
        return self.client.get(API + path, params or {})

    def post(self, path, data=None):
        return self.client.post(API + path, data or {}, content_type="application/json")

    def put(self, path, data):
        return self.client.put(API + path, data, content_type="application/json")


def _session_body(world, delivery, **overrides):
    start = timezone.now() + dt.timedelta(days=50)
    body = {
        "administration_id": world.a.administration.pk,
        "course_id": delivery.course.pk,
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=6)).isoformat(),
        "language": "en",
        "seats": 5,
        "venue": "HQ",
        "room": "9",
        "instructor_ids": [delivery.instructor.pk],
    }
    body.update(overrides)
    return body


def test_sessions_list_is_scoped(world, delivery):
    assert ids(Api(world.a.learner).get("/sessions")) == {delivery.session.pk}
    assert ids(Api(world.b.tm).get("/sessions")) == {delivery.session_b.pk}


def test_session_create_and_double_booking(world, delivery):
    client = Api(world.a.tm)
    response = client.post("/sessions", _session_body(world, delivery))
    assert response.status_code == 201, response.content
    again = client.post("/sessions", _session_body(world, delivery))
    assert_error(again, 400, "instructors", "room")
    naive = client.post("/sessions", _session_body(world, delivery, starts_at="2027-01-01T09:00:00"))
    assert_error(naive, 422, "starts_at")
    assert Session.objects.count() == 3


def test_foreign_session_create_and_reads_are_404(world, delivery):
    client = Api(world.b.tm)
    assert_error(client.post("/sessions", _session_body(world, delivery)), 404, "administration_id")
    assert_error(client.get(f"/sessions/{delivery.session.pk}"), 404)
    assert_error(client.get(f"/instructors/{delivery.instructor.pk}"), 404)
    assert_error(client.post(f"/sessions/{delivery.session.pk}/cancel"), 404)
    b_body = _session_body(world, delivery, administration_id=world.b.administration.pk, instructor_ids=[])
    assert_error(client.post("/sessions", b_body), 404, "course_id")
    assert Session.objects.count() == 2
    assert delivery.session.status == Session.Status.SCHEDULED


def test_request_approve_confirm_attendance_completion(world, delivery):
    # given a session that has just run today
    now = timezone.now()
    session = make_session(delivery.course, start=now - dt.timedelta(hours=1), room="X")
    session.ends_at = now + dt.timedelta(minutes=30)
    session.save()
    learner, sup, tm = Api(world.a.learner), Api(world.a.sup), Api(world.a.tm)
    created = learner.post("/enrolments", {"session_id": session.pk})
    assert created.status_code == 201, created.content
    enrolment_id = created.json()["id"]
    assert sup.post(f"/enrolments/{enrolment_id}/approve").json()["state"] == "approved"
    assert tm.post(f"/enrolments/{enrolment_id}/confirm").json()["state"] == "confirmed"
    session.ends_at = now - dt.timedelta(minutes=1)
    session.save()
    for day in session_days(session=session):
        response = tm.put(f"/enrolments/{enrolment_id}/attendance/{day.isoformat()}", {"present": True})
        assert response.status_code == 200, response.content
    done = tm.post(f"/enrolments/{enrolment_id}/completion", {"passed": True, "score": "90"})
    assert done.status_code == 201, done.content
    assert done.json()["assessment_ids"]
    assert Assessment.objects.filter(source="training", officer=world.a.learner_officer).exists()
    assert len(learner.get("/completions").json()["items"]) == 1


def test_invalid_transition_names_the_field(world, delivery):
    enrolment = make_enrolment(delivery.session, world.a.learner_officer, Enrolment.State.REQUESTED)
    assert_error(Api(world.a.tm).post(f"/enrolments/{enrolment.pk}/confirm"), 400, "state")
    assert_error(Api(world.a.tm).post(f"/enrolments/{enrolment.pk}/explode"), 422)


def test_foreign_transitions_attendance_and_completion_are_404_and_change_nothing(world, delivery):
    enrolment = make_enrolment(delivery.session, world.a.learner_officer, Enrolment.State.APPROVED)
    client = Api(world.b.tm)
    for action in ("approve", "reject", "confirm", "cancel"):
        assert_error(client.post(f"/enrolments/{enrolment.pk}/{action}"), 404)
    assert_error(client.put(f"/enrolments/{enrolment.pk}/attendance/2026-01-01", {"present": True}), 404)
    assert_error(client.post(f"/enrolments/{enrolment.pk}/completion", {"passed": True}), 404)
    assert_error(
        client.post("/enrolments", {"session_id": delivery.session.pk, "officer_id": world.a.officers[1].pk}),
        404,
        "session_id",
    )
    assert_error(
        Api(world.b.learner).post("/enrolments", {"session_id": delivery.session.pk}), 404, "session_id"
    )
    assert ids(client.get("/enrolments")) == set()
    enrolment.refresh_from_db()
    assert enrolment.state == Enrolment.State.APPROVED
    assert Enrolment.objects.count() == 1
    assert not Completion.objects.exists()


def test_nominate_by_api(world, delivery):
    response = Api(world.a.sup).post(
        "/enrolments", {"session_id": delivery.session.pk, "officer_id": world.a.officers[1].pk}
    )
    assert response.status_code == 201
    assert response.json()["state"] == "approved"


def test_instructors(world, delivery):
    client = Api(world.a.tm)
    assert ids(client.get("/instructors")) == {delivery.instructor.pk}
    response = client.post(
        "/instructors",
        {
            "administration_id": world.a.administration.pk,
            "kind": "regional",
            "name": "Regional Expert",
            "qualifications": [{"code": "RISK"}, {"competency_id": world.competencies[1].pk, "level": 3}],
        },
    )
    assert response.status_code == 201, response.content
    assert len(response.json()["qualifications"]) == 2
    bad = client.post(
        "/instructors", {"administration_id": world.a.administration.pk, "kind": "external", "name": ""}
    )
    assert_error(bad, 400, "name")
    foreign = Api(world.b.tm).post(
        "/instructors", {"administration_id": world.a.administration.pk, "kind": "external", "name": "X"}
    )
    assert_error(foreign, 404, "administration_id")
    assert Instructor.objects.count() == 3


def test_supply_demand_and_recommendations(world, delivery):
    response = Api(world.a.tm).get(
        "/supply-demand", {"administration_id": world.a.administration.pk, "year": 2027}
    )
    assert response.status_code == 200
    assert_error(Api(world.b.tm).get("/supply-demand", {"administration_id": world.a.administration.pk}), 404)
    assert Api(world.a.learner).get("/recommendations").status_code == 200


def test_anonymous_is_401(delivery):
    assert_error(Client().get(API + "/sessions"), 401)
