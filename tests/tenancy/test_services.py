"""Org units and memberships: paths, validation, audit, and the database's own guards."""

import pytest
from django.db import IntegrityError, transaction

from cadre.core.errors import DomainError
from cadre.core.models import AuditEvent
from cadre.tenancy.access import MANAGERS, access_for
from cadre.tenancy.models import Membership, OrgUnit
from cadre.tenancy.services import membership_grant, membership_revoke, org_unit_create, user_create
from cadre.tenancy.types import Role
from tests.support import factories as f


def _fields(exc: pytest.ExceptionInfo[DomainError]) -> set[str]:
    return {e.field for e in exc.value.errors}


# --- org units -------------------------------------------------------------------------------


def test_org_unit_create_builds_the_materialised_path(world):
    # given Alpha's headquarters
    a = world.a
    # when a division is created under the customs house, and a unit under that
    division = org_unit_create(
        actor=a.admin,
        administration=a.administration,
        code="a-DIV",
        name="Inspection",
        kind="division",
        parent=a.house,
    )
    office = org_unit_create(
        actor=a.admin, administration=a.administration, code="a-OFF", name="Desk", parent=division
    )
    # then paths extend the parent's and depths count the ancestors
    assert division.path == f"{a.house.path}{division.pk}/"
    assert division.depth == a.house.depth + 1 == 3
    assert office.path == f"{division.path}{office.pk}/"
    assert office.depth == 4
    office.refresh_from_db()
    assert office.path.startswith(a.hq.path)


def test_org_unit_create_as_root(world):
    root = org_unit_create(
        actor=world.a.admin, administration=world.a.administration, code=" a-X ", name=" Annex "
    )
    assert root.path == f"/{root.pk}/"
    assert root.depth == 0
    assert (root.code, root.name, root.kind) == ("a-X", "Annex", OrgUnit.Kind.OFFICE)


def test_org_unit_create_is_audited(world):
    unit = org_unit_create(actor=world.a.admin, administration=world.a.administration, code="a-N", name="New")
    event = AuditEvent.objects.get(entity_type="tenancy.orgunit", entity_id=str(unit.pk))
    assert event.action == "create"
    assert event.administration_id == world.a.administration.pk
    assert event.actor == world.a.admin
    assert event.after["path"] == unit.path
    assert event.before is None


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"code": "a-HQ"}, {"code"}),  # duplicate in this administration
        ({"code": "  "}, {"code"}),
        ({"name": ""}, {"name"}),
        ({"kind": "castle"}, {"kind"}),
        ({"parent": "foreign"}, {"parent"}),
        ({"away_cap": -1}, {"away_cap"}),
        ({"code": "", "name": "", "kind": "castle", "parent": "foreign"}, {"code", "name", "kind", "parent"}),
    ],
)
def test_org_unit_create_rejects_bad_input_naming_fields_and_storing_nothing(world, overrides, fields):
    # given valid arguments with one or more bad ones
    args = {"code": "a-NEW", "name": "New unit", "kind": "office", "parent": world.a.bureau} | overrides
    if args["parent"] == "foreign":
        args["parent"] = world.b.bureau
    units, events = OrgUnit.objects.count(), AuditEvent.objects.count()
    # when the unit is created
    with pytest.raises(DomainError) as exc:
        org_unit_create(actor=world.a.admin, administration=world.a.administration, **args)
    # then every bad field is named and nothing is stored
    assert _fields(exc) == fields
    assert (OrgUnit.objects.count(), AuditEvent.objects.count()) == (units, events)


def test_the_same_unit_code_may_exist_in_another_administration(world):
    unit = org_unit_create(
        actor=world.b.tm, administration=world.b.administration, code="a-HQ", name="Same code"
    )
    assert unit.administration == world.b.administration


# --- memberships -----------------------------------------------------------------------------


def test_membership_grant_administration_role(world):
    # given a new user
    user = f.UserFactory(username="newcomer")
    # when Alpha's admin makes them a training manager
    membership = membership_grant(
        actor=world.a.admin, user=user, role=Role.TRAINING_MANAGER, administration=world.a.administration
    )
    # then the role counts immediately and the grant is audited with the after-state
    assert access_for(user).administration_ids(MANAGERS) == {world.a.administration.pk}
    event = AuditEvent.objects.get(entity_type="tenancy.membership", entity_id=str(membership.pk))
    assert event.action == "create"
    assert event.administration_id == world.a.administration.pk
    assert event.before is None
    assert event.after["role"] == "training_manager"
    assert event.after["user_id"] == user.pk


def test_membership_grant_regional_role_is_audited_against_the_region(world):
    user = f.UserFactory(username="rc2")
    membership = membership_grant(
        actor=world.regional_admin, user=user, role=Role.REGIONAL_COORDINATOR, region=world.region
    )
    event = AuditEvent.objects.get(entity_type="tenancy.membership", entity_id=str(membership.pk))
    assert (event.region_id, event.administration_id) == (world.region.pk, None)
    assert access_for(user).region_ids({Role.REGIONAL_COORDINATOR}) == {world.region.pk}


def test_membership_grant_supervisor_of_a_unit(world):
    user = f.UserFactory(username="sup2")
    membership = membership_grant(
        actor=world.a.admin,
        user=user,
        role=Role.SUPERVISOR,
        administration=world.a.administration,
        org_unit=world.a.other_house,
    )
    assert membership.org_unit == world.a.other_house
    assert access_for(user).supervised_paths == {world.a.administration.pk: [world.a.other_house.path]}


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"role": "emperor", "administration": "a"}, "role"),
        ({"role": Role.REGIONAL_COORDINATOR, "administration": "a"}, "region"),
        ({"role": Role.REGIONAL_COORDINATOR}, "region"),
        ({"role": Role.REGIONAL_ADMIN, "region": "r", "administration": "a"}, "region"),
        ({"role": Role.LEARNER, "region": "r"}, "administration"),
        ({"role": Role.LEARNER}, "administration"),
        ({"role": Role.LEARNER, "region": "r", "administration": "a"}, "administration"),
        ({"role": Role.SUPERVISOR, "administration": "a"}, "org_unit"),
        ({"role": Role.SUPERVISOR, "administration": "a", "org_unit": "foreign"}, "org_unit"),
        ({"role": Role.TRAINING_MANAGER, "administration": "a", "org_unit": "own"}, "org_unit"),
        ({"role": Role.REGIONAL_ADMIN, "region": "r", "org_unit": "own"}, "org_unit"),
    ],
)
def test_membership_grant_rejects_roles_in_the_wrong_scope(world, kwargs, field):
    # given a user and a grant whose scope does not fit the role
    user = f.UserFactory(username="someone")
    objects = {
        "a": world.a.administration,
        "r": world.region,
        "foreign": world.b.house,
        "own": world.a.house,
    }
    kwargs = {k: objects.get(v, v) if k != "role" else v for k, v in kwargs.items()}
    before = (Membership.objects.count(), AuditEvent.objects.count())
    # when it is granted
    with pytest.raises(DomainError) as exc:
        membership_grant(actor=world.a.admin, user=user, **kwargs)
    # then the field is named and nothing is stored
    assert _fields(exc) == {field}
    assert (Membership.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize(
    "kwargs",
    [
        {"role": Role.LEARNER, "administration": "a"},
        {"role": Role.SUPERVISOR, "administration": "a", "org_unit": "house"},
        {"role": Role.REGIONAL_COORDINATOR, "region": "r"},
    ],
)
def test_membership_grant_refuses_duplicates(world, kwargs):
    # given the personas' existing roles (learner_a / sup_a / coordinator)
    holder = {Role.LEARNER: world.a.learner, Role.SUPERVISOR: world.a.sup}.get(
        kwargs["role"], world.coordinator
    )
    objects = {"a": world.a.administration, "r": world.region, "house": world.a.house}
    kwargs = {k: objects.get(v, v) if k != "role" else v for k, v in kwargs.items()}
    before = (Membership.objects.count(), AuditEvent.objects.count())
    # when the same role is granted again
    with pytest.raises(DomainError) as exc:
        membership_grant(actor=world.a.admin, user=holder, **kwargs)
    # then it is refused on the role field and nothing changes
    assert _fields(exc) == {"role"}
    assert (Membership.objects.count(), AuditEvent.objects.count()) == before


def test_a_supervisor_may_supervise_two_units(world):
    membership_grant(
        actor=world.a.admin,
        user=world.a.sup,
        role=Role.SUPERVISOR,
        administration=world.a.administration,
        org_unit=world.a.other_house,
    )
    assert sorted(access_for(world.a.sup).supervised_paths[world.a.administration.pk]) == sorted(
        [world.a.house.path, world.a.other_house.path]
    )


def test_membership_revoke_deletes_audits_and_forgets_access(world):
    # given the learner's membership, with their access cached
    user = world.a.learner
    membership = Membership.objects.get(user=user, role=Role.LEARNER)
    membership.user = user  # the same object whose access is cached
    assert access_for(user).administration_ids() == {world.a.administration.pk}
    pk = membership.pk
    # when it is revoked
    membership_revoke(actor=world.a.admin, membership=membership)
    # then it is gone, the access is recomputed and the event keeps the before-state
    assert not Membership.objects.filter(pk=pk).exists()
    assert access_for(user).administration_ids() == set()
    event = AuditEvent.objects.get(entity_type="tenancy.membership", entity_id=str(pk))
    assert event.action == "delete"
    assert event.after is None
    assert event.before["role"] == "learner"
    assert event.administration_id == world.a.administration.pk


# --- the database's own guards ---------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"role": "learner"},  # no scope at all
        {"role": "learner", "region": "r"},  # administration role in a region
        {"role": "learner", "region": "r", "administration": "a"},  # both scopes
        {"role": "regional_admin", "administration": "a"},  # regional role in an administration
        {"role": "supervisor", "administration": "a"},  # supervisor without unit
        {"role": "emperor", "administration": "a"},  # not a role
    ],
)
def test_check_constraints_reject_invalid_memberships_even_bypassing_services(world, kwargs):
    objects = {"a": world.a.administration, "r": world.region}
    kwargs = {k: objects.get(v, v) if k != "role" else v for k, v in kwargs.items()}
    user = f.UserFactory(username="bypass")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, **kwargs)
    assert not Membership.objects.filter(user=user).exists()


def test_unique_constraints_reject_duplicate_memberships_even_bypassing_services(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=world.a.tm, role="training_manager", administration=world.a.administration
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=world.coordinator, role="regional_coordinator", region=world.region)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=world.a.sup, role="supervisor", administration=world.a.administration, org_unit=world.a.house
        )


# --- logins ----------------------------------------------------------------------------------


def test_user_create_with_and_without_password(db):
    with_password = user_create(username="kenji", password="correct-horse-battery", first_name="健二")
    without = user_create(username="somchai", password=None)
    assert with_password.check_password("correct-horse-battery")
    assert with_password.first_name == "健二"
    assert not without.has_usable_password()


def test_user_create_refuses_a_taken_username(db):
    user_create(username="kenji", password=None)
    with pytest.raises(DomainError) as exc:
        user_create(username="kenji", password=None)
    assert _fields(exc) == {"username"}


def test_the_last_administration_admin_cannot_be_removed(world):
    # given Alpha has exactly one administration admin
    from cadre.core.errors import DomainError
    from cadre.tenancy.models import Membership
    from cadre.tenancy.services import membership_revoke

    only_admin = Membership.objects.get(administration=world.a.administration, role="admin")
    # when that admin revokes their own role
    # then it is refused, naming the field, and the membership stays
    with pytest.raises(DomainError) as exc:
        membership_revoke(actor=world.a.admin, membership=only_admin)
    assert exc.value.errors[0].field == "membership"
    assert Membership.objects.filter(pk=only_admin.pk).exists()
