"""Render API responses with orjson: the JSON path is hot, and orjson is several times faster."""

from __future__ import annotations

from typing import Any

import orjson
from django.http import HttpRequest
from ninja.renderers import BaseRenderer
from ninja.responses import NinjaJSONEncoder

_fallback = NinjaJSONEncoder()


class ORJSONRenderer(BaseRenderer):
    media_type = "application/json"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> bytes:
        # orjson covers dicts, lists, datetimes, dates, UUIDs and str subclasses itself; the Django-aware
        # encoder handles the rest (Decimal, lazy translations, pydantic models).
        return orjson.dumps(
            data, default=_fallback.default, option=orjson.OPT_UTC_Z | orjson.OPT_NON_STR_KEYS
        )
