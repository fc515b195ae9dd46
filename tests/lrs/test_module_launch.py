"""Launching an xAPI module: a short-lived credential for one officer, never a client secret."""

from __future__ import annotations

import datetime as dt
import uuid
from urllib.parse import parse_qs, urlsplit

import orjson
import pytest
from django.test import Client
from django.utils import timezone

from cadre.competencies.models import Assessment
from cadre.delivery.models import Completion
from cadre.lrs.demo import DEMO_ACTIVITY_IRI, demo_activity_path, load_xapi_module_demo
from cadre.lrs.evidence import outbox_process
from cadre.lrs.models import LaunchCredential, LrsClient, Statement
from tests.support.world import PASSWORD

pytestmark = pytest.mark.django_db
LAUNCHED = "http://adlnet.gov/expapi/verbs/launched"


@pytest.fixture
def demo(world):
    return load_xapi_module_demo(
        administration=world.a.administration, competency=world.competencies[0], actor=world.a.tm
    )


def _client(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def _launch(client: Client, module_id: int):
    return client.post(f"/xapi/launch/{module_id}/")


def _params(response) -> dict[str, str]:
    location = urlsplit(response["Location"])
    return {k: v[0] for k, v in parse_qs(location.fragment).items()}


def _statement(params: dict[str, str], verb: str, **extra):
    body = {
        "id": str(uuid.uuid4()),
        "actor": orjson.loads(params["actor"]),
        "verb": {"id": verb},
        "object": {"id": params["activity_id"]},
        "context": {"registration": params["registration"]},
    }
    body.update(extra)
    return body


def _post(params: dict[str, str], statements, auth: str | None = None):
    return Client().post(
        "/xapi/statements",
        orjson.dumps(statements),
        content_type="application/json",
        HTTP_AUTHORIZATION=auth or params["auth"],
        HTTP_X_EXPERIENCE_API_VERSION="1.0.3",
    )


def test_a_launch_redirects_with_a_launch_credential_in_the_fragment(world, demo):
    # given the officer on their learning page
    client = _client("learner_a")
    # when they start the demo module
    response = _launch(client, demo.module.pk)
    # then they go to the shipped activity with the launch parameters in the fragment only
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == demo_activity_path()
    assert not location.query
    params = _params(response)
    assert params["endpoint"] == "http://testserver/xapi/"
    assert params["activity_id"] == DEMO_ACTIVITY_IRI
    assert params["return"] == "http://testserver/me/"
    actor = orjson.loads(params["actor"])
    assert actor["account"]["name"] == world.a.learner_officer.employee_number
    # and the credential is a per-launch one, not any client's key and secret
    credential = LaunchCredential.objects.get()
    assert credential.registration == uuid.UUID(params["registration"])
    assert credential.expires_at <= timezone.now() + dt.timedelta(hours=2, seconds=5)
    assert "demo-lrs-secret" not in response["Location"]
    assert not LrsClient.objects.filter(key=credential.key).exists()
    # and Cadre recorded that it launched the module
    assert Statement.objects.filter(verb_iri=LAUNCHED, activity_iri=DEMO_ACTIVITY_IRI).count() == 1


def test_the_credential_writes_for_its_own_actor_only_and_reads_nothing(world, demo):
    params = _params(_launch(_client("learner_a"), demo.module.pk))
    # given statements for the launched actor, and one for somebody else
    own = _statement(params, "http://adlnet.gov/expapi/verbs/experienced")
    other = _statement(params, "http://adlnet.gov/expapi/verbs/passed")
    other["actor"] = {
        "account": {"homePage": "https://x.example/", "name": world.a.officers[1].employee_number}
    }
    # then its own statement is stored, the other refused with 403 naming the actor
    assert _post(params, [own]).status_code == 200
    refused = _post(params, [other])
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["field"].endswith(".actor")
    assert not Statement.objects.filter(statement_id=other["id"]).exists()
    # and reading statements is not within its scope
    read = Client().get(
        "/xapi/statements", HTTP_AUTHORIZATION=params["auth"], HTTP_X_EXPERIENCE_API_VERSION="1.0.3"
    )
    assert read.status_code == 403


def test_an_expired_launch_credential_is_refused(world, demo):
    params = _params(_launch(_client("learner_a"), demo.module.pk))
    # given the launch's time is up
    LaunchCredential.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    # when the content reports
    response = _post(params, [_statement(params, "http://adlnet.gov/expapi/verbs/completed")])
    # then it is not authenticated and nothing is stored
    assert response.status_code == 401
    assert not Statement.objects.exclude(verb_iri=LAUNCHED).exists()


def test_a_passed_quiz_completes_the_course_and_raises_evidence(world, demo):
    params = _params(_launch(_client("learner_a"), demo.module.pk))
    # given the content reports completion and a 3-of-4 pass
    batch = [
        _statement(params, "http://adlnet.gov/expapi/verbs/completed", result={"completion": True}),
        _statement(
            params,
            "http://adlnet.gov/expapi/verbs/passed",
            result={"score": {"scaled": 0.75, "raw": 3, "min": 0, "max": 4}, "success": True},
        ),
    ]
    assert _post(params, batch).status_code == 200
    # when the outbox is processed
    outbox_process()
    # then the course is completed from the learning record and the band's evidence is recorded
    officer = world.a.learner_officer
    completion = Completion.objects.get(enrolment__officer=officer)
    assert completion.source == Completion.Source.XAPI
    assert completion.enrolment.session.course == demo.course
    evidence = Assessment.objects.get(officer=officer, source=Assessment.Source.XAPI)
    assert evidence.level == 2
    assert evidence.competency == world.competencies[0]


def test_a_foreign_or_unlaunchable_module_answers_404_and_issues_nothing(world, demo):
    # given B's learner, and A's learner asking for a missing module
    for username, module_id in (("learner_b", demo.module.pk), ("learner_a", demo.module.pk + 999)):
        response = _launch(_client(username), module_id)
        # then the same 404, and no credential or statement
        assert response.status_code == 404
    assert not LaunchCredential.objects.exists()
    assert not Statement.objects.exists()


def test_a_launch_needs_a_post_and_a_login(world, demo):
    assert _client("learner_a").get(f"/xapi/launch/{demo.module.pk}/").status_code == 405
    anonymous = Client().post(f"/xapi/launch/{demo.module.pk}/")
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    assert not LaunchCredential.objects.exists()


def test_the_demo_module_installs_once(world, demo):
    again = load_xapi_module_demo(
        administration=world.a.administration, competency=world.competencies[0], actor=world.a.tm
    )
    assert again.module.pk == demo.module.pk
    assert demo.module.pass_mark == 0.75
    assert demo.module.url == demo_activity_path()
