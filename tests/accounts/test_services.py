"""API tokens: only a digest is stored; the secret works until revoked, by its owner only."""

import datetime as dt

import pytest
from django.utils import timezone

from cadre.accounts.models import ApiToken
from cadre.accounts.services import (
    TOKEN_PREFIX,
    api_token_authenticate,
    api_token_issue,
    api_token_revoke,
)
from cadre.core.errors import DomainError
from tests.support import factories as f


@pytest.fixture
def alice(db):
    return f.UserFactory(username="alice")


@pytest.fixture
def bob(db):
    return f.UserFactory(username="bob")


def test_issue_stores_only_the_digest(alice):
    # when a token is issued
    issued = api_token_issue(user=alice, name="  HR sync  ")
    # then the secret is returned once and no stored column holds it
    token = ApiToken.objects.get(pk=issued.token.pk)
    assert issued.secret.startswith(TOKEN_PREFIX)
    assert len(issued.secret) > 40
    stored = [str(v) for v in ApiToken.objects.filter(pk=token.pk).values().get().values()]
    assert all(issued.secret not in value for value in stored)
    assert token.digest != issued.secret
    assert len(token.digest) == 64
    assert issued.secret.startswith(token.prefix)
    assert token.name == "HR sync"
    assert token.is_active


def test_each_token_is_distinct(alice):
    first = api_token_issue(user=alice, name="a")
    second = api_token_issue(user=alice, name="a")
    assert first.secret != second.secret
    assert first.token.digest != second.token.digest


def test_a_token_needs_a_name(alice):
    with pytest.raises(DomainError) as exc:
        api_token_issue(user=alice, name="   ")
    assert [e.field for e in exc.value.errors] == ["name"]
    assert not ApiToken.objects.exists()


def test_authenticate_with_the_secret_returns_the_owner_and_notes_the_use(alice):
    issued = api_token_issue(user=alice, name="sync")
    assert api_token_authenticate(secret=issued.secret) == alice
    token = ApiToken.objects.get(pk=issued.token.pk)
    assert token.last_used_at is not None


def test_last_use_is_written_at_most_once_a_minute(alice, django_assert_num_queries):
    issued = api_token_issue(user=alice, name="sync")
    recent = timezone.now() - dt.timedelta(seconds=5)
    ApiToken.objects.filter(pk=issued.token.pk).update(last_used_at=recent)
    with django_assert_num_queries(1):  # the lookup only, no update
        assert api_token_authenticate(secret=issued.secret) == alice
    assert ApiToken.objects.get(pk=issued.token.pk).last_used_at == recent


@pytest.mark.parametrize(
    "secret",
    [
        "",
        "cdr_",
        "cdr_unknown-secret-of-the-right-shape-0123456789abcdef",
        "not-a-cadre-token",
        "Bearer cdr_x",
        "cdr_" + "x" * 500,
        "cdr_\x00\n",
    ],
)
def test_unknown_and_malformed_tokens_fail(alice, secret):
    api_token_issue(user=alice, name="sync")
    assert api_token_authenticate(secret=secret) is None


def test_a_near_miss_fails(alice):
    issued = api_token_issue(user=alice, name="sync")
    assert api_token_authenticate(secret=issued.secret[:-1]) is None
    assert api_token_authenticate(secret=issued.secret + "x") is None
    assert api_token_authenticate(secret=issued.secret.upper()) is None


def test_a_revoked_token_fails(alice):
    issued = api_token_issue(user=alice, name="sync")
    assert api_token_revoke(user=alice, token_id=issued.token.pk) is True
    assert api_token_authenticate(secret=issued.secret) is None
    assert not ApiToken.objects.get(pk=issued.token.pk).is_active
    # revoking twice reports nothing revoked
    assert api_token_revoke(user=alice, token_id=issued.token.pk) is False


def test_an_inactive_users_token_fails(alice):
    issued = api_token_issue(user=alice, name="sync")
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    assert api_token_authenticate(secret=issued.secret) is None


def test_revoking_another_users_token_fails_and_changes_nothing(alice, bob):
    # given Alice's token
    issued = api_token_issue(user=alice, name="sync")
    # when Bob tries to revoke it (or a missing one)
    assert api_token_revoke(user=bob, token_id=issued.token.pk) is False
    assert api_token_revoke(user=bob, token_id=10**9) is False
    # then it still works for Alice
    assert ApiToken.objects.get(pk=issued.token.pk).revoked_at is None
    assert api_token_authenticate(secret=issued.secret) == alice


def test_a_token_digest_depends_on_the_secret_key(alice, settings):
    # the digest is keyed: a stolen database is no use without the server's key
    issued = api_token_issue(user=alice, name="sync")
    settings.SECRET_KEY = "another-key-" + "x" * 50
    assert api_token_authenticate(secret=issued.secret) is None
