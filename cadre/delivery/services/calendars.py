"""Issue and revoke the secret of a personal iCalendar feed (stored hashed)."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction

from cadre.delivery.models import (
    CalendarToken,
)


def calendar_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_token_issue(*, user: Any) -> str:
    """Issue (or replace, revoking the old one) the caller's calendar secret; return it once."""
    token = "cal_" + secrets.token_urlsafe(32)
    CalendarToken.objects.filter(user_id=user.pk).delete()
    CalendarToken.objects.create(user_id=user.pk, token_hash=calendar_token_hash(token))
    return token


@transaction.atomic
def calendar_token_revoke(*, user: Any) -> None:
    CalendarToken.objects.filter(user_id=user.pk).delete()
