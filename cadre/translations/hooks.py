"""The registry of records whose texts can be translated: each owning app registers its kinds.

Translations sits below the apps that own translatable records (catalogue, competencies, strategy,
evaluation), so it cannot import them; each registers its ``TranslatableKind`` in
``AppConfig.ready()`` and the edit page finds it here by key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from cadre.tenancy.access import Actor


@dataclass(frozen=True)
class TranslatableKind:
    """One kind of record (a course, a competency) whose fields may be translated."""

    key: str
    label: StrOrPromise
    #: field key -> (label, how to read the original from the record)
    fields: dict[str, tuple[StrOrPromise, Callable[[Any], str]]]
    #: the records the actor may translate (managers of the owner); others answer 404
    editable: Callable[[Actor], QuerySet[Any]]
    #: the record's owner: (administration id, region id), exactly one set
    owner: Callable[[Any], tuple[int | None, int | None]]
    #: the page showing the record
    url: Callable[[Any], str]


_KINDS: dict[str, TranslatableKind] = {}


def translatable_kind_register(kind: TranslatableKind) -> None:
    """Make ``kind`` translatable (called from the owning app's ``ready()``; registering twice replaces)."""
    _KINDS[kind.key] = kind


def translatable_kind(key: str) -> TranslatableKind | None:
    """The registered kind with this key, or None."""
    return _KINDS.get(key)


def translatable_kinds() -> list[TranslatableKind]:
    """Every registered kind, in registration order."""
    return list(_KINDS.values())


def text_of(name: str) -> Callable[[Any], str]:
    """Read a record's original text from attribute ``name`` ("" when empty)."""
    return lambda record: getattr(record, name) or ""
