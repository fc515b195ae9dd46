"""/api/v1/frameworks/{id}/competencies (tree, create) and /api/v1/competencies/{id}."""

import pytest

from cadre.competencies.models import Competency
from tests.api.support import assert_error
from tests.support import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def beta_competency(world):
    """A competency in Beta's own national framework: invisible to Alpha."""
    return f.CompetencyFactory(framework=world.b.framework, code="B-ONLY", title="Beta only")


# Tree


def test_tree_is_a_flat_list_in_display_order_with_parent_and_depth(world, as_user):
    # given the regional framework: group OP with OP1..OP4 below it
    # when a learner of Alpha reads its tree
    response = as_user(world.a.learner).get(f"/frameworks/{world.regional_framework.pk}/competencies")
    # then the group comes first at depth 0 and each child points at it at depth 1
    body = response.json()
    assert body["count"] == 5
    group, *children = body["items"]
    assert (group["code"], group["depth"], group["parent_id"]) == ("OP", 0, None)
    assert [c["code"] for c in children] == ["OP1", "OP2", "OP3", "OP4"]
    assert all(c["depth"] == 1 and c["parent_id"] == group["id"] for c in children)


def test_tree_paginates(world, as_user):
    client = as_user(world.a.tm)
    page = client.get(
        f"/frameworks/{world.regional_framework.pk}/competencies", {"limit": 2, "offset": 2}
    ).json()
    assert page["count"] == 5
    assert [c["code"] for c in page["items"]] == ["OP2", "OP3"]


def test_tree_of_the_other_administrations_framework_is_404(world, as_user, beta_competency):
    assert_error(as_user(world.a.tm).get(f"/frameworks/{world.b.framework.pk}/competencies"), 404)


def test_tree_with_token(world, with_token):
    response = with_token(world.b.learner).get(f"/frameworks/{world.regional_framework.pk}/competencies")
    assert response.json()["count"] == 5


def test_tree_anonymous_is_401(world, anonymous):
    assert_error(anonymous.get(f"/frameworks/{world.regional_framework.pk}/competencies"), 401)


# Create


def test_training_manager_adds_a_competency_under_a_parent(world, as_user):
    client = as_user(world.a.tm)
    group = client.post(
        f"/frameworks/{world.a.framework.pk}/competencies",
        {"code": "NAT", "title": "National", "kind": "group"},
    ).json()
    response = client.post(
        f"/frameworks/{world.a.framework.pk}/competencies",
        {"code": "NAT1", "title": "Post-clearance audit", "parent_id": group["id"], "type": "operational"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["parent_id"] == group["id"]
    tree = client.get(f"/frameworks/{world.a.framework.pk}/competencies").json()["items"]
    assert [(n["code"], n["depth"]) for n in tree] == [("NAT", 0), ("NAT1", 1)]


def test_create_with_token(world, with_token):
    response = with_token(world.a.tm).post(
        f"/frameworks/{world.a.framework.pk}/competencies", {"code": "X1", "title": "Excise"}
    )
    assert response.status_code == 201


def test_create_in_the_other_administrations_framework_is_404_and_stores_nothing(world, as_user):
    before = Competency.objects.count()
    response = as_user(world.b.tm).post(
        f"/frameworks/{world.a.framework.pk}/competencies", {"code": "X", "title": "X"}
    )
    assert_error(response, 404)
    assert Competency.objects.count() == before


def test_create_by_a_learner_is_404_and_stores_nothing(world, as_user):
    before = Competency.objects.count()
    response = as_user(world.a.learner).post(
        f"/frameworks/{world.a.framework.pk}/competencies", {"code": "X", "title": "X"}
    )
    assert_error(response, 404)
    assert Competency.objects.count() == before


def test_a_parent_from_the_other_administration_is_reported_as_not_found(world, as_user, beta_competency):
    before = Competency.objects.count()
    response = as_user(world.a.tm).post(
        f"/frameworks/{world.a.framework.pk}/competencies",
        {"code": "X", "title": "X", "parent_id": beta_competency.pk},
    )
    assert_error(response, 404, "parent_id")
    assert Competency.objects.count() == before


def test_a_parent_from_another_visible_framework_is_400(world, as_user):
    response = as_user(world.a.tm).post(
        f"/frameworks/{world.a.framework.pk}/competencies",
        {"code": "X", "title": "X", "parent_id": world.competencies[0].pk},
    )
    assert_error(response, 400, "parent")


def test_an_unknown_kind_names_the_field(world, as_user):
    response = as_user(world.a.tm).post(
        f"/frameworks/{world.a.framework.pk}/competencies", {"code": "X", "title": "X", "kind": "skill"}
    )
    assert_error(response, 422, "kind")


def test_create_anonymous_is_401(world, anonymous):
    before = Competency.objects.count()
    assert_error(
        anonymous.post(f"/frameworks/{world.a.framework.pk}/competencies", {"code": "X", "title": "X"}), 401
    )
    assert Competency.objects.count() == before


# Detail


def test_detail(world, as_user):
    body = as_user(world.a.learner).get(f"/competencies/{world.competencies[1].pk}").json()
    assert body["code"] == "OP2"
    assert body["framework_id"] == world.regional_framework.pk


def test_detail_with_token(world, with_token):
    assert with_token(world.b.tm).get(f"/competencies/{world.competencies[0].pk}").status_code == 200


def test_detail_of_the_other_administrations_competency_is_404(world, as_user, beta_competency):
    assert_error(as_user(world.a.tm).get(f"/competencies/{beta_competency.pk}"), 404)


def test_detail_anonymous_is_401(world, anonymous):
    assert_error(anonymous.get(f"/competencies/{world.competencies[0].pk}"), 401)
