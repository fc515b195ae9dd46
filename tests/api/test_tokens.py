"""/api/v1/tokens: list, issue and revoke your own API tokens."""

import pytest
from django.test import Client

from cadre.accounts.models import ApiToken
from cadre.accounts.services import api_token_issue
from tests.api.support import ApiClient, assert_error, ids

pytestmark = pytest.mark.django_db


def test_list_shows_only_your_own_tokens(world, as_user):
    mine = api_token_issue(user=world.a.tm, name="sync").token
    api_token_issue(user=world.b.tm, name="theirs")
    body = as_user(world.a.tm).get("/tokens").json()
    assert {t["id"] for t in body["items"]} == {mine.pk}
    assert "secret" not in body["items"][0]
    assert body["items"][0]["prefix"] == mine.prefix


def test_list_paginates(world, as_user):
    for name in ("one", "two", "three"):
        api_token_issue(user=world.a.tm, name=name)
    page = as_user(world.a.tm).get("/tokens", {"limit": 2}).json()
    assert page["count"] == 3
    assert len(page["items"]) == 2


def test_list_anonymous_is_401(world, anonymous):
    assert_error(anonymous.get("/tokens"), 401)


def test_issue_returns_a_secret_that_works_once_shown(world, as_user):
    # given a session
    response = as_user(world.a.learner).post("/tokens", {"name": "  phone  "})
    # when a token is issued
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "phone"
    assert body["secret"].startswith(body["prefix"])
    # then the secret authenticates on its own, and the list never shows it again
    token_client = ApiClient(Client(enforce_csrf_checks=True), {"Authorization": f"Bearer {body['secret']}"})
    assert ids(token_client.get("/tokens")) == {body["id"]}
    assert body["secret"] not in str(token_client.get("/tokens").content)


def test_issue_with_token_needs_no_csrf(world, with_token):
    assert with_token(world.a.tm).post("/tokens", {"name": "second"}).status_code == 201


def test_issue_without_a_name_is_422(world, as_user):
    before = ApiToken.objects.count()
    assert_error(as_user(world.a.tm).post("/tokens", {"name": "   "}), 422, "name")
    assert ApiToken.objects.count() == before


def test_issue_anonymous_is_401(world, anonymous):
    before = ApiToken.objects.count()
    assert_error(anonymous.post("/tokens", {"name": "x"}), 401)
    assert ApiToken.objects.count() == before


def test_revoke_your_own_token_and_it_stops_working(world, as_user):
    issued = api_token_issue(user=world.a.tm, name="old")
    response = as_user(world.a.tm).delete(f"/tokens/{issued.token.pk}")
    assert response.status_code == 204
    token_client = ApiClient(Client(), {"Authorization": f"Bearer {issued.secret}"})
    assert_error(token_client.get("/frameworks"), 401)


def test_revoke_with_token(world, with_token):
    other = api_token_issue(user=world.a.tm, name="other").token
    assert with_token(world.a.tm).delete(f"/tokens/{other.pk}").status_code == 204
    other.refresh_from_db()
    assert other.revoked_at is not None


def test_revoking_someone_elses_token_is_404_and_it_keeps_working(world, as_user):
    theirs = api_token_issue(user=world.b.tm, name="theirs")
    assert_error(as_user(world.a.tm).delete(f"/tokens/{theirs.token.pk}"), 404)
    theirs.token.refresh_from_db()
    assert theirs.token.revoked_at is None


def test_revoke_anonymous_is_401(world, anonymous):
    issued = api_token_issue(user=world.a.tm, name="kept")
    assert_error(anonymous.delete(f"/tokens/{issued.token.pk}"), 401)
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is None
