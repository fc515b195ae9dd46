"""LRS test helpers: clients of both administrations and an xAPI-speaking test client."""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass
from typing import Any

import orjson
import pytest
from django.test import Client

from cadre.lrs.auth import rate_limiter
from cadre.lrs.models import LrsClient, Scope
from cadre.lrs.services.clients import lrs_client_create
from cadre.tenancy.access import actor_for

ALL_SCOPES = list(Scope.values)


@dataclass
class Xapi:
    """A Django test client that sends xAPI requests with one LRS credential."""

    client: LrsClient
    secret: str
    version: str = "2.0.0"

    def headers(self, **extra: str) -> dict[str, str]:
        token = base64.b64encode(f"{self.client.key}:{self.secret}".encode()).decode()
        headers = {"HTTP_AUTHORIZATION": f"Basic {token}", "HTTP_X_EXPERIENCE_API_VERSION": self.version}
        headers.update(extra)
        return headers

    def post(self, path: str, data: Any, content_type: str = "application/json", **extra: str) -> Any:
        body = data if isinstance(data, bytes) else orjson.dumps(data)
        return Client().post(path, body, content_type=content_type, **self.headers(**extra))

    def put(self, path: str, data: Any, content_type: str = "application/json", **extra: str) -> Any:
        body = data if isinstance(data, bytes) else orjson.dumps(data)
        return Client().put(path, body, content_type=content_type, **self.headers(**extra))

    def get(self, path: str, params: dict[str, str] | None = None, **extra: str) -> Any:
        return Client().get(path, params or {}, **self.headers(**extra))

    def delete(self, path: str, **extra: str) -> Any:
        return Client().delete(path, **self.headers(**extra))


def statement(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "actor": {"objectType": "Agent", "name": "Aiko", "mbox": "mailto:aiko@example.org"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en-US": "completed"}},
        "object": {"id": "https://cadre.example.org/activities/hs-basics", "objectType": "Activity"},
    }
    base.update(overrides)
    return base


def make_xapi(world: Any, side: str = "a", scopes: list[str] | None = None, rate: int = 60000) -> Xapi:
    owner = getattr(world, side)
    issued = lrs_client_create(
        actor=actor_for(owner.tm),
        administration=owner.administration,
        name=f"Tool {side}",
        scopes=scopes or ALL_SCOPES,
        rate_limit_per_minute=rate,
    )
    return Xapi(client=issued.client, secret=issued.secret)


@pytest.fixture(autouse=True)
def _fresh_rate_windows():
    rate_limiter.reset()
    yield
    rate_limiter.reset()


@pytest.fixture
def xapi_a(world):
    return make_xapi(world, "a")


@pytest.fixture
def xapi_b(world):
    return make_xapi(world, "b")


def multipart(
    statement_body: Any, content: bytes, sha2: str, content_type: str = "text/plain"
) -> tuple[bytes, str]:
    """A statement (or batch) and one attachment part as multipart/mixed: the body and its Content-Type."""
    boundary = "cadre-boundary"
    body = (
        f"--{boundary}\r\nContent-Type: application/json\r\n\r\n".encode()
        + orjson.dumps(statement_body)
        + f"\r\n--{boundary}\r\nContent-Type: {content_type}\r\nContent-Transfer-Encoding: binary\r\n"
        f"X-Experience-API-Hash: {sha2}\r\n\r\n".encode()
        + content
        + f"\r\n--{boundary}--".encode()
    )
    return body, f"multipart/mixed; boundary={boundary}"
