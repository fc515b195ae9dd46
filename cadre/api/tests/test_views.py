"""Unknown URLs under /api/v1/ answer the API's JSON 404, not Django's HTML page."""

import pytest
from django.test import Client

from cadre.api.tests.support import API, assert_error

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
    assert assert_error(response, 404) == {"detail": "Not found", "errors": []}


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
