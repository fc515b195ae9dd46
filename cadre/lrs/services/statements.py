"""Statement storage: validate a batch, insert it all-or-nothing under the write lock, void, index."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import orjson
from django.db import connection, transaction
from django.utils import timezone

from cadre.core.errors import DomainError, FieldError
from cadre.lrs import records
from cadre.lrs.errors import XapiError
from cadre.lrs.locking import write_lock
from cadre.lrs.models import LrsClient, Statement
from cadre.lrs.services import statement_index
from cadre.lrs.services.statement_rows import NewRow, new_row
from cadre.lrs.signatures import check_signature
from cadre.lrs.types import StoreResult
from cadre.lrs.validation.statements import validate_statement
from cadre.lrs.validation.syntax import SIGNATURE_USAGE, VOIDED


def _comparable(statement: dict[str, Any]) -> dict[str, Any]:
    clone = {k: v for k, v in statement.items() if k not in {"stored", "authority", "version", "timestamp"}}
    return clone


def _prepare(
    statements: list[Any], *, version_major: int, attachments: dict[str, tuple[str, bytes]], multipart: bool
) -> None:
    batch = len(statements) > 1
    seen: set[str] = set()
    referenced: set[str] = set()
    for i, statement in enumerate(statements):
        path = f"[{i}]" if batch else ""
        prefix = f"{path}." if path else ""
        validate_statement(statement, version_major=version_major, path=path)
        sid = statement.get("id")
        if sid is not None:
            if sid.lower() in seen:
                raise DomainError(
                    "Invalid statement",
                    [FieldError(f"{prefix}id", "is repeated in the batch")],
                    code="statement.id_repeated",
                )
            seen.add(sid.lower())
        for j, attachment in enumerate(statement.get("attachments") or []):
            apath = f"{prefix}attachments[{j}]"
            sha2 = attachment["sha2"].lower()
            referenced.add(sha2)
            if "fileUrl" in attachment:
                continue
            if sha2 not in attachments:
                raise XapiError(
                    400, "Attachment content is missing", apath, "no multipart part carries this sha2"
                )
            if attachment["usageType"] == SIGNATURE_USAGE:
                if attachment["contentType"] != "application/octet-stream":
                    raise XapiError(
                        400,
                        "Signatures are application/octet-stream",
                        f"{apath}.contentType",
                        "must be application/octet-stream",
                    )
                check_signature(statement, attachments[sha2][1], apath)
    if multipart and set(attachments) - referenced:
        raise XapiError(
            400, "An attachment part matches no statement attachment", "body", "unreferenced part"
        )


def statements_store(
    *,
    client: LrsClient,
    statements: list[Any],
    version: str,
    attachments: dict[str, tuple[str, bytes]] | None = None,
    multipart: bool = False,
    accept: Callable[[list[Any]], None] | None = None,
) -> StoreResult:
    """Validate and store a batch all-or-nothing; identical re-sends are accepted, different ones 409.

    Everything per statement (validation, normalisation, serialisation, index columns) happens
    before the write lock; inside it the batch costs one multi-row INSERT per table and, only when
    the batch re-sends stored ids or voids something, one more query for each. A re-sent id is
    found by the statement INSERT itself (``ON CONFLICT DO NOTHING``: it is not returned), then
    compared with what is stored: identical is accepted, different is a 409 and the transaction
    (the whole batch) rolls back.

    ``accept`` gets the statements of the batch not stored yet (an identical re-send is not new),
    inside the write lock and the transaction, after their rows are inserted and before anything
    else is written: a launching profile's rules check them against state they lock and update
    there, so a check and its update cannot interleave with another request's; raising
    ``XapiError`` rolls the whole batch back. It must not take the write lock or store statements
    itself (the lock is not reentrant).
    """
    attachments = attachments or {}
    major = 2 if version.startswith("2") else 1
    _prepare(statements, version_major=major, attachments=attachments, multipart=multipart)
    administration_id = client.administration_id
    stored = timezone.now()
    stored_text = records.format_timestamp(stored)
    rows = [new_row(s, client=client, stored=stored_text, version=version) for s in statements]
    ids = [str(row.statement_id) for row in rows]
    index_rows = statement_index.index_rows(rows)
    with write_lock(), transaction.atomic():
        new_rows = _insert_statements(rows, administration_id=administration_id, client=client, stored=stored)
        if len(new_rows) < len(rows):
            _check_resent(rows, statements, administration_id=administration_id)
        if accept is not None:
            accept([original for row, original in zip(rows, statements, strict=True) if row.pk is not None])
        _void_targets(new_rows, administration_id=administration_id)
        statement_index.index_write(new_rows, index_rows, administration_id=administration_id, stored=stored)
        statement_index.attachments_store(attachments, administration_id=administration_id)
        statement_index.outbox_queue(new_rows, administration_id=administration_id)
    return StoreResult(ids=ids, created=len(new_rows))


#: Rows per multi-row INSERT (13 parameters a statement row: below SQLite's 999-parameter floor).
_INSERT_CHUNK = 70
_STATEMENT_COLUMNS = (
    "administration_id, client_id, statement_id, payload, actor_ifi, verb_iri, activity_iri, "
    "ref_statement_id, registration, timestamp, stored, voided, has_attachments"
)


def _insert_statements(
    rows: list[NewRow], *, administration_id: int, client: LrsClient | None, stored: dt.datetime
) -> list[NewRow]:
    """One multi-row INSERT … ON CONFLICT DO NOTHING RETURNING per chunk (SQLite ≥ 3.35 and
    PostgreSQL alike); primary keys are matched back by statement id. Returns the rows inserted:
    an id already stored in the administration is skipped and keeps ``pk = None``."""
    if not rows:
        return []
    native_uuid = connection.features.has_native_uuid_field

    def db_uuid(value: uuid.UUID | None) -> Any:
        if value is None or native_uuid:
            return value
        return value.hex

    adapt_datetime = connection.ops.adapt_datetimefield_value
    stored_db = adapt_datetime(stored)
    client_id = client.pk if client is not None else None
    by_id = {row.statement_id: row for row in rows}
    table = Statement._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _INSERT_CHUNK):
            chunk = rows[start : start + _INSERT_CHUNK]
            params: list[Any] = []
            for row in chunk:
                params.extend(
                    (
                        administration_id,
                        client_id,
                        db_uuid(row.statement_id),
                        row.payload,
                        row.actor_ifi,
                        row.verb_iri,
                        row.activity_iri,
                        db_uuid(row.ref_statement_id),
                        db_uuid(row.registration),
                        adapt_datetime(row.timestamp),
                        stored_db,
                        False,
                        row.has_attachments,
                    )
                )
            values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} ({_STATEMENT_COLUMNS}) VALUES {values} "  # noqa: S608 - fixed names
                "ON CONFLICT (administration_id, statement_id) DO NOTHING RETURNING id, statement_id",
                params,
            )
            for pk, statement_id in cursor.fetchall():
                key = statement_id if isinstance(statement_id, uuid.UUID) else uuid.UUID(str(statement_id))
                by_id[key].pk = pk
    return [row for row in rows if row.pk is not None]


def _check_resent(rows: list[NewRow], originals: list[Any], *, administration_id: int) -> None:
    """The batch's ids that were already stored must carry the statement stored under them (409 otherwise)."""
    resent = {
        row.statement_id: original for row, original in zip(rows, originals, strict=True) if row.pk is None
    }
    stored = Statement.objects.filter(
        administration_id=administration_id, statement_id__in=list(resent)
    ).values_list("statement_id", "payload")
    found = set()
    for statement_id, payload in stored:
        found.add(statement_id)
        stored_view = _comparable(records.normalize(orjson.loads(payload)))
        sent_view = _comparable(records.normalize(orjson.loads(orjson.dumps(resent[statement_id]))))
        sent_view["id"] = str(statement_id)
        stored_view["id"] = str(stored_view.get("id"))
        if stored_view != sent_view:
            raise XapiError(
                409,
                "A different statement with this id exists",
                "id",
                "conflicts with a stored statement",
            )
    if found != set(resent):  # pragma: no cover - a conflicting row that is not there (cannot commit)
        raise XapiError(409, "A statement with this id was stored concurrently", "id", "conflict")


def _void_targets(rows: list[NewRow], *, administration_id: int) -> None:
    """Void the statements the new voiding statements name: ones stored before this batch (the
    batch's own new statements are not voided by it), never a voiding statement."""
    inserted = {row.statement_id for row in rows}
    targets = [
        row.ref_statement_id
        for row in rows
        if row.verb_iri == VOIDED and row.ref_statement_id and row.ref_statement_id not in inserted
    ]
    if targets:
        Statement.objects.filter(administration_id=administration_id, statement_id__in=targets).exclude(
            verb_iri=VOIDED
        ).update(voided=True)
