import pytest
from django.urls import reverse

from cadre.core.models import AuditEvent
from cadre.tenancy.models import Membership
from tests.support import factories as f
from tests.support.lists import csv_of, listing_of

LIST = reverse("tenancy:memberships")
CREATE = reverse("tenancy:membership_create")


def revoke_url(membership):
    return reverse("tenancy:membership_revoke", args=[membership.pk])


def test_admin_sees_own_administration_memberships(client, world):
    # given the Alpha administration admin
    client.force_login(world.a.admin)
    # when they open the members page
    body = client.get(LIST).content.decode()
    # then Alpha's people show and Beta's do not
    assert "learner_a" in body
    assert "tm_a" in body
    assert "learner_b" not in body
    assert "regional_admin" not in body


@pytest.mark.parametrize("persona", ["tm_a", "sup_a", "learner_a", "coordinator", "tm_b"])
def test_non_admins_get_not_found(client, world, persona):
    # when someone without an admin role opens the members pages
    client.force_login(world.users[persona])
    # then they do not exist for them
    assert client.get(LIST).status_code == 404
    assert client.get(CREATE).status_code == 404


def test_admin_grants_a_supervisor_role(client, world):
    # given a new login and the Alpha admin
    newcomer = f.UserFactory(username="newcomer")
    client.force_login(world.a.admin)
    # when the admin makes the newcomer supervisor of the airport house
    response = client.post(
        CREATE,
        {
            "username": "newcomer",
            "role": "supervisor",
            "administration": world.a.administration.pk,
            "org_unit": world.a.other_house.pk,
        },
    )
    # then the membership exists and is audited
    assert response.status_code == 302
    membership = Membership.objects.get(user=newcomer)
    assert (membership.role, membership.org_unit) == ("supervisor", world.a.other_house)
    assert AuditEvent.objects.filter(entity_type="tenancy.membership", entity_id=str(membership.pk)).exists()


def test_bad_grants_name_their_fields_and_change_nothing(client, world):
    # given the Alpha admin and a new login
    f.UserFactory(username="newcomer")
    client.force_login(world.a.admin)
    before = Membership.objects.count()
    alpha = world.a.administration.pk
    # when the username is unknown, a supervisor has no unit, a role is held twice, or Beta is chosen
    unknown = client.post(CREATE, {"username": "ghost", "role": "learner", "administration": alpha})
    no_unit = client.post(CREATE, {"username": "newcomer", "role": "supervisor", "administration": alpha})
    twice = client.post(CREATE, {"username": "learner_a", "role": "learner", "administration": alpha})
    foreign = client.post(
        CREATE, {"username": "newcomer", "role": "learner", "administration": world.b.administration.pk}
    )
    foreign_unit = client.post(
        CREATE,
        {"username": "newcomer", "role": "supervisor", "administration": alpha, "org_unit": world.b.house.pk},
    )
    # then each answer names the field and nothing is stored
    assert "username" in unknown.context["form"].errors
    assert "org_unit" in no_unit.context["form"].errors
    assert "role" in twice.context["form"].errors
    assert "administration" in foreign.context["form"].errors
    assert "org_unit" in foreign_unit.context["form"].errors
    assert all(r.status_code == 400 for r in (unknown, no_unit, twice, foreign, foreign_unit))
    assert Membership.objects.count() == before


def test_admin_revokes_a_membership(client, world):
    # given the Alpha learner's membership
    membership = Membership.objects.get(user=world.a.learner)
    client.force_login(world.a.admin)
    # when the Alpha admin revokes it
    response = client.post(revoke_url(membership))
    # then it is gone and the deletion is audited
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEvent.objects.filter(action="delete", entity_id=str(membership.pk)).exists()


def test_foreign_revoke_is_not_found_and_changes_nothing(client, world):
    # given the Beta learner's membership
    membership = Membership.objects.get(user=world.b.learner)
    # when the Alpha admin and the Beta manager try to revoke it
    client.force_login(world.a.admin)
    by_alpha_admin = client.post(revoke_url(membership))
    client.force_login(world.b.tm)
    by_beta_manager = client.post(revoke_url(membership))
    # then both answer 404 and the membership stays
    assert by_alpha_admin.status_code == by_beta_manager.status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_regional_admin_manages_regional_roles_only(client, world):
    # given the regional admin
    client.force_login(world.regional_admin)
    # when they list memberships and grant a regional coordinator role
    body = client.get(LIST).content.decode()
    response = client.post(
        CREATE, {"username": "tm_b", "role": "regional_coordinator", "region": world.region.pk}
    )
    # then they see regional roles only, and the grant is stored in the region
    assert "coordinator" in body
    assert "learner_a" not in body
    assert response.status_code == 302
    assert Membership.objects.filter(
        user=world.b.tm, role="regional_coordinator", region=world.region
    ).exists()


def test_regional_admin_cannot_grant_administration_roles(client, world):
    # given the regional admin
    client.force_login(world.regional_admin)
    before = Membership.objects.count()
    # when they try to make someone an Alpha training manager
    response = client.post(
        CREATE, {"username": "tm_b", "role": "training_manager", "administration": world.a.administration.pk}
    )
    # then the role is not on offer and nothing changes
    assert "role" in response.context["form"].errors
    assert Membership.objects.count() == before


def _learners(world, count):
    for i in range(count):
        user = f.UserFactory(username=f"listed_{i:02d}")
        f.MembershipFactory(
            user=user, role="learner" if i % 3 else "instructor", administration=world.a.administration
        )


def test_memberships_paginate_sort_filter_and_count(client, world):
    _learners(world, 30)
    client.force_login(world.a.admin)

    first = listing_of(client, LIST)
    assert first.total == 34  # the 30, tm_a, sup_a, learner_a and admin_a
    assert first.total_label == "34 roles"
    assert len(first.rows) == 25
    assert listing_of(client, LIST, sort="-user").rows[0].user.username == "tm_a"
    assert listing_of(client, LIST, role="instructor").total == 10
    assert listing_of(client, LIST, q="listed_1").total == 10
    rows = csv_of(client, LIST, q="listed")
    assert len(rows) == 1 + 30
    assert rows[1][0] == "listed_00"


def test_memberships_of_a_foreign_administration_are_never_listed(client, world):
    _learners(world, 3)
    beta_admin = f.UserFactory(username="admin_b")
    f.MembershipFactory(user=beta_admin, role="admin", administration=world.b.administration)
    client.force_login(beta_admin)

    assert listing_of(client, LIST, q="listed").rows == []
    assert csv_of(client, LIST, q="listed")[1:] == []


@pytest.mark.parametrize("count", [2, 40])
def test_membership_list_queries_do_not_grow(client, world, count, django_assert_max_num_queries):
    _learners(world, count)
    client.force_login(world.a.admin)
    client.get(LIST)

    with django_assert_max_num_queries(9):
        client.get(LIST)
