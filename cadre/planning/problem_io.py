"""The solver's input as JSON and back, generic over the dataclass fields (new fields survive).

Encoding follows the values: a dataclass becomes an object of its fields, sets become sorted lists,
tuples lists, dict keys strings. Decoding follows the type hints of the target dataclass, so an
``int`` key comes back an ``int`` and a ``frozenset`` a ``frozenset``; a field added to ``Problem``,
``CourseSpec`` or ``OfficerSpec`` is stored and read back without a change here (a field missing
from an older stored input takes its default). Stored blobs are compressed when large.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types
import typing
import zlib
from typing import Any, TypeVar

from cadre.planning.solver import Problem

T = TypeVar("T")

#: Blobs above this size are zlib-compressed (a 20,000-officer problem is a few MB of JSON).
COMPRESS_ABOVE = 16 * 1024
_PLAIN, _ZLIB = b"J", b"Z"


def to_jsonable(value: Any) -> Any:
    """Plain JSON data for a dataclass (recursively), set, tuple, list, dict or scalar."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, set | frozenset):
        return sorted((to_jsonable(v) for v in value), key=_sort_key)
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"cannot store a {type(value).__name__} in a planning input")


def _sort_key(value: Any) -> tuple[str, str]:
    return (type(value).__name__, json.dumps(value, sort_keys=True))


def from_jsonable(data: Any, tp: Any) -> Any:
    """Rebuild a value of type ``tp`` (a dataclass, a generic container or a scalar) from JSON data."""
    origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        hints = typing.get_type_hints(tp)
        kwargs = {
            f.name: from_jsonable(data[f.name], hints[f.name])
            for f in dataclasses.fields(tp)
            if f.init and f.name in data
        }
        return tp(**kwargs)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        if data is None:
            return None
        return from_jsonable(data, options[0]) if len(options) == 1 else data
    if origin in (list, set, frozenset):
        (item,) = typing.get_args(tp) or (Any,)
        return origin(from_jsonable(v, item) for v in data)
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_jsonable(v, args[0]) for v in data)
        return tuple(from_jsonable(v, a) for v, a in zip(data, args, strict=True))
    if origin is dict:
        key_type, value_type = typing.get_args(tp)
        return {from_jsonable(k, key_type): from_jsonable(v, value_type) for k, v in data.items()}
    if tp in (int, float, str, bool):
        return tp(data)
    return data


def problem_to_json(problem: Problem) -> str:
    return json.dumps(to_jsonable(problem), separators=(",", ":"), sort_keys=True)


def problem_from_json(text: str | bytes) -> Problem:
    result: Problem = from_jsonable(json.loads(text), Problem)
    return result


def problem_dumps(problem: Problem) -> bytes:
    """The stored form: a marker byte, then the JSON (zlib-compressed above ``COMPRESS_ABOVE``)."""
    raw = problem_to_json(problem).encode()
    if len(raw) > COMPRESS_ABOVE:
        return _ZLIB + zlib.compress(raw, 6)
    return _PLAIN + raw


def problem_loads(blob: bytes | memoryview) -> Problem:
    return problem_from_json(problem_json_bytes(blob))


def problem_json_bytes(blob: bytes | memoryview) -> bytes:
    """The JSON text of a stored blob (for downloads and checks)."""
    data = bytes(blob)
    marker, body = data[:1], data[1:]
    if marker == _ZLIB:
        return zlib.decompress(body)
    if marker == _PLAIN:
        return body
    raise ValueError("not a stored planning input")


def problem_digest(problem: Problem) -> str:
    """SHA-256 of the canonical JSON: two runs on the same input have the same digest."""
    return hashlib.sha256(problem_to_json(problem).encode()).hexdigest()
