"""Parsing of xAPI query parameters shared by the resources; each failure names the parameter."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import orjson

from cadre.core.errors import DomainError
from cadre.lrs import records
from cadre.lrs.errors import XapiError
from cadre.lrs.http import XapiRequest
from cadre.lrs.validation.statements import StatementValidator
from cadre.lrs.validation.syntax import is_iri, is_uuid, valid_timestamp


def only(xreq: XapiRequest, allowed: set[str]) -> None:
    for name in xreq.params:
        if name not in allowed:
            raise XapiError(400, "Unexpected query parameter", name, "is not allowed here")


def required(xreq: XapiRequest, name: str) -> str:
    value = xreq.params.get(name)
    if value is None or value == "":
        raise XapiError(400, "Missing query parameter", name, "is required")
    return value


def iri_param(xreq: XapiRequest, name: str, *, needed: bool = True) -> str:
    value = required(xreq, name) if needed else xreq.params.get(name, "")
    if value and not is_iri(value):
        raise XapiError(400, "Invalid query parameter", name, "must be an IRI")
    return value


def uuid_param(xreq: XapiRequest, name: str) -> uuid.UUID | None:
    value = xreq.params.get(name)
    if value is None:
        return None
    if not is_uuid(value):
        raise XapiError(400, "Invalid query parameter", name, "must be a UUID")
    return uuid.UUID(value)


def time_param(xreq: XapiRequest, name: str) -> dt.datetime | None:
    value = xreq.params.get(name)
    if value is None:
        return None
    if not valid_timestamp(value, v2=True):
        raise XapiError(400, "Invalid query parameter", name, "must be an ISO 8601 timestamp")
    return records.parse_timestamp(value)


def bool_param(xreq: XapiRequest, name: str) -> bool:
    value = xreq.params.get(name, "false").lower()
    if value not in {"true", "false"}:
        raise XapiError(400, "Invalid query parameter", name, 'must be "true" or "false"')
    return value == "true"


def agent_param(xreq: XapiRequest, name: str = "agent", *, needed: bool = True) -> tuple[str, dict[str, Any]]:
    raw = required(xreq, name) if needed else xreq.params.get(name)
    if raw is None:
        return "", {}
    try:
        agent = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise XapiError(400, "Invalid query parameter", name, "must be a JSON Agent") from exc
    try:
        StatementValidator(version_major=2).agent(agent, name)
    except DomainError as exc:
        raise XapiError(400, "Invalid query parameter", name, str(exc)) from exc
    ifi = records.agent_ifi(agent)
    if not ifi:
        raise XapiError(400, "Invalid query parameter", name, "must identify an Agent")
    return ifi, agent
