"""Unknown URLs under /api/v1/ answer the API's JSON 404, not Django's HTML page."""

import pytest
from django.test import Client

from tests.api.support import API, assert_error

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/nope", "/strategy/nope", "/delivery/sessions/1/nope", "/strategy/objectives/"]
)
def test_an_unknown_url_is_a_json_404(path, world, as_user):
    # given a signed-in caller
    client = as_user(world.a.tm)
    # when they ask for a URL the API does not have
    response = client.get(path)
    # then the answer is the one error shape, as JSON
    assert response["Content-Type"].startswith("application/json")
    assert assert_error(response, 404) == {
        "code": "not_found",
        "detail": "Not found",
        "field": None,
        "errors": [],
    }


def test_an_unknown_url_is_a_404_for_any_method_and_without_credentials():
    # given nobody signed in and a browser's CSRF checks
    client = Client(enforce_csrf_checks=True)
    for method in ("get", "post", "put", "patch", "delete"):
        # when a mistyped URL is called
        response = getattr(client, method)(f"{API}/strategy/objectivez", content_type="application/json")
        # then it is a JSON 404 (not a CSRF 403 or an HTML page)
        assert_error(response, 404)


def test_known_urls_still_reach_the_api(world, as_user):
    assert as_user(world.a.tm).get("/strategy/objectives").status_code == 200
    assert Client().get(f"{API}/openapi.json").status_code == 200


def test_urls_outside_the_api_keep_the_html_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")


def test_an_unexpected_failure_is_a_json_500_with_debug_off(world, settings, monkeypatch):
    # given DEBUG off and a selector that fails unexpectedly
    settings.DEBUG = False
    from cadre.accounts.services import api_token_issue
    from cadre.tenancy import api as tenancy_api

    def boom(**kwargs):
        raise RuntimeError("unexpected")

    monkeypatch.setattr(tenancy_api, "org_units_for_user", boom)
    raw = api_token_issue(user=world.a.tm, name="t").secret
    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {raw}")
    # when the failing list is requested
    response = client.get(f"{API}/org-units")
    # then the answer is JSON in the error shape, without the exception's text
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {
        "code": "server.error",
        "detail": "Internal server error",
        "field": None,
        "errors": [],
    }
    # and a page failing the same way still answers Django's HTML error page
    assert (
        not Client(raise_request_exception=False)
        .get("/")
        .get("Content-Type", "")
        .startswith("application/json")
    )
