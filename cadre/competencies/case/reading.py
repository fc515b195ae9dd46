"""Turn uploaded bytes into a JSON object safely: size first, then UTF-8, then JSON, then depth."""

from __future__ import annotations

import json
from typing import Any, NoReturn

from django.conf import settings
from django.utils.translation import gettext as _

from cadre.competencies.case.plan import reject

#: No CASE object nests deeper than a handful of levels; anything far deeper is hostile or broken.
MAX_DEPTH = 32


def max_bytes() -> int:
    return int(getattr(settings, "CADRE_CASE_MAX_BYTES", 20 * 1024 * 1024))


def _refuse_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not allowed in JSON")


def load_package(*, data: bytes | bytearray | str | dict[str, Any]) -> dict[str, Any]:
    """Return the CFPackage object, or raise a DomainError naming what is wrong with the input."""
    if isinstance(data, dict):
        parsed: Any = data
    elif isinstance(data, bytes | bytearray | str):
        parsed = _parse(data)
    else:
        raise reject(
            "package", _("expected JSON bytes or an object, got %(type)s") % {"type": type(data).__name__}
        )
    _check_depth(parsed)
    if not isinstance(parsed, dict):
        raise reject(
            "package", _("expected a JSON object (a CFPackage), got %(type)s") % {"type": json_type(parsed)}
        )
    # Some providers wrap the package: {"CFPackage": {...}}.
    if set(parsed) == {"CFPackage"} and isinstance(parsed["CFPackage"], dict):
        parsed = parsed["CFPackage"]
    package: dict[str, Any] = parsed
    return package


def _parse(data: bytes | bytearray | str) -> Any:
    limit = max_bytes()
    size = len(data.encode("utf-8")) if isinstance(data, str) else len(data)
    if size > limit:
        raise reject(
            "package",
            _("file is %(size)s bytes; the limit is %(limit)s bytes") % {"size": size, "limit": limit},
        )
    if isinstance(data, str):
        text = data
    else:
        try:
            text = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise reject(
                "package", _("not UTF-8 text (invalid byte at offset %(start)s)") % {"start": exc.start}
            ) from exc
    if not text.strip():
        raise reject("package", _("the file is empty"))
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise reject(
            "package",
            _("not valid JSON: %(msg)s at line %(lineno)s column %(colno)s")
            % {"msg": exc.msg, "lineno": exc.lineno, "colno": exc.colno},
        ) from exc
    except ValueError as exc:
        raise reject("package", _("not valid JSON: %(exc)s") % {"exc": exc}) from exc
    except RecursionError as exc:
        raise reject("package", _("JSON nested deeper than %(max)s levels") % {"max": MAX_DEPTH}) from exc


def _check_depth(value: Any) -> None:
    """Walk the document without recursion and refuse anything nested beyond MAX_DEPTH."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise reject("package", _("JSON nested deeper than %(max)s levels") % {"max": MAX_DEPTH})
        if isinstance(node, dict):
            stack.extend((child, depth + 1) for child in node.values() if isinstance(child, dict | list))
        elif isinstance(node, list):
            stack.extend((child, depth + 1) for child in node if isinstance(child, dict | list))


def json_type(value: Any) -> str:
    """Name a JSON value's type the way a reader of an error expects ("a string", "an array")."""
    if isinstance(value, list):
        return _("an array")
    if isinstance(value, str):
        return _("a string")
    if isinstance(value, bool):
        return _("a boolean")
    if isinstance(value, int | float):
        return _("a number")
    if value is None:
        return "null"
    return type(value).__name__
