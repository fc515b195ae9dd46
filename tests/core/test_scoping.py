"""The tenant-scoping mechanism: access, role filters, supervised subtrees, the one 404."""

import pytest
from django.contrib.auth.models import AnonymousUser

from cadre.people.models import Officer
from cadre.tenancy.access import (
    MANAGERS,
    MEMBERS,
    access_for,
    forget_access,
    get_scoped_or_404,
    q_for_administrations,
    q_for_supervised_units,
    require_role,
    scope_to_administrations,
)
from cadre.tenancy.models import OrgUnit
from cadre.tenancy.types import Role
from tests.support import factories as f
from tests.support.errors import NOT_FOUND


def test_access_is_computed_once_and_cached_on_the_user(world, django_assert_num_queries):
    # given a user whose access has not been computed yet
    user = world.a.tm
    forget_access(user)
    # when access is asked for twice
    with django_assert_num_queries(1):
        first = access_for(user)
    with django_assert_num_queries(0):
        second = access_for(user)
    # then the second answer is the cached object
    assert first is second


def test_forget_access_sees_new_memberships(world):
    # given a learner of Alpha whose access is cached
    user = world.a.learner
    assert access_for(user).administration_ids(MANAGERS) == set()
    f.MembershipFactory(user=user, role=Role.TRAINING_MANAGER, administration=world.a.administration)
    # when nothing is forgotten the cache still answers the old roles
    assert access_for(user).administration_ids(MANAGERS) == set()
    # then forgetting the access picks up the new role
    forget_access(user)
    assert access_for(user).administration_ids(MANAGERS) == {world.a.administration.pk}


def test_forget_access_on_a_user_without_cache_is_harmless(world):
    user = world.b.tm
    forget_access(user)
    forget_access(user)
    assert not hasattr(user, "_cadre_access")


def test_anonymous_and_none_have_no_access(db):
    for user in (None, AnonymousUser()):
        access = access_for(user)
        assert access.user_id is None
        assert access.administration_ids() == set()
        assert access.region_ids() == set()


@pytest.mark.parametrize(
    ("persona", "managers", "members"),
    [
        ("tm_a", {"a"}, {"a"}),
        ("admin_a", {"a"}, {"a"}),
        ("sup_a", set(), {"a"}),
        ("learner_a", set(), {"a"}),
        ("tm_b", {"b"}, {"b"}),
        ("coordinator", set(), set()),
        ("regional_admin", set(), set()),
    ],
)
def test_administration_ids_by_role(world, persona, managers, members):
    # given a persona of the world
    ids = {"a": world.a.administration.pk, "b": world.b.administration.pk}
    # when their administrations are listed by role family
    access = access_for(world.users[persona])
    # then managers and members are exactly the expected administrations
    assert access.administration_ids(MANAGERS) == {ids[k] for k in managers}
    assert access.administration_ids(MEMBERS) == {ids[k] for k in members}
    assert access.administration_ids({Role.SUPERVISOR}) == ({ids["a"]} if persona == "sup_a" else set())


def test_region_ids_come_from_regional_roles_and_member_administrations(world):
    region = world.region.pk
    assert access_for(world.coordinator).region_ids() == {region}
    assert access_for(world.coordinator).region_ids({Role.REGIONAL_ADMIN}) == set()
    assert access_for(world.regional_admin).region_ids({Role.REGIONAL_ADMIN}) == {region}
    # a learner belongs to the region through their administration, but holds no regional role
    assert access_for(world.a.learner).region_ids() == {region}
    assert access_for(world.a.learner).region_ids({Role.REGIONAL_COORDINATOR}) == set()


def test_scope_to_administrations_keeps_only_the_callers_rows(world):
    # given officers in both administrations
    qs = Officer.objects.all()
    # when Alpha's training manager scopes them
    scoped = scope_to_administrations(qs, user=world.a.tm)
    # then only Alpha's remain; a learner (not a manager) gets nothing
    assert set(scoped) == set(world.a.officers)
    assert not scope_to_administrations(qs, user=world.a.learner).exists()
    assert set(scope_to_administrations(qs, user=world.a.learner, roles=MEMBERS)) == set(world.a.officers)


def test_q_for_administrations_matches_scope(world):
    q = q_for_administrations(user=world.b.tm, roles=MANAGERS)
    assert set(Officer.objects.filter(q)) == set(world.b.officers)


def test_q_for_supervised_units_covers_the_subtree_and_not_siblings(world):
    # given a unit below the supervised customs house, and a sibling whose id starts with the
    # house's id (so a path prefix without the trailing slash would wrongly match it)
    a = world.a
    below = f.OrgUnitFactory(administration=a.administration, parent=a.house, code="a-CH1-D")
    deep = f.OrgUnitFactory(administration=a.administration, parent=below, code="a-CH1-D-O")
    lookalike = f.OrgUnitFactory(
        id=int(f"{a.house.pk}0"), administration=a.administration, parent=a.bureau, code="a-CH10"
    )
    in_deep = f.OfficerFactory(administration=a.administration, org_unit=deep)
    in_lookalike = f.OfficerFactory(administration=a.administration, org_unit=lookalike)
    # when the supervisor's filter is applied to officers and to units
    officers = set(Officer.objects.filter(q_for_supervised_units(user=a.sup)))
    # then the house and everything below it is covered, siblings and parents are not
    assert officers == {*a.officers[:3], in_deep}
    assert in_lookalike not in officers
    assert a.officers[3] not in officers  # the other customs house


def test_q_for_supervised_units_is_empty_for_non_supervisors(world):
    for user in (world.a.tm, world.a.learner, world.coordinator):
        assert not Officer.objects.filter(q_for_supervised_units(user=user)).exists()


def test_supervised_paths_never_cross_administrations(world):
    # given Beta's org unit whose path equals Alpha's supervised path (impossible by ids, forced here)
    OrgUnit.objects.filter(pk=world.b.house.pk).update(path=world.a.house.path)
    # when Alpha's supervisor filter is applied
    officers = set(Officer.objects.filter(q_for_supervised_units(user=world.a.sup)))
    # then Beta's officers are still excluded because the administration is part of the filter
    assert officers.isdisjoint(world.b.officers)


@pytest.mark.parametrize("bad_id", ["foreign", "missing", "not-a-number", None, "12abc", 1.5e30])
def test_get_scoped_or_404_answers_404_for_foreign_missing_and_malformed_ids(world, bad_id):
    # given Alpha's manager scope
    scoped = scope_to_administrations(Officer.objects.all(), user=world.a.tm)
    ids = {"foreign": world.b.officers[0].pk, "missing": 987654}
    # when an id outside it is looked up
    lookup = ids.get(bad_id, bad_id)
    # then the answer is the same 404
    with pytest.raises(NOT_FOUND):
        get_scoped_or_404(scoped, pk=lookup)


def test_get_scoped_or_404_returns_own_rows(world):
    scoped = scope_to_administrations(Officer.objects.all(), user=world.a.tm)
    officer = world.a.officers[1]
    assert get_scoped_or_404(scoped, pk=officer.pk) == officer
    assert get_scoped_or_404(scoped, pk=str(officer.pk)) == officer


def test_require_role_refuses_with_404(world):
    require_role(user=world.a.tm, administration_id=world.a.administration.pk, roles=MANAGERS)
    with pytest.raises(NOT_FOUND):
        require_role(user=world.a.tm, administration_id=world.b.administration.pk, roles=MANAGERS)
    with pytest.raises(NOT_FOUND):
        require_role(user=world.a.learner, administration_id=world.a.administration.pk, roles=MANAGERS)


def test_an_id_beyond_64_bits_is_a_404_not_a_crash(world):
    # given an id no database integer can hold

    from cadre.people.selectors import officers_visible_to
    from cadre.tenancy.access import get_scoped_or_404

    # when it is looked up through a scoped queryset
    # then it answers 404 like any missing id (SQLite would raise OverflowError)
    with pytest.raises(NOT_FOUND):
        get_scoped_or_404(officers_visible_to(user=world.a.tm), pk=10**30)
