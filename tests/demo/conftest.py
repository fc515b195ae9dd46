"""Fixtures of the demo tests: a fast password hasher and one small demo shared by a module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import override_settings

from cadre.demo.data import DemoSize, DemoSummary, demo_load

#: Small enough to keep the suite fast, big enough for every unit to have staff.
SMALL_DEMO = DemoSize.for_big(300)
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_hasher(settings) -> None:
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker) -> Iterator[DemoSummary]:
    """Load the small demo once for a module's read-only tests, and roll it back afterwards.

    Each test still runs in its own savepoint (the ``db`` fixture), so a test that writes
    leaves the shared load as it found it.
    """
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield demo_load(size=SMALL_DEMO)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def small_demo(demo_world, db) -> DemoSummary:
    return demo_world
