"""The statements resource over HTTP: store, fetch, query, void, page, attachments, errors."""

from __future__ import annotations

import hashlib
import uuid

import orjson
import pytest

from cadre.lrs.models import Statement
from tests.lrs.conftest import multipart, statement

pytestmark = pytest.mark.django_db
URL = "/xapi/statements"


def test_post_then_get_returns_the_statement_with_authority_and_stored(xapi_a):
    # given a statement
    sent = statement()
    # when it is posted and fetched
    posted = xapi_a.post(URL, sent)
    got = xapi_a.get(URL, {"statementId": sent["id"]})
    # then the LRS stored it as received plus stored/authority/version
    assert posted.status_code == 200
    assert posted.json() == [sent["id"]]
    body = got.json()
    assert got.status_code == 200
    assert body["actor"] == sent["actor"]
    assert body["authority"]["account"]["name"] == xapi_a.client.key
    assert "stored" in body
    assert got["X-Experience-API-Version"] == "2.0.0"
    assert got["X-Experience-API-Consistent-Through"]


def test_the_response_carries_the_version_asked_for(xapi_a):
    xapi_a.version = "1.0.3"
    response = xapi_a.get(URL)
    assert response["X-Experience-API-Version"] == "1.0.3"


def test_missing_or_unknown_version_is_400(xapi_a):
    xapi_a.version = "3.0"
    assert xapi_a.get(URL).status_code == 400


def test_malformed_statement_is_400_naming_the_field_and_stores_nothing(xapi_a):
    # given a batch whose second statement has a broken verb
    bad = statement(verb={"id": "not an iri"})
    # when posted
    response = xapi_a.post(URL, [statement(), bad])
    # then 400 names the field and nothing was stored
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "[1].verb.id"
    assert Statement.objects.count() == 0


def test_resending_the_same_statement_is_accepted_a_different_one_is_409(xapi_a):
    sent = statement()
    assert xapi_a.post(URL, sent).status_code == 200
    assert xapi_a.post(URL, sent).status_code == 200
    changed = dict(sent, verb={"id": "http://adlnet.gov/expapi/verbs/failed"})
    assert xapi_a.post(URL, changed).status_code == 409
    assert Statement.objects.count() == 1


def test_put_requires_matching_statement_id(xapi_a):
    sent = statement()
    assert xapi_a.put(f"{URL}?statementId={uuid.uuid4()}", sent).status_code == 400
    assert xapi_a.put(f"{URL}?statementId={sent['id']}", sent).status_code == 204


def test_voiding_hides_the_target_except_by_voided_statement_id(xapi_a):
    # given a stored statement and a voiding statement for it
    target = statement()
    xapi_a.post(URL, target)
    voiding = statement(
        verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
        object={"objectType": "StatementRef", "id": target["id"]},
    )
    assert xapi_a.post(URL, voiding).status_code == 200
    # then it is gone from plain reads and queries
    assert xapi_a.get(URL, {"statementId": target["id"]}).status_code == 404
    ids = [s["id"] for s in xapi_a.get(URL).json()["statements"]]
    assert target["id"] not in ids
    assert voiding["id"] in ids
    assert xapi_a.get(URL, {"voidedStatementId": target["id"]}).json()["id"] == target["id"]


def test_query_filters_and_more_paging(xapi_a):
    # given five statements by two agents
    for i in range(5):
        actor = {"mbox": f"mailto:{'aiko' if i % 2 == 0 else 'ben'}@example.org"}
        xapi_a.post(URL, statement(actor=actor))
    # when aiko's statements are queried two at a time
    agent = orjson.dumps({"mbox": "mailto:aiko@example.org"}).decode()
    first = xapi_a.get(URL, {"agent": agent, "limit": "2"}).json()
    assert len(first["statements"]) == 2
    assert first["more"]
    second = xapi_a.get(first["more"]).json()
    # then all three arrive, once each, with no more link at the end
    ids = {s["id"] for s in first["statements"]} | {s["id"] for s in second["statements"]}
    assert len(ids) == 3
    assert second["more"] == ""


def test_query_rejects_unknown_parameters_naming_them(xapi_a):
    response = xapi_a.get(URL, {"colour": "blue"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "colour"


def test_format_ids_reduces_agents_and_activities(xapi_a):
    sent = statement()
    xapi_a.post(URL, sent)
    got = xapi_a.get(URL, {"statementId": sent["id"], "format": "ids"}).json()
    assert got["actor"] == {"objectType": "Agent", "mbox": "mailto:aiko@example.org"}
    assert got["object"] == {"id": sent["object"]["id"]}


def test_attachments_round_trip_and_a_wrong_hash_is_400(xapi_a):
    content = b"certificate of completion"
    sha2 = hashlib.sha256(content).hexdigest()
    sent = statement(
        attachments=[
            {
                "usageType": "http://example.org/cert",
                "display": {"en": "cert"},
                "contentType": "text/plain",
                "length": len(content),
                "sha2": sha2,
            }
        ]
    )
    body, ctype = multipart(sent, content, sha2)
    assert xapi_a.post(URL, body, content_type=ctype).status_code == 200
    got = xapi_a.get(URL, {"statementId": sent["id"], "attachments": "true"})
    assert got["Content-Type"].startswith("multipart/mixed")
    assert content in got.content
    # a part whose content does not match its declared hash is refused
    other = statement(attachments=sent["attachments"])
    body, ctype = multipart(other, b"tampered", sha2)
    assert xapi_a.post(URL, body, content_type=ctype).status_code == 400


def test_head_has_no_body(xapi_a):
    from django.test import Client

    response = Client().head(URL, **xapi_a.headers())
    assert response.status_code == 200
    assert response.content == b""


def test_cors_preflight_needs_no_credentials():
    from django.test import Client

    response = Client().options(URL, HTTP_ORIGIN="https://content.example.org")
    assert response.status_code == 200
    assert "X-Experience-API-Version" in response["Access-Control-Allow-Headers"]


def _with_nested_extension(levels: int) -> bytes:
    """A statement whose result extension nests ``levels`` objects (built as text: too deep for orjson)."""
    body = orjson.dumps(statement(result={"extensions": {"http://example.org/x": "NEST"}})).decode()
    return body.replace('"NEST"', '{"a":' * levels + "1" + "}" * levels).encode()


@pytest.mark.parametrize("levels", [65, 300, 1990])
def test_a_deeply_nested_extension_is_a_400_and_nothing_is_stored(xapi_a, levels):
    # given a statement whose extension nests far deeper than any real one (it used to answer 500)
    before = Statement.objects.count()
    # when it is posted
    response = xapi_a.post(URL, _with_nested_extension(levels))
    # then it is refused, naming the extension where the parser got that far, and nothing is stored
    assert response.status_code == 400
    if levels < 1000:  # deeper still, the JSON parser itself refuses the body
        assert response.json()["errors"][0]["field"] == "result.extensions.http://example.org/x"
    assert Statement.objects.count() == before


def test_an_extension_at_the_nesting_limit_is_stored(xapi_a):
    response = xapi_a.post(URL, _with_nested_extension(63))
    assert response.status_code == 200
