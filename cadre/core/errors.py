"""One error shape for the API and for services: ``{"detail": ..., "errors": [{"field", "reason"}]}``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.http import Http404


@dataclass(frozen=True)
class FieldError:
    field: str
    reason: str


@dataclass
class DomainError(Exception):
    """A request the domain refuses; carries every problem found, each naming its field."""

    detail: str
    errors: list[FieldError] = field(default_factory=list)
    status: int = 400

    def __str__(self) -> str:
        parts = "; ".join(f"{e.field}: {e.reason}" for e in self.errors)
        return f"{self.detail} ({parts})" if parts else self.detail

    def as_dict(self) -> dict[str, object]:
        return {
            "detail": self.detail,
            "errors": [{"field": e.field, "reason": e.reason} for e in self.errors],
        }


def invalid(field_name: str, reason: str, detail: str = "Invalid input") -> DomainError:
    """Build a single-field DomainError."""
    return DomainError(detail=detail, errors=[FieldError(field_name, reason)])


@contextmanager
def not_found_as(field_name: str) -> Iterator[None]:
    """Report a scoped lookup's 404 as a 404 naming the input field that held the id.

    Missing and foreign ids still answer alike; the caller only learns which field to fix.
    """
    try:
        yield
    except Http404 as exc:
        raise DomainError(
            detail="Not found", errors=[FieldError(field_name, "not found")], status=404
        ) from exc
