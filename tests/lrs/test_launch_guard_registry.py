"""The launch-guard registry: the LMS app installs its profile's rules once; the LRS consults them."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from cadre.lrs.services import launch


class _Recorder:
    def __init__(self) -> None:
        self.accepted: list[Any] = []

    def statements_accept(self, *, credential: Any, statements: list[Any]) -> None:
        self.accepted.append((credential, statements))

    def statements_stored(self, *, credential: Any, statements: list[Any]) -> None:
        return None

    def document_check(self, *, credential: Any, method: str, key: Any, body: bytes, media_type: str) -> None:
        return None


@pytest.fixture
def guards(monkeypatch):
    registered: list[Any] = []
    monkeypatch.setattr(launch, "_guards", registered)
    return registered


def test_a_guard_type_is_registered_once(guards):
    # When the same profile registers its rules twice (ready() may run more than once)
    launch.launch_guard_register(_Recorder())
    launch.launch_guard_register(_Recorder())
    # Then they are installed once
    assert len(guards) == 1


def test_the_registered_guard_sees_a_launch_credentials_statements(guards):
    # Given a registered guard
    recorder = _Recorder()
    launch.launch_guard_register(recorder)
    credential = object()
    # When a launch credential's batch reaches the store's accept step
    accept = launch.launch_statements_accept(SimpleNamespace(extra={"launch": credential}))
    assert accept is not None
    accept([{"id": "s1"}])
    # Then the guard is asked, with the credential and the statements
    assert recorder.accepted == [(credential, [{"id": "s1"}])]


def test_requests_without_a_launch_credential_skip_the_guards(guards):
    launch.launch_guard_register(_Recorder())
    assert launch.launch_statements_accept(SimpleNamespace(extra={})) is None
