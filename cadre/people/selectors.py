"""Read officers, scoped: managers see their administration, supervisors their subtree, officers themselves."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from cadre.core.scoping import (
    MANAGERS,
    MEMBERS,
    get_scoped_or_404,
    q_for_administrations,
    q_for_supervised_units,
)
from cadre.people.models import Officer, Position


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
