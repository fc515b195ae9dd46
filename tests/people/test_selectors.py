"""Who sees which officers: managers their administration, supervisors their subtree, learners themselves."""

import pytest
from django.contrib.auth.models import AnonymousUser

from cadre.people.selectors import (
    officer_for_user,
    officer_get_for_user,
    officers_managed_by,
    officers_supervised_by,
    officers_visible_to,
    position_get_for_user,
    positions_for_user,
)
from tests.support import factories as f
from tests.support.errors import NOT_FOUND


def test_manager_sees_every_officer_of_own_administration(world):
    for user in (world.a.tm, world.a.admin):
        assert set(officers_visible_to(user=user)) == set(world.a.officers)


def test_supervisor_sees_only_the_supervised_subtree(world):
    # given an officer deeper below the supervised customs house
    a = world.a
    desk = f.OrgUnitFactory(administration=a.administration, parent=a.house)
    deep = f.OfficerFactory(administration=a.administration, org_unit=desk)
    # then the supervisor sees the house's officers and the deeper one, not the other house's
    visible = set(officers_visible_to(user=a.sup))
    assert visible == {*a.officers[:3], deep}
    assert a.officers[3] not in visible


def test_learner_sees_only_themself(world):
    assert list(officers_visible_to(user=world.a.learner)) == [world.a.learner_officer]


@pytest.mark.parametrize("persona", ["coordinator", "regional_admin"])
def test_regional_staff_see_no_officers(world, persona):
    assert not officers_visible_to(user=world.users[persona]).exists()


@pytest.mark.parametrize("persona", ["tm_b", "sup_b", "learner_b"])
def test_another_administration_sees_none_of_alphas_officers(world, persona):
    visible = set(officers_visible_to(user=world.users[persona]))
    assert visible.isdisjoint(world.a.officers)


def test_anonymous_sees_nothing(world):
    assert not officers_visible_to(user=AnonymousUser()).exists()


def test_officer_get_for_user_answers_404_for_foreign_and_missing(world):
    assert officer_get_for_user(user=world.a.tm, officer_id=world.a.officers[0].pk) == world.a.officers[0]
    for officer_id in (world.b.officers[0].pk, 10**8, "x"):
        with pytest.raises(NOT_FOUND):
            officer_get_for_user(user=world.a.tm, officer_id=officer_id)
    # the supervisor cannot reach the other customs house by id either
    with pytest.raises(NOT_FOUND):
        officer_get_for_user(user=world.a.sup, officer_id=world.a.officers[3].pk)


def test_officers_managed_by_is_for_managers_only(world):
    assert set(officers_managed_by(user=world.b.tm)) == set(world.b.officers)
    assert not officers_managed_by(user=world.b.sup).exists()
    assert not officers_managed_by(user=world.b.learner).exists()


def test_officers_supervised_by_excludes_the_supervisor_and_inactive_officers(world):
    # given the supervisor's own officer record in the house, and an inactive colleague
    a = world.a
    own = f.OfficerFactory(administration=a.administration, org_unit=a.house, user=a.sup)
    a.officers[1].active = False
    a.officers[1].save(update_fields=["active"])
    supervised = set(officers_supervised_by(user=a.sup))
    assert own not in supervised
    assert supervised == {a.officers[0], a.officers[2]}


def test_officer_for_user(world):
    assert officer_for_user(user=world.b.learner) == world.b.learner_officer
    assert officer_for_user(user=world.b.tm) is None


def test_positions_are_scoped(world):
    assert list(positions_for_user(user=world.a.learner)) == [world.a.position]
    assert not positions_for_user(user=world.coordinator).exists()
    with pytest.raises(NOT_FOUND):
        position_get_for_user(user=world.a.tm, position_id=world.b.position.pk)


def test_officers_visible_to_uses_one_query(world, django_assert_num_queries):
    # given a supervisor whose access is already cached
    from cadre.tenancy.access import access_for

    access_for(world.a.sup)
    # then listing officers with their unit and position is a single query
    with django_assert_num_queries(1):
        rows = [
            (o.org_unit.name, o.position and o.position.title) for o in officers_visible_to(user=world.a.sup)
        ]
    assert len(rows) == 3
