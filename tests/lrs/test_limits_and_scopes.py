"""Credentials, scopes (403), oversize bodies (413) and per-client rate limits (429)."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from cadre.lrs.models import LrsClient, Scope, Statement
from tests.lrs.conftest import make_xapi, statement

pytestmark = pytest.mark.django_db
URL = "/xapi/statements"


def test_no_or_wrong_credentials_are_401(xapi_a):
    assert Client().get(URL, HTTP_X_EXPERIENCE_API_VERSION="2.0.0").status_code == 401
    xapi_a.secret = "wrong-secret-wrong-secret"
    response = xapi_a.get(URL)
    assert response.status_code == 401
    assert "Basic" in response["WWW-Authenticate"]


def test_a_revoked_client_is_401(xapi_a):
    LrsClient.objects.filter(pk=xapi_a.client.pk).update(revoked_at=timezone.now())
    assert xapi_a.get(URL).status_code == 401


def test_revoking_or_changing_a_client_takes_effect_on_its_next_request(xapi_a):
    # given a client that has just been served (its instance is reused while its row is unchanged)
    assert xapi_a.post(URL, statement()).status_code == 200
    # when its scopes lose write, then it is 403 at once
    LrsClient.objects.filter(pk=xapi_a.client.pk).update(scopes=[Scope.STATEMENTS_READ])
    assert xapi_a.post(URL, statement()).status_code == 403
    # when it is renamed, the authority of its next statement carries the new name
    LrsClient.objects.filter(pk=xapi_a.client.pk).update(scopes=list(Scope.values), name="Renamed tool")
    sent = statement()
    assert xapi_a.post(URL, sent).status_code == 200
    got = xapi_a.get(URL, {"statementId": sent["id"]}).json()
    assert got["authority"]["name"] == "Renamed tool"
    # when it is revoked, then it is 401 at once
    LrsClient.objects.filter(pk=xapi_a.client.pk).update(revoked_at=timezone.now())
    assert xapi_a.post(URL, statement()).status_code == 401


def test_only_a_digest_of_the_secret_is_stored(xapi_a):
    stored = LrsClient.objects.get(pk=xapi_a.client.pk).secret_digest
    assert xapi_a.secret not in stored
    assert len(stored) == 64


def test_write_without_scope_is_403_and_stores_nothing(world):
    reader = make_xapi(world, "a", scopes=[Scope.STATEMENTS_READ])
    response = reader.post(URL, statement())
    assert response.status_code == 403
    assert response.json()["errors"][0]["field"] == "scope"
    assert Statement.objects.count() == 0


def test_read_without_scope_is_403(world):
    writer = make_xapi(world, "a", scopes=[Scope.STATEMENTS_WRITE])
    assert writer.get(URL).status_code == 403


def test_state_without_scope_is_403(world):
    writer = make_xapi(world, "a", scopes=[Scope.STATEMENTS_WRITE])
    response = writer.get(
        "/xapi/activities/state",
        {"activityId": "http://x.org/a", "agent": '{"mbox":"mailto:a@b.org"}', "stateId": "s"},
    )
    assert response.status_code == 403


def test_read_mine_sees_only_its_own_statements(world):
    # given two clients of the same administration, one limited to its own statements
    other = make_xapi(world, "a")
    mine = make_xapi(world, "a", scopes=[Scope.STATEMENTS_WRITE, Scope.STATEMENTS_READ_MINE])
    theirs = statement()
    own = statement()
    other.post(URL, theirs)
    mine.post(URL, own)
    # then the limited client sees only its own
    ids = [s["id"] for s in mine.get(URL).json()["statements"]]
    assert ids == [own["id"]]
    assert mine.get(URL, {"statementId": theirs["id"]}).status_code == 404


@override_settings(CADRE_LRS_MAX_BODY_BYTES=1000)
def test_an_oversize_body_is_413_and_stores_nothing(xapi_a):
    big = statement(result={"response": "x" * 5000})
    assert xapi_a.post(URL, big).status_code == 413
    assert Statement.objects.count() == 0


def test_the_rate_limit_answers_429_per_client(world):
    # given a client allowed three requests a minute, and another client
    limited = make_xapi(world, "a", rate=3)
    other = make_xapi(world, "a")
    # when it makes four
    codes = [limited.get(URL).status_code for _ in range(4)]
    # then the fourth is refused, with Retry-After, and the other client is unaffected
    assert codes == [200, 200, 200, 429]
    assert limited.get(URL)["Retry-After"] == "60"
    assert other.get(URL).status_code == 200
