"""One error shape for the API and for services.

A refusal answers ``{"code", "detail", "field", "errors": [{"field", "reason"}]}``: ``code`` is a
stable dotted name (``nomination.unit_cap_exceeded``) a client can branch on, ``field`` the first
field at fault (or null). Details and reasons are human text, translated where they are raised
(``gettext``, so in the active language of the request); codes and field names are not translated.
``docs/errors.md`` lists every code (``scripts/error_codes`` writes it; CI checks it is current).
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
    code: str = "invalid"

    @property
    def field(self) -> str | None:
        """The first field at fault, if any."""
        return self.errors[0].field if self.errors else None

    def __str__(self) -> str:
        parts = "; ".join(f"{e.field}: {e.reason}" for e in self.errors)
        return f"{self.detail} ({parts})" if parts else self.detail

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "detail": self.detail,
            "field": self.field,
            "errors": [{"field": e.field, "reason": e.reason} for e in self.errors],
        }


def invalid(field_name: str, reason: str, detail: str | None = None, *, code: str = "invalid") -> DomainError:
    """Build a single-field DomainError (detail "Invalid input" unless given)."""
    return DomainError(
        detail=_("Invalid input") if detail is None else detail,
        errors=[FieldError(field_name, reason)],
        code=code,
    )


class NotFound(Exception):  # noqa: N818 - the domain's word; "NotFoundError" reads worse at raise sites
    """Nothing the caller may see answers this id: missing and foreign alike (never say which).

    Services and selectors raise it instead of ``Http404``; the pages (``NotFoundMiddleware``) and
    the API (``cadre.api.root``) answer it with their usual 404. Deliberately not a ``DomainError``:
    a view that shows a refusal in its form must not show "not found" as a form error.
    """

    status = 404

    def __init__(self, code: str = "not_found", detail: str | None = None, field: str | None = None):
        self.code = code
        self.detail = _("Not found") if detail is None else detail
        self.field = field
        super().__init__(self.detail)

    def as_dict(self) -> dict[str, object]:
        errors = [{"field": self.field, "reason": _("not found")}] if self.field else []
        return {"code": self.code, "detail": self.detail, "field": self.field, "errors": errors}


@contextmanager
def not_found_as(field_name: str) -> Iterator[None]:
    """Report a scoped lookup's 404 as a 404 naming the input field that held the id.

    Missing and foreign ids still answer alike; the caller only learns which field to fix.
    """
    try:
        yield
    except (Http404, NotFound) as exc:
        code = exc.code if isinstance(exc, NotFound) else "not_found"
        raise DomainError(
            detail=_("Not found"), errors=[FieldError(field_name, _("not found"))], status=404, code=code
        ) from exc
