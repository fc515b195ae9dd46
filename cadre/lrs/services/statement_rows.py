"""A statement as it is stored: normalised, stamped, with its indexed columns (no ORM instance)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

import orjson

from cadre.lrs import records
from cadre.lrs.models import LrsClient

CLIENT_HOME_PAGE = "https://cadre.invalid/xapi/clients"


def client_authority(client: LrsClient) -> dict[str, Any]:
    return {
        "objectType": "Agent",
        "name": client.name,
        "account": {"homePage": CLIENT_HOME_PAGE, "name": client.key},
    }


@dataclass(slots=True)
class NewRow:
    """A statement ready to insert: its stored JSON and the indexed columns (no ORM instance)."""

    statement: dict[str, Any]
    statement_id: uuid.UUID
    payload: str
    actor_ifi: str
    verb_iri: str
    activity_iri: str
    ref_statement_id: uuid.UUID | None
    registration: uuid.UUID | None
    timestamp: dt.datetime
    has_attachments: bool
    pk: int | None = None


def new_row(statement: dict[str, Any], *, client: LrsClient | None, stored: str, version: str) -> NewRow:
    """The stored shape of a statement; the caller's dict is left untouched (``records.normalized``)."""
    statement = records.normalized(statement)
    statement_id = statement.get("id") or str(uuid.uuid4())
    statement["id"] = statement_id
    statement["stored"] = stored
    if "timestamp" not in statement:
        statement["timestamp"] = stored
    if client is not None:
        statement["authority"] = client_authority(client)
    statement.setdefault("version", "2.0.0" if version.startswith("2") else "1.0.0")
    obj = statement["object"]
    kind = obj.get("objectType", "Activity")
    context = statement.get("context") or {}
    return NewRow(
        statement=statement,
        statement_id=uuid.UUID(statement_id),
        payload=orjson.dumps(statement).decode(),
        actor_ifi=records.agent_ifi(statement["actor"])[:600],
        verb_iri=statement["verb"]["id"][:600],
        activity_iri=obj["id"][:600] if kind == "Activity" else "",
        ref_statement_id=uuid.UUID(obj["id"]) if kind == "StatementRef" else None,
        registration=uuid.UUID(context["registration"]) if "registration" in context else None,
        timestamp=records.parse_timestamp(statement["timestamp"]),
        has_attachments=bool(statement.get("attachments")),
    )
