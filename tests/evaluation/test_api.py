"""The evaluation API through the mounted root (/api/v1/evaluation): scoping, error shape, writes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from cadre.evaluation.models import FollowUp, LearningScore, Programme, ProgrammeBenefit
from cadre.evaluation.services import questionnaires as q
from cadre.evaluation.services.learning import learning_score_record
from cadre.tenancy.access import actor_for
from tests.api.support import API, assert_error
from tests.evaluation.test_reaction import _answers, _token

pytestmark = pytest.mark.django_db

BASE = f"{API}/evaluation"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _programme(ev) -> Programme:
    today = timezone.localdate()
    programme = Programme.objects.create(
        administration=ev.world.a.administration,
        name="Valuation 2026",
        period_start=today - dt.timedelta(days=60),
        period_end=today,
    )
    programme.courses.set([ev.course])
    return programme


def test_course_effectiveness_moves_with_evidence_and_is_scoped(ev):
    # given two participants who gained the whole possible test gain (normalised gain 1)
    tm = ev.world.a.tm
    for enrolment in ev.enrolments[:2]:
        learning_score_record(actor=actor_for(tm), enrolment=enrolment, phase="pre", score=50)
        learning_score_record(actor=actor_for(tm), enrolment=enrolment, phase="post", score=100)
    # when Alpha's manager reads the course's effectiveness
    response = _client(tm).get(f"{BASE}/courses/{ev.course.pk}/effectiveness")
    # then the estimate is the declared uplift (both observations equal it) with its evidence
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["course_id"] == ev.course.pk
    assert body["learning_evidence"] == 2
    assert body["ratio"] == pytest.approx(1.0)
    # and Beta's manager and Alpha's learners get the 404 of a missing course
    for user in (ev.world.b.tm, ev.world.a.learner, ev.users[0]):
        assert_error(_client(user).get(f"{BASE}/courses/{ev.course.pk}/effectiveness"), 404)
    assert_error(_client(tm).get(f"{BASE}/courses/999999/effectiveness"), 404)


def test_session_summary_hides_reaction_below_five_and_shows_from_five(ev):
    survey = q.survey_launch(actor=ev.world.a.tm, session=ev.session, template=ev.template)
    for user in ev.users[:4]:
        q.survey_respond(actor=user, token=_token(user), answers=_answers(survey, likert=4))
    client = _client(ev.world.a.tm)
    # when read with 4 responses: counts only
    hidden = client.get(f"{BASE}/sessions/{ev.session.pk}").json()["reaction"]
    assert (hidden["responses"], hidden["shown"], hidden["questions"], hidden["satisfaction"]) == (
        4,
        False,
        [],
        None,
    )
    # when the fifth answers: the aggregates show
    q.survey_respond(actor=ev.users[4], token=_token(ev.users[4]), answers=_answers(survey, likert=4))
    body = client.get(f"{BASE}/sessions/{ev.session.pk}").json()
    assert body["reaction"]["shown"] is True
    assert body["reaction"]["satisfaction"] == pytest.approx(4.0)
    assert len(body["learning_rows"]) == 6
    # and Beta's manager gets 404
    assert_error(_client(ev.world.b.tm).get(f"{BASE}/sessions/{ev.session.pk}"), 404)


def test_course_summary_has_every_level(ev):
    body = _client(ev.world.a.tm).get(f"{BASE}/courses/{ev.course.pk}").json()
    assert body["code"] == "VAL-1"
    assert [s["session_id"] for s in body["sessions"]] == [ev.session.pk]
    assert set(body) >= {"reaction", "learning", "behaviour", "effectiveness", "results"}
    assert body["results"]["caveats"]


def test_score_put_records_and_bad_input_names_the_field(ev):
    enrolment = ev.enrolments[0]
    url = f"{BASE}/enrolments/{enrolment.pk}/scores/pre"
    client = _client(ev.world.a.tm)
    # when a score out of range is sent: 400 naming score, nothing stored
    assert_error(client.put(url, {"score": "101"}, content_type="application/json"), 400, "score")
    assert not LearningScore.objects.exists()
    # when a phase outside pre/post is sent: 422, nothing stored
    bad_phase = client.put(url.replace("/pre", "/mid"), {"score": "5"}, content_type="application/json")
    assert_error(bad_phase, 422)
    # when a valid one is sent: stored
    response = client.put(url, {"score": "62.5"}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json() == {
        "enrolment_id": enrolment.pk,
        "phase": "pre",
        "score": "62.50",
        "source": "entered",
    }
    # and Beta's manager and the participant themself get 404, changing nothing
    for user in (ev.world.b.tm, ev.users[0]):
        refused = _client(user).put(url, {"score": "1"}, content_type="application/json")
        assert_error(refused, 404)
    assert LearningScore.objects.get().score == Decimal("62.50")


def test_benefit_enters_roi_and_foreign_manager_changes_nothing(ev):
    programme = _programme(ev)
    client = _client(ev.world.a.tm)
    # when a negative amount is sent: 400 naming amount
    bad = client.post(
        f"{BASE}/programmes/{programme.pk}/benefits",
        {"description": "Fewer errors", "amount": "-1"},
        content_type="application/json",
    )
    assert_error(bad, 400, "amount")
    # when Beta's manager adds one to Alpha's programme: 404, nothing stored
    foreign = _client(ev.world.b.tm).post(
        f"{BASE}/programmes/{programme.pk}/benefits",
        {"description": "Fewer errors", "amount": "5"},
        content_type="application/json",
    )
    assert_error(foreign, 404)
    assert not ProgrammeBenefit.objects.exists()
    # when Alpha's manager adds one: 201, and the ROI counts it
    created = client.post(
        f"{BASE}/programmes/{programme.pk}/benefits",
        {"description": "Fewer errors", "amount": "12000", "basis": "40 h saved x 300"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    roi = client.get(f"{BASE}/programmes/{programme.pk}/roi").json()
    assert Decimal(roi["benefits"]) == Decimal("12000")
    # 1 session: 1000 fixed + 6 x 50 per participant + instructor days x 300
    assert Decimal(roi["session_costs"]) == Decimal("1300")
    assert roi["benefit_items"][0]["basis"] == "40 h saved x 300"
    detail = client.get(f"{BASE}/programmes/{programme.pk}").json()
    assert detail["programme"]["course_ids"] == [ev.course.pk]
    assert [p["id"] for p in client.get(f"{BASE}/programmes").json()["items"]] == [programme.pk]
    assert _client(ev.world.b.tm).get(f"{BASE}/programmes").json()["items"] == []


def test_follow_ups_list_is_scoped(ev):
    follow_up = FollowUp.objects.create(
        administration=ev.world.a.administration,
        enrolment=ev.enrolments[0],
        due_on=timezone.localdate(),
        state=FollowUp.State.OPEN,
    )
    mine = _client(ev.world.a.tm).get(f"{BASE}/follow-ups", {"state": "open"}).json()["items"]
    assert [(f["id"], f["course_id"]) for f in mine] == [(follow_up.pk, ev.course.pk)]
    assert _client(ev.world.b.tm).get(f"{BASE}/follow-ups").json()["items"] == []
    # the officer followed up never sees their own follow-up
    assert _client(ev.users[0]).get(f"{BASE}/follow-ups").json()["items"] == []
