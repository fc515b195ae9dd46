"""Typed reads of CASE fields that report, rather than raise, what is wrong."""

from __future__ import annotations

import copy
import uuid
from typing import Any

from django.utils.translation import gettext as _

from cadre.competencies.case.plan import Problems
from cadre.competencies.case.reading import json_type
from cadre.competencies.case.vocab import EXT


def opt_str(
    obj: dict[str, Any], key: str, path: str, problems: Problems, *, max_len: int | None = None
) -> str | None:
    """The string at ``obj[key]``, ``None`` when absent; a wrong type or length is a problem."""
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        problems.add(f"{path}.{key}", _("expected a string, got %(type)s") % {"type": json_type(value)})
        return None
    if max_len is not None and len(value) > max_len:
        problems.add(f"{path}.{key}", _("longer than %(max)s characters") % {"max": max_len})
        return None
    return value


def opt_list(obj: dict[str, Any], key: str, path: str, problems: Problems) -> list[Any]:
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(
            f"{path}{key}" if not path else f"{path}.{key}",
            _("expected a list, got %(type)s") % {"type": json_type(value)},
        )
        return []
    return value


def to_uuid(raw: str) -> tuple[uuid.UUID, bool]:
    """Read a CASE identifier; a non-UUID one (older providers use URLs) maps to a stable UUIDv5."""
    text = raw.strip()
    try:
        return uuid.UUID(text), True
    except ValueError:
        return uuid.uuid5(uuid.NAMESPACE_URL, text), False


def as_uuid(value: Any) -> uuid.UUID | None:
    if not isinstance(value, str):
        return None
    try:
        return uuid.UUID(value.strip())
    except ValueError:
        return None


def split_extensions(
    obj: dict[str, Any], path: str, problems: Problems
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return (the object's other extensions, a copy of Cadre's own extension object)."""
    ext = obj.get("extensions")
    if ext is None:
        return {}, {}
    if not isinstance(ext, dict):
        problems.add(f"{path}.extensions", _("expected an object, got %(type)s") % {"type": json_type(ext)})
        return {}, {}
    others = copy.deepcopy(ext)
    cadre = others.pop(EXT, {})
    if not isinstance(cadre, dict):
        problems.add(
            f"{path}.extensions.{EXT}", _("expected an object, got %(type)s") % {"type": json_type(cadre)}
        )
        return others, {}
    return others, cadre


def join_extensions(others: dict[str, Any], cadre: dict[str, Any]) -> dict[str, Any]:
    """Rebuild an ``extensions`` object, dropping Cadre's when it holds nothing."""
    merged = dict(others)
    if cadre:
        merged[EXT] = cadre
    return merged
