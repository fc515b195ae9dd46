"""A client of administration B never sees A's statements, documents or activity definitions."""

from __future__ import annotations

import orjson
import pytest

from cadre.lrs.models import Document
from tests.lrs.conftest import statement

pytestmark = pytest.mark.django_db
URL = "/xapi/statements"
AGENT = orjson.dumps({"mbox": "mailto:aiko@example.org"}).decode()
STATE = {"activityId": "http://example.org/a", "agent": AGENT, "stateId": "bookmark"}


def test_b_cannot_read_a_statements(xapi_a, xapi_b):
    # given a statement stored by A's client
    sent = statement()
    xapi_a.post(URL, sent)
    # then B's client gets 404 by id and an empty query
    assert xapi_b.get(URL, {"statementId": sent["id"]}).status_code == 404
    assert xapi_b.get(URL).json()["statements"] == []
    assert xapi_b.get(URL, {"agent": AGENT}).json()["statements"] == []


def test_the_same_statement_id_lives_separately_in_each_administration(xapi_a, xapi_b):
    sent = statement()
    assert xapi_a.post(URL, sent).status_code == 200
    other = dict(sent, verb={"id": "http://adlnet.gov/expapi/verbs/failed"})
    assert xapi_b.post(URL, other).status_code == 200  # no 409 leaks A's statement
    assert xapi_a.get(URL, {"statementId": sent["id"]}).json()["verb"]["id"].endswith("completed")


def test_b_cannot_void_a_statement(xapi_a, xapi_b):
    target = statement()
    xapi_a.post(URL, target)
    xapi_b.post(
        URL,
        statement(
            verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
            object={"objectType": "StatementRef", "id": target["id"]},
        ),
    )
    assert xapi_a.get(URL, {"statementId": target["id"]}).status_code == 200


def test_b_cannot_read_change_or_delete_a_documents(xapi_a, xapi_b):
    # given A's state document
    query = "&".join(f"{k}={v}" for k, v in STATE.items())
    assert xapi_a.put(f"/xapi/activities/state?{query}", {"page": 3}).status_code == 204
    # then B sees nothing, and its writes/deletes don't touch A's document
    assert xapi_b.get("/xapi/activities/state", STATE).status_code == 404
    assert (
        xapi_b.get("/xapi/activities/state", {k: v for k, v in STATE.items() if k != "stateId"}).json() == []
    )
    xapi_b.delete(f"/xapi/activities/state?{query}")
    assert xapi_a.get("/xapi/activities/state", STATE).json() == {"page": 3}
    assert Document.objects.count() == 1


def test_b_does_not_see_a_activity_definitions(xapi_a, xapi_b):
    xapi_a.post(
        URL, statement(object={"id": "http://example.org/secret", "definition": {"name": {"en": "Secret"}}})
    )
    body = xapi_b.get("/xapi/activities", {"activityId": "http://example.org/secret"}).json()
    assert "definition" not in body
