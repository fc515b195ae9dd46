"""Fixtures for the API tests: a caller by session, by bearer token, or anonymous."""

from typing import Any

import pytest
from django.test import Client

from cadre.accounts.services import api_token_issue
from tests.api.support import ApiClient


@pytest.fixture
def as_user():
    """``as_user(user)``: a client logged in through the session (the test client skips CSRF)."""

    def make(user: Any) -> ApiClient:
        client = Client()
        client.force_login(user)
        return ApiClient(client)

    return make


@pytest.fixture
def with_token():
    """``with_token(user)``: a client authenticated only by a freshly issued bearer token."""

    def make(user: Any) -> ApiClient:
        issued = api_token_issue(user=user, name="tests")
        return ApiClient(Client(enforce_csrf_checks=True), {"Authorization": f"Bearer {issued.secret}"})

    return make


@pytest.fixture
def anonymous() -> ApiClient:
    return ApiClient(Client(enforce_csrf_checks=True))


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The world fixture hashes nine passwords; a fast hasher keeps these tests quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
