"""State, profiles, activities, agents and about: ETags, merges, preconditions."""

from __future__ import annotations

import orjson
import pytest

pytestmark = pytest.mark.django_db
AGENT = orjson.dumps({"mbox": "mailto:aiko@example.org"}).decode()
PROFILE = "/xapi/activities/profile?activityId=http://example.org/a&profileId=p1"


def test_profile_etag_concurrency(xapi_a):
    # given a new profile created with If-None-Match: *
    assert xapi_a.put(PROFILE, {"a": 1}, HTTP_IF_NONE_MATCH="*").status_code == 204
    got = xapi_a.get("/xapi/activities/profile", {"activityId": "http://example.org/a", "profileId": "p1"})
    etag = got["ETag"]
    assert etag.startswith('"')
    assert got.json() == {"a": 1}
    # then a PUT without a header is 409, a stale ETag 412, the right one 204
    assert xapi_a.put(PROFILE, {"a": 2}).status_code == 409
    assert xapi_a.put(PROFILE, {"a": 2}, HTTP_IF_MATCH='"stale"').status_code == 412
    assert xapi_a.put(PROFILE, {"a": 2}, HTTP_IF_MATCH=etag).status_code == 204


def test_post_merges_json_objects(xapi_a):
    url = f"/xapi/agents/profile?agent={AGENT}&profileId=prefs"
    assert xapi_a.post(url, {"lang": "ja"}).status_code == 204
    assert xapi_a.post(url, {"font": "large"}).status_code == 204
    got = xapi_a.get("/xapi/agents/profile", {"agent": AGENT, "profileId": "prefs"}).json()
    assert got == {"lang": "ja", "font": "large"}


def test_post_merge_of_non_json_is_400_and_keeps_the_document(xapi_a):
    url = f"/xapi/agents/profile?agent={AGENT}&profileId=blob"
    xapi_a.put(url, b"binary", content_type="application/octet-stream", HTTP_IF_NONE_MATCH="*")
    assert xapi_a.post(url, {"x": 1}).status_code == 400
    assert xapi_a.get("/xapi/agents/profile", {"agent": AGENT, "profileId": "blob"}).content == b"binary"


def test_state_needs_a_valid_agent_naming_it(xapi_a):
    response = xapi_a.get("/xapi/activities/state", {"activityId": "http://example.org/a", "agent": "{bad"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "agent"


def test_about_needs_no_credentials():
    from django.test import Client

    body = Client().get("/xapi/about").json()
    assert "2.0.0" in body["version"]
    assert "1.0.3" in body["version"]


def test_agents_returns_a_person(xapi_a):
    body = xapi_a.get("/xapi/agents", {"agent": AGENT}).json()
    assert body == {"objectType": "Person", "mbox": ["mailto:aiko@example.org"]}


def test_merging_into_a_document_nested_past_the_encoder_limit_is_400_and_keeps_it(xapi_a):
    # given a stored JSON state document nested 600 levels (stored as sent: its bytes are kept)
    deep = b'{"k":' + b'{"a":' * 600 + b"1" + b"}" * 600 + b"}"
    url = f"/xapi/agents/profile?agent={AGENT}&profileId=deep"
    assert xapi_a.put(url, deep, HTTP_IF_NONE_MATCH="*").status_code == 204
    # when another object is POSTed to merge into it (it used to answer 500)
    response = xapi_a.post(url, {"x": 1})
    # then the merge is refused with a reason, and the stored document is unchanged
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "body"
    assert xapi_a.get("/xapi/agents/profile", {"agent": AGENT, "profileId": "deep"}).content == deep
