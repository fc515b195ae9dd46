"""Read tenancy data, always scoped to the caller."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from cadre.core.scoping import MANAGERS, MEMBERS, access_for, get_scoped_or_404, scope_to_administrations
from cadre.tenancy.models import REGIONAL_ROLES, Administration, Membership, OrgUnit, Region, Role


def administrations_for_user(*, user: Any, roles: frozenset[str] = MEMBERS) -> QuerySet[Administration]:
    """Administrations where the user holds one of ``roles``."""
    return Administration.objects.filter(pk__in=access_for(user).administration_ids(roles))


def administration_get_for_user(
    *, user: Any, administration_id: int, roles: frozenset[str] = MEMBERS
) -> Administration:
    return get_scoped_or_404(administrations_for_user(user=user, roles=roles), pk=administration_id)


def primary_administration(*, user: Any) -> Administration | None:
    """The administration a page acts in when the user does not pick one (their lowest id)."""
    ids = sorted(access_for(user).roles)
    return Administration.objects.filter(pk=ids[0]).first() if ids else None


def regions_for_user(*, user: Any) -> QuerySet[Region]:
    return Region.objects.filter(pk__in=access_for(user).region_ids())


def org_units_for_user(*, user: Any, roles: frozenset[str] = MEMBERS) -> QuerySet[OrgUnit]:
    return scope_to_administrations(OrgUnit.objects.all(), user=user, roles=roles)


def org_unit_get_for_user(*, user: Any, org_unit_id: int, roles: frozenset[str] = MEMBERS) -> OrgUnit:
    return get_scoped_or_404(org_units_for_user(user=user, roles=roles), pk=org_unit_id)


def org_unit_subtree(*, org_unit: OrgUnit) -> QuerySet[OrgUnit]:
    """The unit and everything below it."""
    return OrgUnit.objects.filter(
        administration_id=org_unit.administration_id, path__startswith=org_unit.path
    )


def memberships_for_user(*, user: Any) -> QuerySet[Membership]:
    """Memberships the caller may administer: administration admins see their administration's,
    regional admins see their region's regional roles."""
    access = access_for(user)
    admin_ids = access.administration_ids({Role.ADMIN})
    region_ids = access.region_ids({Role.REGIONAL_ADMIN})
    return (
        Membership.objects.filter(Q(administration_id__in=admin_ids) | Q(region_id__in=region_ids))
        .select_related("user", "administration", "region", "org_unit")
        .order_by("administration__name", "user__username", "role")
    )


def membership_get_for_user(*, user: Any, membership_id: int) -> Membership:
    return get_scoped_or_404(memberships_for_user(user=user), pk=membership_id)


def is_manager_of(*, user: Any, administration_id: int) -> bool:
    return access_for(user).has_role(administration_id, MANAGERS)


def is_regional(*, user: Any) -> bool:
    return bool(access_for(user).region_ids(REGIONAL_ROLES))
