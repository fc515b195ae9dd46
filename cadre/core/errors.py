"""One error shape for the API and for services: ``{"detail": ..., "errors": [{"field", "reason"}]}``."""

from __future__ import annotations

from dataclasses import dataclass, field


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
