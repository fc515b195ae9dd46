"""Helpers shared by the evaluation services."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from cadre.core.errors import NotFound
from cadre.delivery.selectors import sessions_taught_or_managed_by
from cadre.tenancy.access import MANAGERS, Actor, access_for, actor_for

if TYPE_CHECKING:
    from cadre.delivery.models import Session


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def require_manager(*, actor: Actor, administration_id: int) -> None:
    if not access_for(actor).has_role(administration_id, MANAGERS):
        raise NotFound(code="administration.not_found")


def require_roster_keeper(*, actor: Actor, session: Session) -> None:
    """Managers of the session's administration and its instructors keep its scores."""
    # actor_for: evaluation services not converted yet still hand a user; delivery's selectors read
    # ``user.pk``, so they get the user until they take an Actor.
    if not sessions_taught_or_managed_by(user=actor_for(actor).user).filter(pk=session.pk).exists():
        raise NotFound(code="session.not_found")
