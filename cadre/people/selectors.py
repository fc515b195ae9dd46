"""Read officers, scoped: managers see their administration, supervisors their subtree, officers themselves."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from cadre.people.models import Officer, Position
from cadre.tenancy.access import (
    MANAGERS,
    MEMBERS,
    get_scoped_or_404,
    q_for_administrations,
    q_for_supervised_units,
)
from cadre.tenancy.models import OrgUnit


def officers_visible_to(*, user: Any) -> QuerySet[Officer]:
    """Every officer the caller may see."""
    if not getattr(user, "is_authenticated", False):
        return Officer.objects.none()
    q = (
        q_for_administrations(user=user, roles=MANAGERS)
        | q_for_supervised_units(user=user)
        | Q(user_id=user.pk)
    )
    return Officer.objects.filter(q).select_related("org_unit", "position", "administration")


def officers_managed_by(*, user: Any) -> QuerySet[Officer]:
    """Officers the caller may change (training managers and administration admins)."""
    return Officer.objects.filter(q_for_administrations(user=user, roles=MANAGERS)).select_related(
        "org_unit", "position"
    )


def officers_supervised_by(*, user: Any) -> QuerySet[Officer]:
    """Active officers in the subtrees the caller supervises (excluding the caller)."""
    return (
        Officer.objects.filter(q_for_supervised_units(user=user), active=True)
        .exclude(user_id=user.pk)
        .select_related("org_unit", "position")
    )


def officer_get_for_user(*, user: Any, officer_id: int) -> Officer:
    return get_scoped_or_404(officers_visible_to(user=user), pk=officer_id)


def officer_for_user(*, user: Any) -> Officer | None:
    """The officer record linked to this login, if any."""
    return (
        Officer.objects.select_related("org_unit", "position", "administration")
        .filter(user_id=user.pk)
        .first()
    )


def positions_for_user(*, user: Any, roles: frozenset[str] = MEMBERS) -> QuerySet[Position]:
    return Position.objects.filter(q_for_administrations(user=user, roles=roles))


def position_get_for_user(*, user: Any, position_id: int, roles: frozenset[str] = MEMBERS) -> Position:
    return get_scoped_or_404(positions_for_user(user=user, roles=roles), pk=position_id)


def officer_get_managed_by(*, user: Any, officer_id: int) -> Officer:
    """An officer the caller may change; anyone else's answers 404 like a missing one."""
    return get_scoped_or_404(officers_managed_by(user=user).select_related("administration"), pk=officer_id)


def officers_for_list(
    *,
    user: Any,
    search: str = "",
    org_unit_id: int | None = None,
    position_id: int | None = None,
) -> QuerySet[Officer]:
    """Officers a manager or supervisor looks after, filtered for the officer list page.

    ``search`` matches a name (in any script) or an employee number; the org-unit filter takes
    the whole subtree below the chosen unit.
    """
    if not getattr(user, "is_authenticated", False):
        return Officer.objects.none()
    qs = Officer.objects.filter(
        q_for_administrations(user=user, roles=MANAGERS) | q_for_supervised_units(user=user)
    ).select_related("org_unit", "position", "administration")
    qs = officers_matching(qs, search=search)
    if org_unit_id is not None:
        qs = officers_in_unit_subtree(qs, org_unit_id=org_unit_id)
    if position_id is not None:
        qs = qs.filter(position_id=position_id)
    return qs.order_by("family_name", "given_name", "pk")


def officers_matching(qs: QuerySet[Officer], *, search: str) -> QuerySet[Officer]:
    """Officers whose name (in any script) or employee number contains every word of ``search``."""
    for term in search.split():
        qs = qs.filter(
            Q(given_name__icontains=term)
            | Q(family_name__icontains=term)
            | Q(employee_number__icontains=term)
        )
    return qs


def officers_in_unit_subtree(qs: QuerySet[Officer], *, org_unit_id: int) -> QuerySet[Officer]:
    """Officers of the unit and every unit below it (none when the unit does not exist)."""
    unit = OrgUnit.objects.filter(pk=org_unit_id).values_list("administration_id", "path").first()
    if unit is None:
        return qs.none()
    return qs.filter(org_unit__administration_id=unit[0], org_unit__path__startswith=unit[1])


def officer_find_by_identity(
    *, administration_id: int, email: str = "", employee_number: str = ""
) -> Officer | None:
    """The active officer an external identity (xAPI mbox or account name) names, within one administration."""
    qs = Officer.objects.filter(administration_id=administration_id, active=True)
    if email:
        return qs.filter(Q(email__iexact=email) | Q(user__email__iexact=email)).order_by("pk").first()
    if employee_number:
        return (
            qs.filter(Q(employee_number=employee_number) | Q(user__username=employee_number))
            .order_by("pk")
            .first()
        )
    return None


def officer_languages_active(*, administration_id: int, officer_ids: list[int]) -> dict[int, list[str]]:
    """Officer id -> languages, for the active officers of the administration among ``officer_ids``."""
    return dict(
        Officer.objects.filter(
            administration_id=administration_id, active=True, pk__in=officer_ids
        ).values_list("pk", "languages")
    )
