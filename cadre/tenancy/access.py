"""The one tenant-scoping mechanism every selector uses, and the ``Actor`` services act for.

A user's access is computed once per request from their memberships. Selectors pass a queryset
through ``scope_to_administrations`` (or load one object with ``get_scoped_or_404``): rows of an
administration the caller has no suitable role in are filtered out, so a foreign id and a missing
id both answer 404 and nothing about the foreign row leaks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet

from cadre.core.errors import NotFound
from cadre.tenancy.models import Membership
from cadre.tenancy.types import ADMINISTRATION_ROLES, Role

M = TypeVar("M", bound=Model)

#: Roles that may manage an administration's training data (frameworks, officers, assessments).
MANAGERS = frozenset({Role.TRAINING_MANAGER, Role.ADMIN})
#: Any administration role: enough to read shared reference data such as frameworks.
MEMBERS = ADMINISTRATION_ROLES


@dataclass
class Access:
    """What one user may reach, derived from their memberships."""

    user_id: int | None
    is_superuser: bool = False
    roles: dict[int, set[str]] = field(default_factory=dict)  # administration id -> roles
    supervised_paths: dict[int, list[str]] = field(default_factory=dict)  # administration id -> unit paths
    regional_roles: dict[int, set[str]] = field(default_factory=dict)  # region id -> roles
    region_of: dict[int, int] = field(default_factory=dict)  # administration id -> region id

    def administration_ids(self, roles: Iterable[str] = MEMBERS) -> set[int]:
        wanted = set(roles)
        return {admin_id for admin_id, held in self.roles.items() if held & wanted}

    def has_role(self, administration_id: int, roles: Iterable[str]) -> bool:
        return bool(self.roles.get(administration_id, set()) & set(roles))

    def region_ids(self, roles: Iterable[str] | None = None) -> set[int]:
        """Regions the user belongs to: through a regional role, or as a member administration's staff."""
        if roles is not None:
            wanted = set(roles)
            return {rid for rid, held in self.regional_roles.items() if held & wanted}
        return set(self.regional_roles) | {self.region_of[a] for a in self.roles if a in self.region_of}


_CACHE_ATTR = "_cadre_access"
_ACTOR_ATTR = "_cadre_actor"

UserLike = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True, eq=False)
class Actor:
    """Who a service or selector acts for: the user and what they may reach (built once per request).

    ``actor_for(request.user)`` builds it (and caches it on the user object, so the memberships are
    read once per request); services and selectors take ``actor: Actor``. ``user`` is what a
    foreign key such as ``created_by`` stores; ``access`` answers which administrations, roles and
    regions the actor holds.
    """

    user: UserLike
    access: Access

    @property
    def user_id(self) -> int | None:
        return self.access.user_id

    @property
    def is_authenticated(self) -> bool:
        return self.access.user_id is not None

    @property
    def is_superuser(self) -> bool:
        return self.access.is_superuser

    def administration_ids(self, roles: Iterable[str] = MEMBERS) -> set[int]:
        """Administrations where the actor holds one of ``roles``."""
        return self.access.administration_ids(roles)

    def has_role(self, administration_id: int, roles: Iterable[str]) -> bool:
        return self.access.has_role(administration_id, roles)

    def region_ids(self, roles: Iterable[str] | None = None) -> set[int]:
        """Regions the actor belongs to (through ``roles`` when given)."""
        return self.access.region_ids(roles)


def actor_for(user: UserLike | Actor | None) -> Actor:
    """The actor for a request's user (an ``Actor`` is returned as it is)."""
    if isinstance(user, Actor):
        return user
    if user is None:
        user = AnonymousUser()
    cached: Actor | None = getattr(user, _ACTOR_ATTR, None)
    if cached is not None:
        return cached
    actor = Actor(user=user, access=access_for(user))
    setattr(user, _ACTOR_ATTR, actor)
    return actor


def access_for(user: Any) -> Access:
    """Return (and cache on the user object) the caller's access (a user, or an ``Actor``)."""
    if isinstance(user, Actor):
        return user.access
    if user is None or not getattr(user, "is_authenticated", False):
        return Access(user_id=None)
    cached: Access | None = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    access = Access(user_id=user.pk, is_superuser=bool(user.is_superuser))
    rows = Membership.objects.filter(user_id=user.pk).values_list(
        "role", "administration_id", "administration__region_id", "region_id", "org_unit__path"
    )
    for role, admin_id, admin_region_id, region_id, unit_path in rows:
        if admin_id is not None:
            access.roles.setdefault(admin_id, set()).add(role)
            access.region_of[admin_id] = admin_region_id
            if role == Role.SUPERVISOR and unit_path:
                access.supervised_paths.setdefault(admin_id, []).append(unit_path)
        elif region_id is not None:
            access.regional_roles.setdefault(region_id, set()).add(role)
    setattr(user, _CACHE_ATTR, access)
    return access


def forget_access(user: Any) -> None:
    """Drop the cached access after memberships change."""
    if isinstance(user, Actor):
        user = user.user
    for attr in (_CACHE_ATTR, _ACTOR_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def scope_to_administrations(
    queryset: QuerySet[M], *, user: Any, roles: Iterable[str] = MANAGERS, field_name: str = "administration"
) -> QuerySet[M]:
    """Keep only rows of administrations where the user holds one of ``roles``."""
    ids = access_for(user).administration_ids(roles)
    return queryset.filter(**{f"{field_name}_id__in": ids})


def q_for_administrations(*, user: Any, roles: Iterable[str], field_name: str = "administration") -> Q:
    """The same filter as a ``Q``, for selectors that combine it with other grants."""
    return Q(**{f"{field_name}_id__in": access_for(user).administration_ids(roles)})


def q_for_supervised_units(*, user: Any, field_name: str = "org_unit") -> Q:
    """Rows whose org unit lies in a subtree the user supervises."""
    q = Q(pk__in=[])
    for admin_id, paths in access_for(user).supervised_paths.items():
        for path in paths:
            q |= Q(**{f"{field_name}__administration_id": admin_id, f"{field_name}__path__startswith": path})
    return q


def get_scoped_or_404(queryset: QuerySet[M], **lookup: Any) -> M:
    """Fetch one row from an already scoped queryset; missing and foreign answer the same 404."""
    try:
        return queryset.get(**lookup)
    except (
        ObjectDoesNotExist,
        ValueError,
        TypeError,
        OverflowError,
    ) as exc:  # OverflowError: ids beyond 64 bits on SQLite
        raise NotFound() from exc


def require_role(*, user: Any, administration_id: int, roles: Iterable[str]) -> None:
    """Refuse (404, as for a missing object) a write in an administration where the user lacks a role."""
    if not access_for(user).has_role(administration_id, roles):
        raise NotFound()
