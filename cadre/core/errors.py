"""One error shape for the API and for services: ``{"detail": ..., "errors": [{"field", "reason"}]}``.

Details and reasons are human text, translated where they are raised (``gettext``, so in the active
language of the request); field names are not translated: they name input fields and API keys.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.http import Http404
from django.utils.translation import gettext as _


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


def invalid(field_name: str, reason: str, detail: str | None = None) -> DomainError:
    """Build a single-field DomainError (detail "Invalid input" unless given)."""
    return DomainError(
        detail=_("Invalid input") if detail is None else detail, errors=[FieldError(field_name, reason)]
    )


@contextmanager
def not_found_as(field_name: str) -> Iterator[None]:
    """Report a scoped lookup's 404 as a 404 naming the input field that held the id.

    Missing and foreign ids still answer alike; the caller only learns which field to fix.
    """
    try:
        yield
    except Http404 as exc:
        raise DomainError(
            detail=_("Not found"), errors=[FieldError(field_name, _("not found"))], status=404
        ) from exc
