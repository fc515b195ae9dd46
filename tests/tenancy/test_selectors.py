"""Tenancy reads: every answer is limited to the caller's administrations and regions."""

import pytest

from cadre.tenancy.access import MANAGERS
from cadre.tenancy.models import Membership
from cadre.tenancy.selectors import (
    administration_get_for_user,
    administrations_for_user,
    is_manager_of,
    is_regional,
    membership_get_for_user,
    memberships_for_user,
    org_unit_get_for_user,
    org_unit_subtree,
    org_units_for_user,
    primary_administration,
    regions_for_user,
)
from tests.support import factories as f
from tests.support.errors import NOT_FOUND


def test_administrations_for_user_by_persona(world):
    a, b = world.a.administration, world.b.administration
    assert list(administrations_for_user(user=world.a.learner)) == [a]
    assert list(administrations_for_user(user=world.b.sup)) == [b]
    assert list(administrations_for_user(user=world.a.sup, roles=MANAGERS)) == []
    assert list(administrations_for_user(user=world.coordinator)) == []


def test_administration_get_for_user_answers_404_for_a_foreign_administration(world):
    assert administration_get_for_user(user=world.a.tm, administration_id=world.a.administration.pk)
    with pytest.raises(NOT_FOUND):
        administration_get_for_user(user=world.a.tm, administration_id=world.b.administration.pk)
    with pytest.raises(NOT_FOUND):
        administration_get_for_user(user=world.a.tm, administration_id=424242)


def test_primary_administration_is_the_lowest_id(world):
    # given Alpha's training manager who also learns in Beta
    f.MembershipFactory(user=world.a.tm, role="learner", administration=world.b.administration)
    # then Alpha (created first) is their primary administration; regional staff have none
    assert primary_administration(user=world.a.tm) == world.a.administration
    assert primary_administration(user=world.coordinator) is None


def test_regions_for_user(world):
    assert list(regions_for_user(user=world.coordinator)) == [world.region]
    assert list(regions_for_user(user=world.b.learner)) == [world.region]
    other = f.RegionFactory(code="eu", name="Europe")
    assert other not in regions_for_user(user=world.regional_admin)


def test_org_units_for_user_are_those_of_own_administrations(world):
    units = set(org_units_for_user(user=world.a.learner))
    assert units == {world.a.hq, world.a.bureau, world.a.house, world.a.other_house}
    assert not org_units_for_user(user=world.coordinator).exists()


def test_org_unit_get_for_user_answers_404_for_foreign_and_missing_units(world):
    assert org_unit_get_for_user(user=world.b.tm, org_unit_id=world.b.house.pk) == world.b.house
    for unit_id in (world.a.house.pk, 999999, "abc"):
        with pytest.raises(NOT_FOUND):
            org_unit_get_for_user(user=world.b.tm, org_unit_id=unit_id)


def test_org_unit_subtree_includes_the_unit_and_its_descendants_only(world):
    a = world.a
    assert set(org_unit_subtree(org_unit=a.bureau)) == {a.bureau, a.house, a.other_house}
    assert set(org_unit_subtree(org_unit=a.house)) == {a.house}
    assert set(org_unit_subtree(org_unit=a.hq)) == {a.hq, a.bureau, a.house, a.other_house}


def test_memberships_for_user_administration_admin_sees_own_administration_only(world):
    # when Alpha's admin lists memberships
    memberships = list(memberships_for_user(user=world.a.admin))
    # then every one is Alpha's, and all of Alpha's are there
    assert {m.administration_id for m in memberships} == {world.a.administration.pk}
    assert len(memberships) == Membership.objects.filter(administration=world.a.administration).count()


def test_memberships_for_user_regional_admin_sees_regional_roles_only(world):
    memberships = list(memberships_for_user(user=world.regional_admin))
    assert {m.user.username for m in memberships} == {"coordinator", "regional_admin"}
    assert all(m.administration_id is None for m in memberships)


@pytest.mark.parametrize("persona", ["tm_a", "sup_a", "learner_a", "coordinator"])
def test_memberships_are_hidden_from_non_admins(world, persona):
    assert not memberships_for_user(user=world.users[persona]).exists()


def test_membership_get_for_user_answers_404_across_administrations(world):
    own = Membership.objects.get(user=world.a.learner)
    foreign = Membership.objects.get(user=world.b.learner)
    assert membership_get_for_user(user=world.a.admin, membership_id=own.pk) == own
    with pytest.raises(NOT_FOUND):
        membership_get_for_user(user=world.a.admin, membership_id=foreign.pk)


def test_is_manager_of_and_is_regional(world):
    assert is_manager_of(user=world.a.tm, administration_id=world.a.administration.pk)
    assert is_manager_of(user=world.a.admin, administration_id=world.a.administration.pk)
    assert not is_manager_of(user=world.a.tm, administration_id=world.b.administration.pk)
    assert not is_manager_of(user=world.a.sup, administration_id=world.a.administration.pk)
    assert is_regional(user=world.coordinator)
    assert is_regional(user=world.regional_admin)
    assert not is_regional(user=world.a.tm)
