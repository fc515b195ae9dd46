"""Helpers for the API tests: a JSON client against /api/v1/ and the error-shape check."""

import re
from typing import Any

from django.test import Client

API = "/api/v1"


class ApiClient:
    """A Django test client speaking JSON to the API as one caller (session, token or nobody)."""

    def __init__(self, client: Client, headers: dict[str, str] | None = None) -> None:
        self.client = client
        self.headers = headers or {}

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get(API + path, params or {}, headers=self.headers)

    def post(self, path: str, data: Any = None) -> Any:
        return self.client.post(
            API + path, {} if data is None else data, content_type="application/json", headers=self.headers
        )

    def put(self, path: str, data: Any) -> Any:
        return self.client.put(API + path, data, content_type="application/json", headers=self.headers)

    def patch(self, path: str, data: Any) -> Any:
        return self.client.patch(API + path, data, content_type="application/json", headers=self.headers)

    def delete(self, path: str) -> Any:
        return self.client.delete(API + path, headers=self.headers)


def assert_error(response: Any, status: int, *fields: str) -> dict[str, Any]:
    """The response has the one error shape, the status, and (if given) errors naming these fields."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "detail", "field", "errors"}
    assert isinstance(body["code"], str)
    assert re.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_]+)*", body["code"]), body["code"]
    assert body["field"] is None or body["field"] == body["errors"][0]["field"]
    assert isinstance(body["detail"], str)
    assert body["detail"]
    assert all(set(e) == {"field", "reason"} for e in body["errors"])
    named = {e["field"] for e in body["errors"]}
    for name in fields:
        assert name in named, body
    return body


def ids(response: Any) -> set[int]:
    """The ids of a paginated list response's items."""
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}
