"""The API's limit/offset pagination, with an offset no database can overflow on."""

from __future__ import annotations

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

#: Far beyond any list Cadre holds, and far below the 64-bit limit where SQLite and PostgreSQL
#: would fail on OFFSET (ninja's default leaves the offset unbounded: 2**63 answered 500).
MAX_OFFSET = 1_000_000_000


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
