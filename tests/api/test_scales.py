"""/api/v1/scales: list and detail with levels."""

import pytest

from tests.api.support import assert_error, ids
from tests.support import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def beta_scale(world):
    return f.ScaleFactory(region=None, administration=world.b.administration, name="Beta five-point")


def test_list_shows_regional_scales_never_the_other_administrations(world, as_user, beta_scale):
    # given the regional scale and a scale of Beta's own
    # when Alpha's training manager lists scales
    response = as_user(world.a.tm).get("/scales")
    # then only the regional one comes back, with its levels in order
    assert ids(response) == {world.regional_framework.scale_id}
    levels = response.json()["items"][0]["levels"]
    assert [(lvl["value"], lvl["label"]) for lvl in levels][:2] == [(0, "None"), (1, "Aware")]


def test_list_shows_own_administration_scales(world, as_user, beta_scale):
    assert ids(as_user(world.b.learner).get("/scales")) == {world.regional_framework.scale_id, beta_scale.pk}


def test_list_paginates(world, as_user, beta_scale):
    page = as_user(world.b.tm).get("/scales", {"limit": 1, "offset": 1}).json()
    assert page["count"] == 2
    assert len(page["items"]) == 1


def test_list_with_token(world, with_token):
    assert ids(with_token(world.a.tm).get("/scales")) == {world.regional_framework.scale_id}


def test_list_anonymous_is_401(world, anonymous):
    assert_error(anonymous.get("/scales"), 401)


def test_detail(world, as_user):
    body = as_user(world.a.tm).get(f"/scales/{world.regional_framework.scale_id}").json()
    assert body["region_id"] == world.region.pk
    assert [lvl["value"] for lvl in body["levels"]] == [0, 1, 2, 3, 4]


def test_detail_of_the_other_administrations_scale_is_404(world, as_user, beta_scale):
    assert_error(as_user(world.a.tm).get(f"/scales/{beta_scale.pk}"), 404)


def test_detail_anonymous_is_401(world, anonymous):
    assert_error(anonymous.get(f"/scales/{world.regional_framework.scale_id}"), 401)
