"""/api/v1/org-units: list (filters parent, administration) and detail."""

import pytest

from tests.api.support import assert_error, ids

pytestmark = pytest.mark.django_db


def _units(side):
    return {side.hq.pk, side.bureau.pk, side.house.pk, side.other_house.pk}


def test_list_shows_only_own_units_in_tree_order(world, as_user):
    response = as_user(world.a.learner).get("/org-units")
    assert ids(response) == _units(world.a)
    assert [u["depth"] for u in response.json()["items"]] == [0, 1, 2, 2]


def test_list_filters_by_parent(world, as_user):
    response = as_user(world.a.tm).get("/org-units", {"parent": world.a.bureau.pk})
    assert ids(response) == {world.a.house.pk, world.a.other_house.pk}


def test_filtering_by_the_other_administration_finds_nothing(world, as_user):
    client = as_user(world.a.tm)
    assert client.get("/org-units", {"administration": world.b.administration.pk}).json()["count"] == 0
    assert client.get("/org-units", {"parent": world.b.bureau.pk}).json()["count"] == 0
    assert ids(client.get("/org-units", {"administration": world.a.administration.pk})) == _units(world.a)


def test_list_paginates(world, as_user):
    page = as_user(world.a.tm).get("/org-units", {"limit": 3, "offset": 3}).json()
    assert page["count"] == 4
    assert len(page["items"]) == 1
    assert page["items"][0]["id"] in _units(world.a)


def test_list_with_token(world, with_token):
    assert ids(with_token(world.b.tm).get("/org-units")) == _units(world.b)


def test_list_anonymous_is_401(world, anonymous):
    assert_error(anonymous.get("/org-units"), 401)


def test_detail(world, as_user):
    body = as_user(world.a.tm).get(f"/org-units/{world.a.house.pk}").json()
    assert body["parent_id"] == world.a.bureau.pk
    assert body["path"] == world.a.house.path


def test_detail_of_the_other_administration_is_404(world, as_user):
    assert_error(as_user(world.a.tm).get(f"/org-units/{world.b.house.pk}"), 404)


def test_detail_anonymous_is_401(world, anonymous):
    assert_error(anonymous.get(f"/org-units/{world.a.house.pk}"), 401)
