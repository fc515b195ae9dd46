"""Competency reads: who sees which frameworks, profiles and assessments; what an administration may use."""

import pytest

from cadre.competencies.models import Competency, Framework
from cadre.competencies.selectors import (
    assessment_get_for_user,
    assessments_visible_to,
    competencies_for_administration,
    framework_get_for_user,
    framework_tree,
    frameworks_editable_by,
    frameworks_visible_to,
    pending_validations_for,
    role_profile_get_for_user,
    role_profiles_for_user,
)
from tests.support import factories as f
from tests.support.errors import NOT_FOUND


@pytest.mark.parametrize("persona", ["tm_a", "sup_a", "learner_a", "admin_a"])
def test_alpha_members_see_alphas_and_the_regional_framework(world, persona):
    visible = set(frameworks_visible_to(user=world.users[persona]))
    assert visible == {world.a.framework, world.regional_framework}


@pytest.mark.parametrize("persona", ["coordinator", "regional_admin"])
def test_regional_staff_see_only_regional_frameworks(world, persona):
    assert set(frameworks_visible_to(user=world.users[persona])) == {world.regional_framework}


def test_framework_get_for_user_answers_404_for_a_foreign_national_framework(world):
    assert framework_get_for_user(user=world.a.learner, framework_id=world.regional_framework.pk)
    for framework_id in (world.b.framework.pk, 10**7, "x"):
        with pytest.raises(NOT_FOUND):
            framework_get_for_user(user=world.a.learner, framework_id=framework_id)
    # a framework of another region is foreign too
    other = f.FrameworkFactory(region=f.RegionFactory(code="eu", name="Europe"))
    with pytest.raises(NOT_FOUND):
        framework_get_for_user(user=world.coordinator, framework_id=other.pk)


def test_frameworks_editable_by(world):
    assert set(frameworks_editable_by(user=world.a.tm)) == {world.a.framework}
    assert set(frameworks_editable_by(user=world.a.admin)) == {world.a.framework}
    assert set(frameworks_editable_by(user=world.regional_admin)) == {world.regional_framework}
    for persona in ("sup_a", "learner_a", "coordinator"):
        assert not frameworks_editable_by(user=world.users[persona]).exists()


def test_framework_tree_orders_nodes_depth_first_with_depths(world):
    # given an indicator below OP2
    op2 = world.competencies[1]
    indicator = f.CompetencyFactory(
        framework=world.regional_framework, parent=op2, code="OP2.1", kind="indicator", sequence=10**6
    )
    # then the group comes first, each competency follows its parent, the indicator follows OP2
    tree = [(node.code, depth) for node, depth in framework_tree(framework=world.regional_framework)]
    assert tree == [("OP", 0), ("OP1", 1), ("OP2", 1), (indicator.code, 2), ("OP3", 1), ("OP4", 1)]


def test_framework_tree_is_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        framework_tree(framework=world.regional_framework)


def test_framework_tree_walks_a_chain_deeper_than_the_recursion_limit(world):
    # given a framework stored (not imported) as one chain of 1,500 nodes
    framework = world.a.framework
    parent = None
    for n in range(1500):
        parent = Competency.objects.create(framework=framework, parent=parent, code=f"D{n}", title=f"D{n}")
    # when the tree is read, then every node comes once, at its depth, without RecursionError
    chain = [(node.code, depth) for node, depth in framework_tree(framework=framework) if node.code[0] == "D"]
    assert chain == [(f"D{n}", n) for n in range(1500)]


def test_competencies_for_administration_includes_regional_and_own_national(world):
    # given a national competency in each administration and an indicator in Alpha's
    own = f.CompetencyFactory(framework=world.a.framework, code="A-N1")
    foreign = f.CompetencyFactory(framework=world.b.framework, code="B-N1")
    indicator = f.CompetencyFactory(framework=world.a.framework, code="A-N1.1", kind="indicator", parent=own)
    # when Alpha's usable competencies are listed
    usable = set(competencies_for_administration(administration_id=world.a.administration.pk))
    # then they are the regional competencies and Alpha's own, never Beta's, groups or indicators
    assert usable == {*world.competencies, own}
    assert foreign not in usable
    assert indicator not in usable
    assert not usable & set(Competency.objects.filter(kind="group"))


def test_competencies_for_administration_drops_retired_frameworks(world):
    # given a retired national framework of Alpha
    retired = f.FrameworkFactory(
        region=None,
        administration=world.a.administration,
        scale=world.regional_framework.scale,
        status="retired",
    )
    old = f.CompetencyFactory(framework=retired)
    assert old not in competencies_for_administration(administration_id=world.a.administration.pk)
    # when the regional framework is retired too, its competencies are no longer offered
    Framework.objects.filter(pk=world.regional_framework.pk).update(status="retired")
    assert set(competencies_for_administration(administration_id=world.a.administration.pk)).isdisjoint(
        world.competencies
    )


def test_competencies_for_administration_needs_an_adoption(world):
    # an administration of the region that has adopted nothing may use nothing yet
    gamma = f.AdministrationFactory(region=world.region)
    assert not competencies_for_administration(administration_id=gamma.pk).exists()


def test_role_profiles_are_scoped(world):
    assert list(role_profiles_for_user(user=world.a.learner)) == [world.a.profile]
    assert not role_profiles_for_user(user=world.coordinator).exists()
    with pytest.raises(NOT_FOUND):
        role_profile_get_for_user(user=world.a.tm, profile_id=world.b.profile.pk)


def test_assessments_visible_to_follow_the_officers(world):
    # given one assessment per officer of both administrations
    assessments = {
        officer.pk: f.AssessmentFactory(officer=officer, competency=world.competencies[0])
        for officer in [*world.a.officers, *world.b.officers]
    }
    a = world.a
    # then the manager sees Alpha's, the supervisor their house's, the learner their own
    assert set(assessments_visible_to(user=a.tm)) == {assessments[o.pk] for o in a.officers}
    assert set(assessments_visible_to(user=a.sup)) == {assessments[o.pk] for o in a.officers[:3]}
    assert list(assessments_visible_to(user=a.learner)) == [assessments[a.learner_officer.pk]]
    assert not assessments_visible_to(user=world.coordinator).exists()
    # and a foreign one answers 404
    with pytest.raises(NOT_FOUND):
        assessment_get_for_user(user=a.tm, assessment_id=assessments[world.b.officers[0].pk].pk)
    with pytest.raises(NOT_FOUND):
        assessment_get_for_user(user=a.sup, assessment_id=assessments[a.officers[3].pk].pk)


def test_pending_validations_for_supervisors_and_managers(world):
    # given pending self-assessments in Alpha's two customs houses and in Beta
    a = world.a
    in_house = f.AssessmentFactory(officer=a.officers[1], source="self", validation="pending")
    other_house = f.AssessmentFactory(officer=a.officers[3], source="self", validation="pending")
    beta = f.AssessmentFactory(officer=world.b.officers[1], source="self", validation="pending")
    f.AssessmentFactory(officer=a.officers[2], source="self", validation="validated")
    # then the supervisor sees their house's, the manager all of Alpha's, nobody sees across
    assert set(pending_validations_for(user=a.sup)) == {in_house}
    assert set(pending_validations_for(user=a.tm)) == {in_house, other_house}
    assert set(pending_validations_for(user=world.b.sup)) == {beta}
    assert set(pending_validations_for(user=world.b.tm)) == {beta}
    assert not pending_validations_for(user=a.learner).exists()
