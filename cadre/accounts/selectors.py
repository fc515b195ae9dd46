"""Read a user's own account: their API tokens and the roles they hold."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from cadre.accounts.models import ApiToken
from cadre.tenancy.models import Membership


@dataclass(frozen=True)
class AccountOverview:
    tokens: list[ApiToken]
    memberships: list[Membership]


def account_overview(*, user: Any) -> AccountOverview:
    """The settings page's content: only ever the caller's own rows."""
    return AccountOverview(
        tokens=list(ApiToken.objects.filter(user_id=user.pk).order_by("-created_at", "-id")),
        memberships=list(
            Membership.objects.filter(user_id=user.pk)
            .select_related("administration", "region", "org_unit")
            .order_by("administration__name", "region__name", "role")
        ),
    )


def api_tokens_for_user(*, user: Any) -> QuerySet[ApiToken]:
    """The caller's own tokens, newest first (revoked ones included, so the history stays visible)."""
    return ApiToken.objects.filter(user_id=user.pk).order_by("-created_at", "-id")
