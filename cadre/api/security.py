"""How API callers authenticate: a bearer token, or the browser session."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from cadre.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    """``Authorization: Bearer cdr_...``; tokens are issued and revoked under /tokens."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(secret=token)
        if user is not None:
            request.user = user  # the token's owner, for the endpoint
        return user


class BrowserSessionAuth(SessionAuth):
    """The Django session, with CSRF checked for unsafe methods.

    Ninja's stock session auth checks CSRF before it knows whether anyone is logged in, so an
    anonymous POST would answer 403; checking only for a logged-in session keeps anonymous
    callers at 401 while a forged request riding a real session is still refused.
    """

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)
