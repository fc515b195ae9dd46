"""/api/v1/role-profiles: list, detail with requirements, PUT requirements (all-or-nothing)."""

import pytest

from tests.api.support import assert_error, ids
from tests.support import factories as f

pytestmark = pytest.mark.django_db


def _requirements(profile):
    return sorted(profile.requirements.values_list("competency_id", "required_level", "criticality"))


def _url(profile):
    return f"/role-profiles/{profile.pk}/requirements"


# List and detail


def test_list_shows_only_own_profiles(world, as_user):
    assert ids(as_user(world.a.learner).get("/role-profiles")) == {world.a.profile.pk}


def test_list_filters_by_position(world, as_user):
    other = f.RoleProfileFactory(position=f.PositionFactory(administration=world.a.administration))
    client = as_user(world.a.tm)
    assert ids(client.get("/role-profiles")) == {world.a.profile.pk, other.pk}
    assert ids(client.get("/role-profiles", {"position": other.position_id})) == {other.pk}


def test_list_paginates(world, as_user):
    f.RoleProfileFactory(position=f.PositionFactory(administration=world.a.administration))
    page = as_user(world.a.tm).get("/role-profiles", {"limit": 1}).json()
    assert page["count"] == 2
    assert len(page["items"]) == 1


def test_list_with_token(world, with_token):
    assert ids(with_token(world.b.tm).get("/role-profiles")) == {world.b.profile.pk}


def test_list_anonymous_is_401(world, anonymous):
    assert_error(anonymous.get("/role-profiles"), 401)


def test_detail_lists_requirements(world, as_user):
    body = as_user(world.a.tm).get(f"/role-profiles/{world.a.profile.pk}").json()
    assert body["position_title"] == "Customs examiner"
    assert [r["competency_code"] for r in body["requirements"]] == ["OP1", "OP2", "OP3"]
    assert body["requirements"][1]["required_level"] == 3


def test_detail_of_the_other_administration_is_404(world, as_user):
    assert_error(as_user(world.a.tm).get(f"/role-profiles/{world.b.profile.pk}"), 404)


def test_detail_anonymous_is_401(world, anonymous):
    assert_error(anonymous.get(f"/role-profiles/{world.a.profile.pk}"), 401)


# PUT requirements


def test_training_manager_replaces_the_whole_list(world, as_user):
    # given Alpha's profile requires OP1, OP2, OP3
    op1, _op2, _op3, op4 = world.competencies
    # when the training manager sends OP1 at level 4 and OP4
    response = as_user(world.a.tm).put(
        _url(world.a.profile),
        {
            "requirements": [
                {"competency_id": op1.pk, "required_level": 4, "criticality": 3},
                {"competency_id": op4.pk, "required_level": 1},
            ]
        },
    )
    # then exactly those two remain
    assert response.status_code == 200, response.content
    assert _requirements(world.a.profile) == [(op1.pk, 4, 3), (op4.pk, 1, 2)]
    assert [r["competency_code"] for r in response.json()["requirements"]] == ["OP1", "OP4"]


def test_replace_with_token(world, with_token):
    response = with_token(world.b.tm).put(_url(world.b.profile), {"requirements": []})
    assert response.status_code == 200
    assert _requirements(world.b.profile) == []


def test_replace_in_the_other_administration_is_404_and_unchanged(world, as_user):
    before = _requirements(world.a.profile)
    assert_error(as_user(world.b.tm).put(_url(world.a.profile), {"requirements": []}), 404)
    assert _requirements(world.a.profile) == before


def test_replace_by_a_learner_is_404_and_unchanged(world, as_user):
    before = _requirements(world.a.profile)
    assert_error(as_user(world.a.learner).put(_url(world.a.profile), {"requirements": []}), 404)
    assert _requirements(world.a.profile) == before


def test_replace_anonymous_is_401(world, anonymous):
    before = _requirements(world.a.profile)
    assert_error(anonymous.put(_url(world.a.profile), {"requirements": []}), 401)
    assert _requirements(world.a.profile) == before


def test_a_malformed_row_is_named_by_index_and_nothing_changes(world, as_user):
    before = _requirements(world.a.profile)
    rows = [{"competency_id": c.pk, "required_level": 2} for c in world.competencies[:2]]
    rows.append({"competency_id": world.competencies[2].pk, "required_level": 0})
    response = as_user(world.a.tm).put(_url(world.a.profile), {"requirements": rows})
    body = assert_error(response, 422, "requirements[2].required_level")
    assert len(body["errors"]) == 1
    assert _requirements(world.a.profile) == before


def test_domain_errors_are_named_by_index_and_nothing_changes(world, as_user):
    # given a level above the scale's top (4) in row 0 and a competency Alpha cannot see in row 1
    beta_only = f.CompetencyFactory(framework=world.b.framework)
    before = _requirements(world.a.profile)
    rows = [
        {"competency_id": world.competencies[0].pk, "required_level": 5},
        {"competency_id": beta_only.pk, "required_level": 2},
    ]
    # when the training manager sends them
    response = as_user(world.a.tm).put(_url(world.a.profile), {"requirements": rows})
    # then the unknown row is reported first, and nothing is saved
    assert_error(response, 400, "requirements[1].competency")
    rows.pop()
    assert_error(
        as_user(world.a.tm).put(_url(world.a.profile), {"requirements": rows}),
        400,
        "requirements[0].required_level",
    )
    assert _requirements(world.a.profile) == before


def test_a_competency_listed_twice_is_400(world, as_user):
    row = {"competency_id": world.competencies[0].pk, "required_level": 2}
    response = as_user(world.a.tm).put(_url(world.a.profile), {"requirements": [row, row]})
    assert_error(response, 400, "requirements[1].competency")
