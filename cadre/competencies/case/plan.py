"""What a validated CASE package turns into before anything touches the database."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cadre.core.errors import DomainError, FieldError

#: Marked for extraction only; translated where raised (``_(REJECTED)``), in the request's language.
REJECTED = gettext_noop("CASE package rejected")


class Problems:
    """Collects every problem found, so one rejection lists them all (capped to stay readable)."""

    def __init__(self, *, limit: int = 200) -> None:
        self.errors: list[FieldError] = []
        self.limit = limit
        self.dropped = 0

    def add(self, field_name: str, reason: str) -> None:
        if len(self.errors) < self.limit:
            self.errors.append(FieldError(field_name, reason))
        else:
            self.dropped += 1

    def __bool__(self) -> bool:
        return bool(self.errors)

    def error(self) -> DomainError:
        errors = list(self.errors)
        if self.dropped:
            errors.append(
                FieldError(
                    "package", _("%(dropped)s further problems not listed") % {"dropped": self.dropped}
                )
            )
        return DomainError(detail=_(REJECTED), errors=errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise self.error()


def reject(field_name: str, reason: str) -> DomainError:
    return DomainError(detail=_(REJECTED), errors=[FieldError(field_name, reason)])


@dataclass
class ItemPlan:
    path: str
    identifier: uuid.UUID
    code: str
    title: str
    description: str
    kind: str
    type: str
    case_extra: dict[str, Any]
    parent: uuid.UUID | None = None
    sequence: int = 0


@dataclass
class MappingPlan:
    """A CompetencyMapping to create once the target is found (in the package or the database)."""

    path: str
    source: uuid.UUID
    target: uuid.UUID
    target_internal: bool
    target_framework: uuid.UUID | None
    relation: str
    association: dict[str, Any]


@dataclass
class ScalePlan:
    identifier: uuid.UUID | None
    name: str
    levels: list[tuple[int, str, str]]


@dataclass
class PackagePlan:
    case_version: str = "1.0"
    doc_identifier: uuid.UUID | None = None
    title: str = ""
    description: str = ""
    version: str = "1.0"
    status: str = "draft"
    publisher: str = ""
    language: str = "en"
    code: str | None = None
    extends: uuid.UUID | None = None
    case_extra: dict[str, Any] = field(default_factory=dict)
    items: list[ItemPlan] = field(default_factory=list)
    mappings: list[MappingPlan] = field(default_factory=list)
    kept_associations: list[dict[str, Any]] = field(default_factory=list)
    scale: ScalePlan | None = None
    warnings: list[str] = field(default_factory=list)
