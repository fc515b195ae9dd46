"""Test helpers for list pages built on cadre.core.listing: read the page, the CSV, the order."""

from __future__ import annotations

import csv
import io
from typing import Any

from cadre.core.listing import ListPage


def listing_of(client: Any, url: str, **params: Any) -> ListPage:
    """The ``ListPage`` a list view rendered (asserts a 200)."""
    response = client.get(url, params)
    assert response.status_code == 200, (url, params, response.status_code)
    return response.context["listing"]


def csv_of(client: Any, url: str, **params: Any) -> list[list[str]]:
    """The rows of the CSV export (header first) for these filters."""
    response = client.get(url, {**params, "export": "csv"})
    assert response.status_code == 200, (url, params, response.status_code)
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))
