"""What waits for someone: a count and the oldest few, in two queries whatever the count."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)

#: Items a work queue shows before its "see all" link.
QUEUE_PREVIEW = 5


@dataclass(frozen=True)
class Waiting(Generic[M]):
    """``count`` rows wait; ``oldest`` are the first few in the queryset's (oldest-first) order."""

    count: int
    oldest: list[M] = field(default_factory=list)


def waiting(queryset: QuerySet[M], *, limit: int = QUEUE_PREVIEW) -> Waiting[M]:
    """Count the rows and read the first ``limit`` (the queryset orders them oldest first)."""
    oldest = list(queryset[:limit])
    if len(oldest) < limit:  # all of them are here: no count query needed
        return Waiting(len(oldest), oldest)
    return Waiting(queryset.order_by().count(), oldest)
