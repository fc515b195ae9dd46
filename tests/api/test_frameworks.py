"""/api/v1/frameworks: list, detail, create, status, adopt."""

import pytest

from cadre.accounts.services import api_token_issue, api_token_revoke
from cadre.competencies.models import Framework
from tests.api.support import ApiClient, assert_error, ids
from tests.support import factories as f

pytestmark = pytest.mark.django_db


def _new_framework(world, **overrides):
    data = {
        "administration_id": world.a.administration.pk,
        "code": "A-LEAD",
        "title": "Alpha leadership framework",
        "scale_id": world.regional_framework.scale_id,
    }
    return {**data, **overrides}


# List


def test_list_shows_own_and_regional_frameworks_never_the_other_administrations(world, as_user):
    # given Alpha's and Beta's national frameworks and the regional one
    # when Alpha's training manager lists frameworks
    response = as_user(world.a.tm).get("/frameworks")
    # then only Alpha's and the region's frameworks come back, with a count
    assert ids(response) == {world.a.framework.pk, world.regional_framework.pk}
    assert response.json()["count"] == 2


def test_list_filters_by_owner_status_and_words(world, as_user):
    client = as_user(world.a.tm)
    f.FrameworkFactory(
        region=None,
        administration=world.a.administration,
        code="A-DRAFT",
        status="draft",
        scale=world.regional_framework.scale,
    )
    assert ids(client.get("/frameworks", {"owner": "region"})) == {world.regional_framework.pk}
    assert world.a.framework.pk in ids(client.get("/frameworks", {"owner": "administration"}))
    drafts = client.get("/frameworks", {"status": "draft"}).json()["items"]
    assert [d["code"] for d in drafts] == ["A-DRAFT"]
    assert ids(client.get("/frameworks", {"q": "regional customs"})) == {world.regional_framework.pk}


def test_list_paginates_with_limit_and_offset(world, as_user):
    client = as_user(world.a.tm)
    first = client.get("/frameworks", {"limit": 1}).json()
    second = client.get("/frameworks", {"limit": 1, "offset": 1}).json()
    assert first["count"] == second["count"] == 2
    assert len(first["items"]) == len(second["items"]) == 1
    assert first["items"][0]["id"] != second["items"][0]["id"]


def test_list_refuses_a_limit_above_200(world, as_user):
    assert_error(as_user(world.a.tm).get("/frameworks", {"limit": 201}), 422, "limit")


def test_list_anonymous_is_401(world, anonymous):
    assert_error(anonymous.get("/frameworks"), 401)


def test_list_with_bearer_token(world, with_token):
    assert ids(with_token(world.b.tm).get("/frameworks")) == {
        world.b.framework.pk,
        world.regional_framework.pk,
    }


def test_revoked_token_is_401(world, client):
    issued = api_token_issue(user=world.a.tm, name="ci")
    api_token_revoke(user=world.a.tm, token_id=issued.token.pk)
    response = ApiClient(client, {"Authorization": f"Bearer {issued.secret}"}).get("/frameworks")
    assert_error(response, 401)


# Detail


def test_detail(world, as_user):
    body = as_user(world.a.learner).get(f"/frameworks/{world.a.framework.pk}").json()
    assert body["code"] == "a-NAT"
    assert body["owner"] == "administration"
    assert body["extends_id"] == world.regional_framework.pk


def test_detail_of_the_other_administrations_framework_is_404(world, as_user):
    assert_error(as_user(world.a.tm).get(f"/frameworks/{world.b.framework.pk}"), 404)


def test_detail_anonymous_is_401(world, anonymous):
    assert_error(anonymous.get(f"/frameworks/{world.a.framework.pk}"), 401)


# Create


def test_training_manager_creates_a_draft_framework(world, as_user):
    response = as_user(world.a.tm).post("/frameworks", _new_framework(world))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert Framework.objects.get(pk=body["id"]).administration_id == world.a.administration.pk


def test_create_with_token(world, with_token):
    assert with_token(world.a.tm).post("/frameworks", _new_framework(world)).status_code == 201


def test_create_in_the_other_administration_is_404_and_stores_nothing(world, as_user):
    before = Framework.objects.count()
    response = as_user(world.b.tm).post("/frameworks", _new_framework(world))
    assert_error(response, 404, "administration_id")
    assert Framework.objects.count() == before


def test_create_by_a_learner_is_404_and_stores_nothing(world, as_user):
    before = Framework.objects.count()
    assert_error(as_user(world.a.learner).post("/frameworks", _new_framework(world)), 404)
    assert Framework.objects.count() == before


def test_create_anonymous_is_401(world, anonymous):
    before = Framework.objects.count()
    assert_error(anonymous.post("/frameworks", _new_framework(world)), 401)
    assert Framework.objects.count() == before


def test_create_without_a_title_names_the_field(world, as_user):
    before = Framework.objects.count()
    assert_error(as_user(world.a.tm).post("/frameworks", _new_framework(world, title="  ")), 422, "title")
    assert Framework.objects.count() == before


def test_create_twice_reports_the_version_clash(world, as_user):
    client = as_user(world.a.tm)
    client.post("/frameworks", _new_framework(world))
    assert_error(client.post("/frameworks", _new_framework(world)), 400, "version")


def test_create_with_an_unknown_scale_names_the_field(world, as_user):
    assert_error(
        as_user(world.a.tm).post("/frameworks", _new_framework(world, scale_id=999999)), 404, "scale_id"
    )


# Status


def test_training_manager_publishes_then_retires(world, as_user):
    client = as_user(world.a.tm)
    draft = client.post("/frameworks", _new_framework(world)).json()
    assert (
        client.post(f"/frameworks/{draft['id']}/status", {"status": "published"}).json()["status"]
        == "published"
    )
    assert (
        client.post(f"/frameworks/{draft['id']}/status", {"status": "retired"}).json()["status"] == "retired"
    )


def test_status_change_with_token(world, with_token):
    response = with_token(world.a.tm).post(
        f"/frameworks/{world.a.framework.pk}/status", {"status": "retired"}
    )
    assert response.json()["status"] == "retired"


def test_a_skipped_transition_is_400(world, as_user):
    world.a.framework.status = "retired"
    world.a.framework.save(update_fields=["status"])
    response = as_user(world.a.tm).post(f"/frameworks/{world.a.framework.pk}/status", {"status": "published"})
    assert_error(response, 400, "status")


def test_status_of_the_other_administrations_framework_is_404_and_unchanged(world, as_user):
    response = as_user(world.b.tm).post(f"/frameworks/{world.a.framework.pk}/status", {"status": "retired"})
    assert_error(response, 404)
    world.a.framework.refresh_from_db()
    assert world.a.framework.status == "published"


def test_status_by_a_learner_is_404_and_unchanged(world, as_user):
    response = as_user(world.a.learner).post(
        f"/frameworks/{world.a.framework.pk}/status", {"status": "retired"}
    )
    assert_error(response, 404)
    world.a.framework.refresh_from_db()
    assert world.a.framework.status == "published"


def test_status_anonymous_is_401(world, anonymous):
    assert_error(anonymous.post(f"/frameworks/{world.a.framework.pk}/status", {"status": "retired"}), 401)


# Adopt


def test_training_manager_adopts_the_regional_framework(world, as_user):
    response = as_user(world.a.tm).post(
        f"/frameworks/{world.regional_framework.pk}/adopt", {"administration_id": world.a.administration.pk}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["extends_id"] == world.regional_framework.pk
    assert body["administration_id"] == world.a.administration.pk


def test_adopt_with_token(world, with_token):
    response = with_token(world.b.tm).post(
        f"/frameworks/{world.regional_framework.pk}/adopt", {"administration_id": world.b.administration.pk}
    )
    assert response.status_code == 201


def test_adopt_into_the_other_administration_is_404_and_stores_nothing(world, as_user):
    before = Framework.objects.count()
    response = as_user(world.b.tm).post(
        f"/frameworks/{world.regional_framework.pk}/adopt", {"administration_id": world.a.administration.pk}
    )
    assert_error(response, 404, "administration_id")
    assert Framework.objects.count() == before


def test_adopt_the_other_administrations_framework_is_404(world, as_user):
    before = Framework.objects.count()
    response = as_user(world.b.tm).post(
        f"/frameworks/{world.a.framework.pk}/adopt", {"administration_id": world.b.administration.pk}
    )
    assert_error(response, 404)
    assert Framework.objects.count() == before


def test_adopt_a_national_framework_is_400(world, as_user):
    response = as_user(world.a.tm).post(
        f"/frameworks/{world.a.framework.pk}/adopt", {"administration_id": world.a.administration.pk}
    )
    assert_error(response, 400, "extends")


def test_adopt_anonymous_is_401(world, anonymous):
    response = anonymous.post(
        f"/frameworks/{world.regional_framework.pk}/adopt", {"administration_id": world.a.administration.pk}
    )
    assert_error(response, 401)
