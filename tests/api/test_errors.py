"""The one error shape, authentication failures and CSRF on session writes."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from cadre.accounts.services import api_token_issue
from cadre.api.root import field_name
from cadre.competencies.models import Framework
from tests.api.support import API, ApiClient, assert_error

pytestmark = pytest.mark.django_db


def _new_framework(world):
    return {
        "administration_id": world.a.administration.pk,
        "code": "A-CSRF",
        "title": "Alpha",
        "scale_id": world.regional_framework.scale_id,
    }


# The shape


def test_a_foreign_id_and_a_missing_id_answer_the_same_404(world, as_user):
    client = as_user(world.a.tm)
    foreign = assert_error(client.get(f"/officers/{world.b.officers[0].pk}"), 404)
    missing = assert_error(client.get("/officers/999999"), 404)
    assert foreign == missing == {"code": "not_found", "detail": "Not found", "field": None, "errors": []}


def test_a_malformed_path_id_is_422_naming_it(world, as_user):
    assert_error(as_user(world.a.tm).get("/officers/abc"), 422, "officer_id")


def test_validation_errors_name_nested_fields_by_index(world, as_user):
    rows = [{"competency_id": world.competencies[0].pk, "required_level": 2}, {"required_level": "high"}]
    response = as_user(world.a.tm).put(
        f"/role-profiles/{world.a.profile.pk}/requirements", {"requirements": rows}
    )
    body = assert_error(response, 422, "requirements[1].competency_id", "requirements[1].required_level")
    assert body["detail"] == "Invalid input"


def test_field_names_drop_the_location_and_the_parameter_name():
    assert field_name(("body", "payload", "requirements", 2, "required_level"), frozenset({"payload"})) == (
        "requirements[2].required_level"
    )
    assert field_name(("query", "limit")) == "limit"
    assert field_name(("body",)) == "body"


def test_a_domain_error_is_400_with_its_fields(world, as_user):
    client = as_user(world.a.tm)
    client.post("/frameworks", _new_framework(world))
    body = assert_error(client.post("/frameworks", _new_framework(world)), 400, "version")
    assert body["detail"] == "Framework not created"


def test_a_body_that_is_not_json_is_400(world, as_user):
    response = as_user(world.a.tm).client.post(f"{API}/frameworks", "{oops", content_type="application/json")
    assert_error(response, 400)


def test_responses_are_json_with_utc_times(world, as_user):
    response = as_user(world.a.tm).get(f"/frameworks/{world.a.framework.pk}")
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["created_at"].endswith("Z")


# Authentication


def test_anonymous_is_401_with_a_bearer_challenge(world, anonymous):
    response = anonymous.get("/officers")
    assert_error(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_token_is_401(world):
    client = ApiClient(Client(), {"Authorization": "Bearer cdr_not-a-real-token"})
    assert_error(client.get("/frameworks"), 401)


def test_a_token_of_a_deactivated_user_is_401(world):
    issued = api_token_issue(user=world.a.tm, name="leaver")
    get_user_model().objects.filter(pk=world.a.tm.pk).update(is_active=False)
    client = ApiClient(Client(), {"Authorization": f"Bearer {issued.secret}"})
    assert_error(client.get("/frameworks"), 401)


def test_an_anonymous_write_is_401_not_a_csrf_403(world, anonymous):
    assert_error(anonymous.post("/frameworks", _new_framework(world)), 401)


# CSRF on session writes


def test_a_session_write_without_the_csrf_token_is_refused_and_stores_nothing(world):
    # given a browser session, with CSRF enforced as a real browser would meet it
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.a.tm)
    before = Framework.objects.count()
    # when it posts without the token
    response = ApiClient(client).post("/frameworks", _new_framework(world))
    # then the write is refused in the one error shape
    assert_error(response, 403)
    assert Framework.objects.count() == before


def test_a_session_write_with_the_csrf_token_goes_through(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.a.tm)
    secret = "a" * 32  # a well-formed CSRF secret, sent back in the header as a browser would
    client.cookies[settings.CSRF_COOKIE_NAME] = secret
    response = ApiClient(client, {"X-CSRFToken": secret}).post("/frameworks", _new_framework(world))
    assert response.status_code == 201, response.content


def test_a_session_read_needs_no_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.a.tm)
    assert ApiClient(client).get("/frameworks").status_code == 200


# Out-of-range pagination


def _list_paths() -> list[str]:
    """Every GET operation of the API that takes an offset and has no path parameter."""
    from cadre.api.root import api

    schema = api.get_openapi_schema()
    return sorted(
        path.removeprefix(API)
        for path, item in schema["paths"].items()
        if "{" not in path
        and "get" in item
        and any(p["name"] == "offset" for p in item["get"].get("parameters", []))
    )


def test_every_list_refuses_an_offset_beyond_its_bound_naming_it(world, as_user):
    # given every list endpoint (an offset of 2**63 used to reach the database and answer 500)
    client = as_user(world.a.tm)
    paths = _list_paths()
    assert len(paths) > 10
    for path in paths:
        # when asked for an offset past any database's range, then a 422 names the offset
        assert_error(client.get(path, {"offset": 2**63}), 422, "offset")
        assert_error(client.get(path, {"offset": -1}), 422, "offset")
    # and an offset at the bound is an empty page, not an error
    response = client.get(paths[0], {"offset": 1_000_000_000})
    assert response.status_code == 200
    assert response.json()["items"] == []
