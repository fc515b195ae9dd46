"""What storing a statement writes besides its row: agent/activity index rows, merged activity
definitions, attachments and the outbox entries behind progress and competency evidence."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

import orjson
from django.db import connection, transaction

from cadre.lrs import records
from cadre.lrs.models import ActivityDefinition, Attachment, OutboxEntry, StatementActivity, StatementAgent
from cadre.lrs.services.statement_rows import NewRow
from cadre.lrs.tasks import process_outbox

#: Verbs whose statements feed progress and competency evidence (the outbox).
TRACKED_VERBS = frozenset(
    {
        "http://adlnet.gov/expapi/verbs/completed",
        "http://adlnet.gov/expapi/verbs/passed",
        "http://adlnet.gov/expapi/verbs/failed",
        "http://adlnet.gov/expapi/verbs/scored",
        "https://w3id.org/xapi/adl/verbs/satisfied",
    }
)


@dataclass(slots=True)
class IndexRows:
    agents: list[tuple[dict[str, bool], NewRow]]
    activities: list[tuple[dict[str, bool], NewRow]]
    definitions: list[tuple[list[tuple[str, dict[str, Any]]], NewRow]]


def index_rows(rows: list[NewRow]) -> IndexRows:
    """The related agents/activities and merged activity definitions of a batch (outside the lock)."""
    out = IndexRows(agents=[], activities=[], definitions=[])
    for row in rows:
        agents, activities = records.related(row.statement)
        out.agents.append((agents, row))
        out.activities.append((activities, row))
        out.definitions.append((list(records.activities_with_definitions(row.statement)), row))
    return out


def index_write(rows: list[NewRow], index: IndexRows, *, administration_id: int, stored: dt.datetime) -> None:
    """Write the related-agent and related-activity rows of the inserted statements (plain
    executemany: the ORM's per-row cost dominated ingest), each with the statement's ``stored``."""
    inserted = {id(row) for row in rows}
    stored_db = connection.ops.adapt_datetimefield_value(stored)
    agent_rows = [
        (row.pk, administration_id, ifi[:600], direct, stored_db)
        for found, row in index.agents
        if id(row) in inserted
        for ifi, direct in found.items()
    ]
    activity_rows = [
        (row.pk, administration_id, iri[:600], direct, stored_db)
        for found, row in index.activities
        if id(row) in inserted
        for iri, direct in found.items()
    ]
    with connection.cursor() as cursor:
        for model, column, values in (
            (StatementAgent, "ifi", agent_rows),
            (StatementActivity, "iri", activity_rows),
        ):
            if values:
                cursor.executemany(
                    f"INSERT INTO {model._meta.db_table} "  # noqa: S608 - fixed names
                    f"(statement_id, administration_id, {column}, direct, stored) VALUES (%s, %s, %s, %s, %s)",
                    values,
                )
    definitions: dict[str, dict[str, Any]] = {}
    for found_definitions, row in index.definitions:
        if id(row) in inserted:
            for iri, definition in found_definitions:
                key = iri[:600]
                definitions[key] = _merge_definition(definitions.get(key, {}), definition)
    if definitions:
        _merge_definitions(definitions, administration_id=administration_id)


def _merge_definitions(definitions: dict[str, dict[str, Any]], *, administration_id: int) -> None:
    """Create unknown activity definitions and merge changed ones; unchanged ones cost no write
    (and are read raw and decoded with orjson, no model instances)."""
    known: dict[str, tuple[int, dict[str, Any]]] = {}
    iris = list(definitions)
    table = ActivityDefinition._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(iris), 500):
            chunk = iris[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT id, iri, definition FROM {table} "  # noqa: S608 - fixed names
                f"WHERE administration_id = %s AND iri IN ({marks})",
                [administration_id, *chunk],
            )
            for pk, iri, value in cursor.fetchall():
                known[iri] = (pk, value if isinstance(value, dict) else orjson.loads(value))
    changed: list[ActivityDefinition] = []
    for iri, definition in definitions.items():
        if iri not in known:
            continue
        pk, current = known[iri]
        merged = _merge_definition(current, definition)
        if merged != current:
            changed.append(
                ActivityDefinition(pk=pk, administration_id=administration_id, iri=iri, definition=merged)
            )
    fresh = [
        ActivityDefinition(administration_id=administration_id, iri=iri, definition=d)
        for iri, d in definitions.items()
        if iri not in known
    ]
    if fresh:
        ActivityDefinition.objects.bulk_create(fresh, ignore_conflicts=True)
    if changed:
        ActivityDefinition.objects.bulk_update(changed, ["definition"])


def _merge_definition(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    merged = dict(old)
    for key, value in new.items():
        if key in {"name", "description"} and isinstance(value, dict):
            merged[key] = {**merged.get(key, {}), **value}
        else:
            merged[key] = value
    return merged


def attachments_store(attachments: dict[str, tuple[str, bytes]], *, administration_id: int) -> None:
    if attachments:
        Attachment.objects.bulk_create(
            [
                Attachment(
                    administration_id=administration_id, sha2=sha2, content_type=ctype, content=content
                )
                for sha2, (ctype, content) in attachments.items()
            ],
            ignore_conflicts=True,
        )


def outbox_queue(rows: list[NewRow], *, administration_id: int) -> None:
    tracked = [row for row in rows if row.verb_iri in TRACKED_VERBS and row.activity_iri]
    if not tracked:
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {OutboxEntry._meta.db_table} (statement_id, administration_id, status, reason) "  # noqa: S608
            "VALUES (%s, %s, %s, %s)",
            [(row.pk, administration_id, OutboxEntry.Status.PENDING.value, "") for row in tracked],
        )
    transaction.on_commit(_enqueue_outbox)


_last_enqueue = [0.0]


def _enqueue_outbox() -> None:
    """Wake the outbox worker, at most every two seconds per process (each run drains the backlog)."""
    now = time.monotonic()
    if now - _last_enqueue[0] < 2:
        return
    _last_enqueue[0] = now
    try:
        process_outbox.enqueue()
    except Exception:
        return
