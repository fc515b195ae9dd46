"""Read tenancy data, always scoped to the caller."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from cadre.core.errors import NotFound
from cadre.core.pickers import PickerOption, PickerResult, picker_filter
from cadre.tenancy.access import MANAGERS, MEMBERS, access_for, get_scoped_or_404, scope_to_administrations
from cadre.tenancy.models import Administration, Membership, OrgUnit, Region
from cadre.tenancy.types import REGIONAL_ROLES, Role


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


@dataclass(frozen=True)
class OrgUnitRow:
    """An org unit with the active officers posted directly to it and to its whole subtree."""

    unit: OrgUnit
    officers: int
    subtree_officers: int


@dataclass(frozen=True)
class AdministrationTree:
    administration: Administration
    rows: list[OrgUnitRow]


def _rows_with_subtree_counts(units: list[OrgUnit]) -> list[OrgUnitRow]:
    """Sum each unit's direct officer count up its ancestors (paths hold the ancestor ids)."""
    totals: dict[int, int] = {}
    for unit in units:
        for ancestor_id in unit.path.strip("/").split("/"):
            if ancestor_id:
                totals[int(ancestor_id)] = totals.get(int(ancestor_id), 0) + unit.officer_count  # type: ignore[attr-defined]
    return [OrgUnitRow(u, u.officer_count, totals.get(u.pk, 0)) for u in units]  # type: ignore[attr-defined]


def _with_officer_counts(units: QuerySet[OrgUnit]) -> QuerySet[OrgUnit]:
    return units.annotate(officer_count=Count("officers", filter=Q(officers__active=True)))


def org_unit_tree_for_user(*, user: Any, roles: frozenset[str] = MANAGERS) -> list[AdministrationTree]:
    """Each administration's units depth first (siblings by name) with officer counts, in one query."""
    units = list(
        _with_officer_counts(org_units_for_user(user=user, roles=roles))
        .select_related("administration")
        .order_by("administration__name", "administration_id", "path")
    )
    by_admin: dict[int, list[OrgUnit]] = {}
    for unit in units:
        by_admin.setdefault(unit.administration_id, []).append(unit)
    return [
        AdministrationTree(group[0].administration, _rows_with_subtree_counts(_tree_order(group)))
        for group in by_admin.values()
    ]


def _tree_order(units: list[OrgUnit]) -> list[OrgUnit]:
    """Depth-first, siblings by name: paths alone would sort ids as text ("/10/" before "/9/")."""
    ids = {u.pk for u in units}
    children: dict[int | None, list[OrgUnit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id if unit.parent_id in ids else None, []).append(unit)
    ordered: list[OrgUnit] = []
    stack = sorted(children.get(None, []), key=lambda u: (u.name.casefold(), u.code), reverse=True)
    while stack:
        unit = stack.pop()
        ordered.append(unit)
        stack.extend(
            sorted(children.get(unit.pk, []), key=lambda u: (u.name.casefold(), u.code), reverse=True)
        )
    return ordered


@dataclass(frozen=True)
class OrgUnitDetail:
    unit: OrgUnit
    ancestors: list[OrgUnit]
    children: list[OrgUnitRow]
    officers: int
    subtree_officers: int


def org_unit_detail_for_user(
    *, user: Any, org_unit_id: int, roles: frozenset[str] = MANAGERS
) -> OrgUnitDetail:
    """One unit with its ancestors, its children and officer counts; foreign or missing is 404."""
    unit = get_scoped_or_404(
        org_units_for_user(user=user, roles=roles).select_related("administration"), pk=org_unit_id
    )
    ancestor_ids = [int(i) for i in unit.path.strip("/").split("/")[:-1] if i]
    ancestors = sorted(
        OrgUnit.objects.filter(administration_id=unit.administration_id, pk__in=ancestor_ids),
        key=lambda u: u.depth,
    )
    subtree = list(_with_officer_counts(org_unit_subtree(org_unit=unit)).order_by("path"))
    rows = {row.unit.pk: row for row in _rows_with_subtree_counts(subtree)}
    children = [rows[u.pk] for u in _tree_order(subtree) if u.parent_id == unit.pk]
    own = rows[unit.pk]
    return OrgUnitDetail(unit, ancestors, children, own.officers, own.subtree_officers)


def regions_administered_by(*, user: Any) -> QuerySet[Region]:
    """Regions where the user is a regional admin (and so may grant regional roles)."""
    return Region.objects.filter(pk__in=access_for(user).region_ids({Role.REGIONAL_ADMIN}))


def user_get_by_username(*, username: str) -> Any | None:
    """The active login with this username, or None (for granting roles by username)."""
    return get_user_model().objects.filter(username=username.strip(), is_active=True).first()


def supervisor_users_for_unit(*, org_unit: OrgUnit) -> list[Any]:
    """Active logins supervising ``org_unit``: those of the nearest supervised ancestor (or the unit)."""
    parts = [p for p in org_unit.path.split("/") if p]
    prefixes = ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
    rows = (
        Membership.objects.filter(
            role=Role.SUPERVISOR,
            administration_id=org_unit.administration_id,
            org_unit__path__in=prefixes,
            user__is_active=True,
        )
        .select_related("user", "org_unit")
        .order_by("-org_unit__depth", "user_id")
    )
    out: list[Any] = []
    nearest: int | None = None
    for membership in rows:
        depth = membership.org_unit.depth if membership.org_unit else 0
        if nearest is None:
            nearest = depth
        if depth != nearest:
            break
        out.append(membership.user)
    return out


def users_with_roles(
    *, roles: frozenset[str], administration_id: int | None = None, region_id: int | None = None
) -> list[Any]:
    """Active users holding one of ``roles`` in an administration or a region (for notifications)."""
    scope = (
        Q(administration_id=administration_id) if administration_id is not None else Q(region_id=region_id)
    )
    ids = Membership.objects.filter(scope, role__in=roles).values("user_id")
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk"))


# --- Pickers ---------------------------------------------------------------------------------------


def org_unit_option(unit: OrgUnit) -> PickerOption:
    return PickerOption(pk=unit.pk, label=unit.name, details=(unit.code, unit.administration.name))


def org_units_search(*, user: Any, query: str, limit: int) -> PickerResult:
    """Units of the caller's administrations whose name or code matches ``query``, in tree order."""
    units = (
        org_units_for_user(user=user).select_related("administration").order_by("administration_id", "path")
    )
    return picker_filter(units, query=query, fields=("name", "code"), limit=limit, describe=org_unit_option)


def member_option(member: Any) -> PickerOption:
    name = member.get_full_name()
    return PickerOption(pk=member.pk, label=name or member.get_username(), details=(member.get_username(),))


def members_search(*, user: Any, query: str, limit: int) -> PickerResult:
    """Active users with a role in an administration the caller manages or a region they administer."""
    access = access_for(user)
    scope = Q(administration_id__in=access.administration_ids(MANAGERS)) | Q(
        region_id__in=access.region_ids({Role.REGIONAL_ADMIN})
    )
    ids = Membership.objects.filter(scope).values("user_id")
    members = get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("username", "pk")
    return picker_filter(
        members,
        query=query,
        fields=("username", "first_name", "last_name"),
        limit=limit,
        describe=member_option,
    )


def org_unit_away_caps(*, administration_id: int) -> dict[int, int]:
    """Org unit id -> how many of its officers may be away at once, for units that set a cap."""
    caps = OrgUnit.objects.filter(administration_id=administration_id, away_cap__isnull=False).values_list(
        "pk", "away_cap"
    )
    return {int(k): int(v) for k, v in caps if v is not None}


def administration_get_by_code(*, code: str) -> Administration | None:
    """The administration with this code, if any (operators' commands name administrations by code)."""
    return Administration.objects.filter(code=code).first()


def managed_administration(*, user: Any, administration_id: int | None = None) -> Administration:
    """The administration a manager's page acts in: the one asked for, else the first the user manages."""
    if administration_id is not None:
        return administration_get_for_user(user=user, administration_id=administration_id, roles=MANAGERS)
    found = administrations_for_user(user=user, roles=MANAGERS).order_by("pk").first()
    if found is None:
        raise NotFound
    return found


def administration_ids_by_region(*, region_ids: Iterable[int]) -> dict[int, list[int]]:
    """The ids of each region's administrations (for visibility rules resolved to indexed columns)."""
    by_region: dict[int, list[int]] = {}
    rows = Administration.objects.filter(region_id__in=list(region_ids)).values_list("id", "region_id")
    for pk, region_id in rows:
        by_region.setdefault(region_id, []).append(pk)
    return by_region


def administration_names(*, ids: Iterable[int]) -> dict[int, str]:
    """Administration names by id (labels for ids the caller already holds, e.g. search facets)."""
    return dict(Administration.objects.filter(id__in=list(ids)).values_list("id", "name"))
