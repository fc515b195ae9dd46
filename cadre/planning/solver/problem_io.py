"""The solver's input as JSON and back, generic over the dataclass fields (new fields survive).

Encoding follows the values: a dataclass becomes an object of its fields, sets become sorted lists,
tuples lists, dict keys strings. Decoding follows the type hints of the target dataclass, so an
``int`` key comes back an ``int`` and a ``frozenset`` a ``frozenset``; a field added to ``Problem``,
``CourseSpec`` or ``OfficerSpec`` is stored and read back without a change here (a field missing
from an older stored input takes its default). Stored blobs are compressed when large.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import types
import typing
import zlib
from collections.abc import Callable
from typing import Any

from cadre.planning.solver.instance import Problem

#: Blobs above this size are zlib-compressed (a 20,000-officer problem is a few MB of JSON).
COMPRESS_ABOVE = 16 * 1024
_PLAIN, _ZLIB = b"J", b"Z"


def to_jsonable(value: Any) -> Any:
    """Plain JSON data for a dataclass (recursively), set, tuple, list, dict or scalar."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    names = _field_names(type(value))
    if names is not None:
        return {name: to_jsonable(getattr(value, name)) for name in names}
    if isinstance(value, set | frozenset):
        return sorted((to_jsonable(v) for v in value), key=_sort_key)
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    raise TypeError(f"cannot store a {type(value).__name__} in a planning input")


_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _field_names(cls: type) -> tuple[str, ...] | None:
    """The field names of a dataclass (None for any other type), looked up once per class."""
    if cls not in _FIELDS:
        _FIELDS[cls] = (
            tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else None
        )
    return _FIELDS[cls]


def _sort_key(value: Any) -> tuple[str, str]:
    return (type(value).__name__, json.dumps(value, sort_keys=True))


def from_jsonable(data: Any, tp: Any) -> Any:
    """Rebuild a value of type ``tp`` (a dataclass, a generic container or a scalar) from JSON data."""
    return _decoder(tp)(data)


@functools.cache
def _decoder(tp: Any) -> Callable[[Any], Any]:
    """A function decoding JSON data into ``tp``, built once per type (type hints are slow to read)."""
    origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        hints = typing.get_type_hints(tp)
        fields = [(f.name, _decoder(hints[f.name])) for f in dataclasses.fields(tp) if f.init]
        cls = tp

        def dataclass_(data: Any) -> Any:
            return cls(**{name: decode(data[name]) for name, decode in fields if name in data})

        return dataclass_
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        inner = _decoder(options[0]) if len(options) == 1 else _plain
        return lambda data: None if data is None else inner(data)
    if origin in (list, set, frozenset):
        (item,) = typing.get_args(tp) or (Any,)
        decode_item, make = _decoder(item), origin
        return lambda data: make(decode_item(v) for v in data)
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            decode_one = _decoder(args[0])
            return lambda data: tuple(decode_one(v) for v in data)
        decoders = [_decoder(a) for a in args]
        return lambda data: tuple(d(v) for d, v in zip(decoders, data, strict=True))
    if origin is dict:
        key_type, value_type = typing.get_args(tp)
        decode_key, decode_value = _decoder(key_type), _decoder(value_type)
        return lambda data: {decode_key(k): decode_value(v) for k, v in data.items()}
    if tp in (int, float, str, bool):
        return typing.cast(Callable[[Any], Any], tp)
    return _plain


def _plain(data: Any) -> Any:
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


def blob_digest(blob: bytes | memoryview) -> str:
    """The digest of a stored blob's input, without decoding it (equal to ``problem_digest``)."""
    return hashlib.sha256(problem_json_bytes(blob)).hexdigest()
