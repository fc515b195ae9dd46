"""xAPI documents (state, activity and agent profiles): ETags and the If-Match/If-None-Match rules."""

from __future__ import annotations

import hashlib

import orjson
from django.db import transaction
from django.utils import timezone

from cadre.lrs.errors import XapiError
from cadre.lrs.models import Document
from cadre.lrs.types import DocumentKey


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
