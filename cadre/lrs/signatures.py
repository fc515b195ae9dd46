"""Signed statements (JWS compact serialisation): structure, algorithm and payload checks.

The RSA signature itself is not verified: Cadre ships no X.509 stack, and the specification
leaves trust decisions to the consumer. Structure, algorithm and payload equality are enforced.
"""

from __future__ import annotations

import base64
import binascii
import copy
from typing import Any

import orjson

from cadre.lrs.http import XapiError
from cadre.lrs.records import normalize, truncate_duration

ALGORITHMS = frozenset({"RS256", "RS384", "RS512"})
IGNORED_KEYS = ("id", "stored", "authority", "attachments", "version", "timestamp")


def _b64(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def _comparable(statement: dict[str, Any], keep_id: bool) -> dict[str, Any]:
    clone = normalize(copy.deepcopy(statement))
    for part in (clone, clone.get("object") or {}):
        result = part.get("result") if isinstance(part, dict) else None
        if isinstance(result, dict) and isinstance(result.get("duration"), str):
            result["duration"] = truncate_duration(result["duration"])
    for key in IGNORED_KEYS:
        if key == "id" and keep_id:
            continue
        if key == "timestamp" and "timestamp" in statement:
            continue
        clone.pop(key, None)
    return clone


def check_signature(statement: dict[str, Any], content: bytes, field_name: str) -> None:
    """Reject a signature attachment that is not a JWS of this statement with an RS algorithm."""
    try:
        header_b64, payload_b64, signature_b64 = content.decode("ascii").strip().split(".")
        header = orjson.loads(_b64(header_b64))
        payload = orjson.loads(_b64(payload_b64))
        _b64(signature_b64)
    except (ValueError, UnicodeDecodeError, binascii.Error, orjson.JSONDecodeError) as exc:
        raise XapiError(400, "The signature is not a JWS", field_name, "is not a JWS") from exc
    if not isinstance(header, dict) or header.get("alg") not in ALGORITHMS:
        raise XapiError(
            400, "The signature must use RS256, RS384 or RS512", field_name, "algorithm not allowed"
        )
    if not isinstance(payload, dict):
        raise XapiError(400, "The JWS payload must be a statement", field_name, "payload is not a statement")
    keep_id = "id" in payload
    payload_view = _comparable(payload, keep_id)
    if not keep_id:
        payload_view.pop("timestamp", None) if "timestamp" not in payload else None
    statement_view = _comparable(statement, keep_id)
    if "timestamp" not in payload:
        statement_view.pop("timestamp", None)
    if payload_view != statement_view:
        raise XapiError(400, "The JWS payload does not match the statement", field_name, "payload mismatch")
