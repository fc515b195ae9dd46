"""Pre/post scores taken from xAPI statements stored in the administration's LRS."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

import orjson
import pytest
from django.urls import reverse

from cadre.catalogue.models import Module
from cadre.core.errors import DomainError
from cadre.evaluation.models import LearningScore, LearningTestActivity
from cadre.evaluation.services.learning import (
    FAILED,
    PASSED,
    SCORED,
    learning_score_record,
    learning_scores_import_xapi,
    xapi_percent,
)
from cadre.lrs.models import LrsClient, Statement
from cadre.tenancy.access import actor_for
from cadre.tenancy.models import Administration
from tests.support.errors import NOT_FOUND

MODULE_IRI = "https://lms.example.org/activities/val-1/quiz"
PRE_IRI = "https://lms.example.org/activities/val-1/placement"
OTHER_IRI = "https://lms.example.org/activities/other"
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"


def client_of(administration: Administration) -> LrsClient:
    return LrsClient.objects.get_or_create(
        administration=administration,
        name="Player",
        defaults={"key": uuid.uuid4().hex[:20], "secret_digest": "0" * 64},
    )[0]


def stored(
    administration: Administration,
    *,
    actor: dict[str, Any],
    when: dt.datetime,
    score: dict[str, Any] | None,
    iri: str = MODULE_IRI,
    verb: str = SCORED,
    voided: bool = False,
) -> Statement:
    statement_id = uuid.uuid4()
    payload: dict[str, Any] = {
        "id": str(statement_id),
        "actor": {"objectType": "Agent", **actor},
        "verb": {"id": verb},
        "object": {"objectType": "Activity", "id": iri},
        "timestamp": when.isoformat(),
    }
    if score is not None:
        payload["result"] = {"score": score}
    ifi = f"mbox:{actor['mbox'].lower()}" if "mbox" in actor else f"account:|{actor['account']['name']}"
    return Statement.objects.create(
        administration=administration,
        client=client_of(administration),
        statement_id=statement_id,
        payload=orjson.dumps(payload).decode(),
        actor_ifi=ifi,
        verb_iri=verb,
        activity_iri=iri,
        timestamp=when,
        stored=when,
        voided=voided,
    )


@pytest.fixture
def quiz(ev) -> Module:
    return Module.objects.create(
        administration=ev.world.a.administration,
        course=ev.course,
        code="Q1",
        title="Quiz",
        kind=Module.Kind.values[0],
        activity_iri=MODULE_IRI,
    )


def mbox(enrolment: Any) -> dict[str, Any]:
    return {"mbox": f"mailto:{enrolment.officer.user.email.upper()}"}


def account(enrolment: Any) -> dict[str, Any]:
    return {"account": {"homePage": "https://lms.example.org", "name": enrolment.officer.employee_number}}


def scores(ev) -> dict[tuple[int, str], tuple[Decimal, str]]:
    return {
        (s.enrolment_id, s.phase): (s.score, s.source)
        for s in LearningScore.objects.filter(enrolment__session=ev.session)
    }


@pytest.mark.parametrize(
    ("score", "percent"),
    [
        ({"scaled": 0.755}, Decimal("75.50")),
        ({"raw": 30, "min": 10, "max": 50}, Decimal("50.00")),
        ({"raw": 8, "max": 10}, Decimal("80.00")),
        ({"scaled": -0.2}, Decimal("0.00")),
        ({"raw": 5}, None),
        ({"raw": 5, "min": 10, "max": 10}, None),
    ],
)
def test_a_statement_score_reads_as_a_percentage(score, percent):
    assert xapi_percent({"result": {"score": score}}) == percent


def test_pre_is_the_latest_before_the_start_and_post_the_latest_after(ev, quiz):
    # given statements of two participants, identified by e-mail and by employee number
    a = ev.world.a.administration
    start = ev.session.starts_at
    first, second = ev.enrolments[0], ev.enrolments[1]
    stored(a, actor=mbox(first), when=start - dt.timedelta(days=9), score={"scaled": 0.2})
    stored(a, actor=mbox(first), when=start - dt.timedelta(days=2), score={"scaled": 0.4}, verb=FAILED)
    stored(a, actor=mbox(first), when=start + dt.timedelta(hours=6), score={"scaled": 0.7}, verb=PASSED)
    stored(a, actor=mbox(first), when=start + dt.timedelta(hours=7), score={"raw": 9, "max": 10})
    stored(a, actor=account(second), when=start - dt.timedelta(days=1), score={"raw": 5, "min": 0, "max": 10})
    # and noise: another verb, no score, a voided statement, an unrelated activity
    stored(a, actor=mbox(second), when=start + dt.timedelta(hours=1), score={"scaled": 1}, verb=COMPLETED)
    stored(a, actor=mbox(second), when=start + dt.timedelta(hours=2), score=None)
    stored(a, actor=mbox(second), when=start + dt.timedelta(hours=3), score={"scaled": 1}, voided=True)
    stored(a, actor=mbox(second), when=start + dt.timedelta(hours=4), score={"scaled": 1}, iri=OTHER_IRI)

    # when the training manager imports
    result = learning_scores_import_xapi(actor=actor_for(ev.world.a.tm), session=ev.session)

    # then pre = latest before the start, post = latest after, recorded with source xapi
    assert scores(ev) == {
        (first.pk, "pre"): (Decimal("40.00"), "xapi"),
        (first.pk, "post"): (Decimal("90.00"), "xapi"),
        (second.pk, "pre"): (Decimal("50.00"), "xapi"),
    }
    assert (result.recorded, result.participants, result.kept) == (3, 2, 0)

    # and importing again changes nothing
    assert learning_scores_import_xapi(actor=actor_for(ev.world.a.tm), session=ev.session).recorded == 0


def test_another_administrations_statement_is_never_counted(ev, quiz):
    # given the same officer identity and activity in a statement stored by Beta's LRS client
    enrolment = ev.enrolments[0]
    b = ev.world.b.administration
    stored(b, actor=mbox(enrolment), when=ev.session.starts_at + dt.timedelta(hours=2), score={"scaled": 1})
    stored(b, actor=account(enrolment), when=ev.session.starts_at - dt.timedelta(days=1), score={"scaled": 1})

    # when Alpha's training manager imports
    result = learning_scores_import_xapi(actor=actor_for(ev.world.a.tm), session=ev.session)

    # then nothing is recorded
    assert result.statements == 0
    assert not LearningScore.objects.exists()


def test_configured_test_activities_count_for_their_phase_only(ev):
    # given a placement test configured as the pre-test (the course's modules have no activity)
    a = ev.world.a.administration
    enrolment = ev.enrolments[0]
    start = ev.session.starts_at
    stored(a, actor=mbox(enrolment), when=start - dt.timedelta(days=1), score={"scaled": 0.3}, iri=PRE_IRI)
    stored(a, actor=mbox(enrolment), when=start + dt.timedelta(hours=1), score={"scaled": 0.9}, iri=PRE_IRI)

    # when imported with that pre-test IRI
    learning_scores_import_xapi(
        actor=actor_for(ev.world.a.tm), session=ev.session, pre_test_iri=f" {PRE_IRI} "
    )

    # then only the pre-test is taken, and the IRI is kept for the course
    assert scores(ev) == {(enrolment.pk, "pre"): (Decimal("30.00"), "xapi")}
    config = LearningTestActivity.objects.get()
    assert (config.pre_test_iri, config.post_test_iri) == (PRE_IRI, "")


def test_scores_entered_by_hand_are_kept(ev, quiz):
    # given a hand-entered post-test
    enrolment = ev.enrolments[0]
    learning_score_record(actor=actor_for(ev.world.a.tm), enrolment=enrolment, phase="post", score="55")
    stored(
        ev.world.a.administration,
        actor=mbox(enrolment),
        when=ev.session.starts_at + dt.timedelta(hours=1),
        score={"scaled": 0.9},
    )

    # when imported
    result = learning_scores_import_xapi(actor=actor_for(ev.world.a.tm), session=ev.session)

    # then the entered score stays
    assert result.kept == 1
    assert scores(ev) == {(enrolment.pk, "post"): (Decimal("55.00"), "entered")}


def test_a_bad_iri_is_refused_naming_the_field_and_nothing_changes(ev, quiz):
    with pytest.raises(DomainError) as exc:
        learning_scores_import_xapi(
            actor=actor_for(ev.world.a.tm), session=ev.session, post_test_iri="not an iri"
        )
    assert exc.value.errors[0].field == "post_test_iri"
    assert not LearningTestActivity.objects.exists()


def test_a_foreign_training_manager_gets_404(ev, quiz):
    with pytest.raises(NOT_FOUND):
        learning_scores_import_xapi(actor=actor_for(ev.world.b.tm), session=ev.session)


def test_the_session_page_imports_and_a_foreign_manager_gets_404(ev, quiz, client_for):
    # given a post-test statement
    enrolment = ev.enrolments[0]
    stored(
        ev.world.a.administration,
        actor=mbox(enrolment),
        when=ev.session.starts_at + dt.timedelta(hours=1),
        score={"scaled": 0.8},
    )
    url = reverse("evaluation:session_scores_import_xapi", args=[ev.session.pk])
    page = reverse("evaluation:session", args=[ev.session.pk])

    # when Beta's training manager posts, then 404 and nothing is stored
    response = client_for(ev.world.b.tm).post(url, {"pre_test_iri": PRE_IRI, "post_test_iri": ""})
    assert response.status_code == 404
    assert not LearningScore.objects.exists()
    assert not LearningTestActivity.objects.exists()

    # when Alpha's training manager opens the page and imports
    tm = client_for(ev.world.a.tm)
    assert "Import scores from xAPI" in tm.get(page).content.decode()
    response = tm.post(url, {"pre_test_iri": "", "post_test_iri": ""}, follow=True)

    # then the score shows on the page
    assert response.status_code == 200
    assert "1 scores recorded from 1 xAPI statements" in response.content.decode()
    assert scores(ev) == {(enrolment.pk, "post"): (Decimal("80.00"), "xapi")}
