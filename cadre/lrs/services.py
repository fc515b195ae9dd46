"""LRS writes: statements (immutable, voiding), documents with ETags, client credentials."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson
from django.db import connection, transaction
from django.utils import timezone

from cadre.core.audit import audit_record, snapshot
from cadre.core.errors import DomainError, FieldError, invalid
from cadre.lrs import records
from cadre.lrs.auth import new_credentials, secret_digest
from cadre.lrs.http import XapiError
from cadre.lrs.locking import write_lock
from cadre.lrs.models import (
    ActivityDefinition,
    Attachment,
    Document,
    LrsClient,
    OutboxEntry,
    Scope,
    Statement,
    StatementActivity,
    StatementAgent,
)
from cadre.lrs.signatures import check_signature
from cadre.lrs.validation import SIGNATURE_USAGE, VOIDED, validate_statement
from cadre.tenancy.access import MANAGERS, require_role
from cadre.tenancy.models import Administration

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
CLIENT_HOME_PAGE = "https://cadre.invalid/xapi/clients"


def client_authority(client: LrsClient) -> dict[str, Any]:
    return {
        "objectType": "Agent",
        "name": client.name,
        "account": {"homePage": CLIENT_HOME_PAGE, "name": client.key},
    }


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
                    "Invalid statement", [FieldError(f"{prefix}id", "is repeated in the batch")]
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


@dataclass(slots=True)
class _NewRow:
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


def _row(statement: dict[str, Any], *, client: LrsClient | None, stored: str, version: str) -> _NewRow:
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
    return _NewRow(
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


@dataclass
class StoreResult:
    ids: list[str]
    created: int


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
    rows = [_row(s, client=client, stored=stored_text, version=version) for s in statements]
    ids = [str(row.statement_id) for row in rows]
    index_rows = _index_rows(rows)
    with write_lock(), transaction.atomic():
        new_rows = _insert_statements(rows, administration_id=administration_id, client=client, stored=stored)
        if len(new_rows) < len(rows):
            _check_resent(rows, statements, administration_id=administration_id)
        if accept is not None:
            accept([original for row, original in zip(rows, statements, strict=True) if row.pk is not None])
        _void_targets(new_rows, administration_id=administration_id)
        _index(new_rows, index_rows, administration_id=administration_id, stored=stored)
        _store_attachments(attachments, administration_id=administration_id)
        _queue_outbox(new_rows, administration_id=administration_id)
    return StoreResult(ids=ids, created=len(new_rows))


#: Rows per multi-row INSERT (13 parameters a statement row: below SQLite's 999-parameter floor).
_INSERT_CHUNK = 70
_STATEMENT_COLUMNS = (
    "administration_id, client_id, statement_id, payload, actor_ifi, verb_iri, activity_iri, "
    "ref_statement_id, registration, timestamp, stored, voided, has_attachments"
)


def _insert_statements(
    rows: list[_NewRow], *, administration_id: int, client: LrsClient | None, stored: dt.datetime
) -> list[_NewRow]:
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


def _check_resent(rows: list[_NewRow], originals: list[Any], *, administration_id: int) -> None:
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


def _void_targets(rows: list[_NewRow], *, administration_id: int) -> None:
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


@dataclass(slots=True)
class _IndexRows:
    agents: list[tuple[dict[str, bool], _NewRow]]
    activities: list[tuple[dict[str, bool], _NewRow]]
    definitions: list[tuple[list[tuple[str, dict[str, Any]]], _NewRow]]


def _index_rows(rows: list[_NewRow]) -> _IndexRows:
    """The related agents/activities and merged activity definitions of a batch (outside the lock)."""
    out = _IndexRows(agents=[], activities=[], definitions=[])
    for row in rows:
        agents, activities = records.related(row.statement)
        out.agents.append((agents, row))
        out.activities.append((activities, row))
        out.definitions.append((list(records.activities_with_definitions(row.statement)), row))
    return out


def _index(rows: list[_NewRow], index: _IndexRows, *, administration_id: int, stored: dt.datetime) -> None:
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


def _store_attachments(attachments: dict[str, tuple[str, bytes]], *, administration_id: int) -> None:
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


def _queue_outbox(rows: list[_NewRow], *, administration_id: int) -> None:
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
    from cadre.lrs.tasks import process_outbox

    try:
        process_outbox.enqueue()
    except Exception:
        return


# -- documents -------------------------------------------------------------------------------
@dataclass(frozen=True)
class DocumentKey:
    kind: str
    activity_iri: str = ""
    agent_ifi: str = ""
    registration: str = ""
    doc_id: str = ""


def document_etag(content: bytes) -> str:
    return hashlib.sha1(content, usedforsecurity=False).hexdigest()


def _check_preconditions(doc: Document | None, headers: dict[str, str], *, require: bool) -> None:
    if_match = headers.get("if-match")
    if_none_match = headers.get("if-none-match")
    if if_match is not None:
        tags = {t.strip().strip('"') for t in if_match.split(",")}
        if doc is None or ("*" not in tags and doc.etag not in tags):
            raise XapiError(
                412, "If-Match does not match the current document", "If-Match", "precondition failed"
            )
    if if_none_match is not None:
        tags = {t.strip().strip('"') for t in if_none_match.split(",")}
        if doc is not None and ("*" in tags or doc.etag in tags):
            raise XapiError(412, "The document already exists", "If-None-Match", "precondition failed")
    if require and doc is not None and if_match is None and if_none_match is None:
        raise XapiError(
            409,
            "The document exists: send If-Match with its ETag (or If-None-Match: *)",
            "If-Match",
            "a concurrency header is required",
        )


def _locked(administration_id: int, key: DocumentKey) -> Document | None:
    return (
        Document.objects.select_for_update()
        .filter(
            administration_id=administration_id,
            kind=key.kind,
            activity_iri=key.activity_iri,
            agent_ifi=key.agent_ifi,
            registration=key.registration,
            doc_id=key.doc_id,
        )
        .first()
    )


@transaction.atomic
def document_put(
    *,
    administration_id: int,
    key: DocumentKey,
    content: bytes,
    content_type: str,
    headers: dict[str, str],
    merge: bool,
    require_precondition: bool,
) -> Document:
    """Create, replace or (``merge``) JSON-merge a document under the If-Match/If-None-Match rules."""
    doc = _locked(administration_id, key)
    _check_preconditions(doc, headers, require=require_precondition and not merge)
    media = content_type.split(";")[0].strip().lower()
    if merge and doc is not None:
        if media != "application/json" or not doc.content_type.lower().startswith("application/json"):
            raise XapiError(
                400, "Only JSON documents can be merged", "Content-Type", "must be application/json"
            )
        try:
            old, new = orjson.loads(bytes(doc.content)), orjson.loads(content)
        except orjson.JSONDecodeError as exc:
            raise XapiError(400, "Malformed JSON document", "body", "is not valid JSON") from exc
        if not isinstance(old, dict) or not isinstance(new, dict):
            raise XapiError(400, "Only JSON objects can be merged", "body", "must be a JSON object")
        try:
            content = orjson.dumps({**old, **new})
        except orjson.JSONEncodeError as exc:  # nested past the encoder's limit (254 levels)
            raise XapiError(400, "JSON document nested too deeply", "body", "is nested too deeply") from exc
    elif merge and media == "application/json":
        try:
            parsed = orjson.loads(content)
        except orjson.JSONDecodeError as exc:
            raise XapiError(400, "Malformed JSON document", "body", "is not valid JSON") from exc
        if not isinstance(parsed, dict):
            raise XapiError(400, "POSTed JSON documents must be objects", "body", "must be a JSON object")
    now = timezone.now()
    if doc is None:
        doc = Document(
            administration_id=administration_id,
            kind=key.kind,
            activity_iri=key.activity_iri,
            agent_ifi=key.agent_ifi,
            registration=key.registration,
            doc_id=key.doc_id,
        )
    doc.content = content
    doc.content_type = content_type or "application/octet-stream"
    doc.etag = document_etag(content)
    doc.updated_at = now
    doc.save()
    return doc


@transaction.atomic
def documents_delete(
    *, administration_id: int, key: DocumentKey, headers: dict[str, str], all_ids: bool
) -> int:
    """Delete one document (checking If-Match) or, with ``all_ids``, every state of the agent/activity."""
    base = Document.objects.filter(
        administration_id=administration_id,
        kind=key.kind,
        activity_iri=key.activity_iri,
        agent_ifi=key.agent_ifi,
    )
    if all_ids:
        if key.registration:
            base = base.filter(registration=key.registration)
        return base.delete()[0]
    doc = _locked(administration_id, key)
    _check_preconditions(doc, headers, require=False)
    if doc is None:
        return 0
    doc.delete()
    return 1


# -- clients -------------------------------------------------------------------------------
@dataclass(frozen=True)
class IssuedClient:
    client: LrsClient
    secret: str


def lrs_client_create(
    *,
    actor: Any,
    administration: Administration,
    name: str,
    scopes: list[str],
    rate_limit_per_minute: int = 60000,
) -> IssuedClient:
    """Issue a key and a secret (shown once) for a tool of the administration."""
    require_role(user=actor, administration_id=administration.pk, roles=MANAGERS)
    errors: list[FieldError] = []
    name = (name or "").strip()
    if not name:
        errors.append(FieldError("name", "is required"))
    elif len(name) > 120:
        errors.append(FieldError("name", "must be at most 120 characters"))
    unknown = [s for s in scopes if s not in Scope.values]
    if unknown:
        errors.append(FieldError("scopes", f"unknown scope: {', '.join(unknown)}"))
    if not scopes:
        errors.append(FieldError("scopes", "choose at least one scope"))
    if not 1 <= rate_limit_per_minute <= 1_000_000:
        errors.append(FieldError("rate_limit_per_minute", "must be between 1 and 1000000"))
    if errors:
        raise DomainError("Client not created", errors)
    key, secret = new_credentials()
    client = LrsClient.objects.create(
        administration=administration,
        name=name,
        key=key,
        secret_digest=secret_digest(secret),
        scopes=sorted(set(scopes)),
        rate_limit_per_minute=rate_limit_per_minute,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    after = snapshot(client)
    after.pop("secret_digest", None)
    audit_record(actor=actor, action="create", instance=client, after=after)
    return IssuedClient(client=client, secret=secret)


def lrs_client_revoke(*, actor: Any, client: LrsClient) -> LrsClient:
    require_role(user=actor, administration_id=client.administration_id, roles=MANAGERS)
    if client.revoked_at is not None:
        raise invalid("client", "is already revoked")
    client.revoked_at = timezone.now()
    client.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor, action="update", instance=client, after={"revoked_at": client.revoked_at.isoformat()}
    )
    return client


def lrs_client_install(
    *, administration: Administration, name: str, key: str, secret: str, scopes: list[str]
) -> LrsClient:
    """Create or reset a client with given credentials (operators, demo and conformance runs)."""
    if len(secret) < 16:
        raise invalid("secret", "must be at least 16 characters")
    unknown = [s for s in scopes if s not in Scope.values]
    if unknown:
        raise invalid("scopes", f"unknown scope: {', '.join(unknown)}")
    client, _ = LrsClient.objects.update_or_create(
        key=key,
        defaults={
            "administration": administration,
            "name": name,
            "secret_digest": secret_digest(secret),
            "scopes": sorted(set(scopes)),
            "revoked_at": None,
        },
    )
    return client
