"""A ninja test client for one app's router, as mounted on the real API (with its error handlers)."""

from __future__ import annotations

from typing import Any

from ninja.testing import TestClient

from cadre.api.root import api


class MountedClient:
    """``TestClient(router)`` builds a bare API without Cadre's handlers (NotFound would escape)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.client = TestClient(api)

    def __getattr__(self, method: str) -> Any:
        call = getattr(self.client, method)

        def request(path: str, *args: Any, **kwargs: Any) -> Any:
            return call(self.prefix + path, *args, **kwargs)

        return request


def mounted_client(prefix: str) -> MountedClient:
    return MountedClient(prefix)
