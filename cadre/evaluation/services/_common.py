"""Helpers shared by the evaluation services."""

from __future__ import annotations

import hashlib
from typing import Any

from django.http import Http404

from cadre.delivery.models import Session
from cadre.delivery.selectors import sessions_taught_or_managed_by
from cadre.tenancy.access import MANAGERS, access_for


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def require_manager(*, actor: Any, administration_id: int) -> None:
    if not access_for(actor).has_role(administration_id, MANAGERS):
        raise Http404("Not found")


def require_roster_keeper(*, actor: Any, session: Session) -> None:
    """Managers of the session's administration and its instructors keep its scores."""
    if not sessions_taught_or_managed_by(user=actor).filter(pk=session.pk).exists():
        raise Http404("Not found")
