"""The statements resource: PUT, POST, GET (single, query, more), with attachments and formats."""

from __future__ import annotations

import uuid
from typing import Any

import orjson
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

from cadre.lrs import records
from cadre.lrs.errors import XapiError
from cadre.lrs.http import XapiRequest, json_response, parse_json, require_scope
from cadre.lrs.models import Scope
from cadre.lrs.multipart import attachment_parts, build_multipart, parse_multipart
from cadre.lrs.selectors import (
    StatementQuery,
    attachments_for,
    more_state,
    statement_get,
    statements_query,
)
from cadre.lrs.services.launch import (
    launch_statements_accept,
    launch_statements_check,
    launch_statements_stored,
)
from cadre.lrs.services.statements import statements_store
from cadre.lrs.views.params import agent_param, bool_param, iri_param, only, time_param, uuid_param

QUERY_PARAMS = {
    "agent",
    "verb",
    "activity",
    "registration",
    "related_activities",
    "related_agents",
    "since",
    "until",
    "limit",
    "format",
    "attachments",
    "ascending",
}
SINGLE_PARAMS = {"statementId", "voidedStatementId", "format", "attachments"}
FORMATS = {"ids", "exact", "canonical"}


def page_size() -> int:
    return int(getattr(settings, "CADRE_LRS_PAGE_SIZE", 100))


def statements(xreq: XapiRequest) -> HttpResponse:
    if xreq.method == "GET":
        return _get(xreq)
    if xreq.method in {"PUT", "POST"}:
        require_scope(xreq, Scope.STATEMENTS_WRITE)
        return _put(xreq) if xreq.method == "PUT" else _post(xreq)
    raise XapiError(405, "Method not allowed on statements", "method")


def _body(xreq: XapiRequest) -> tuple[Any, dict[str, tuple[str, bytes]], bool]:
    media = xreq.media_type
    if media == "multipart/mixed":
        parts = parse_multipart(xreq.body, xreq.content_type)
        first = parts[0]
        if not first.headers.get("content-type", "").lower().startswith("application/json"):
            raise XapiError(
                400, "The first part must be the statements JSON", "part[0]", "must be application/json"
            )
        return parse_json(first.body, "statements"), attachment_parts(parts[1:]), True
    if media != "application/json":
        raise XapiError(
            400,
            "Statements are sent as application/json or multipart/mixed",
            "Content-Type",
            "unsupported media type",
        )
    return parse_json(xreq.body, "statements"), {}, False


def _put(xreq: XapiRequest) -> HttpResponse:
    only(xreq, {"statementId"})
    statement_id = uuid_param(xreq, "statementId")
    if statement_id is None:
        raise XapiError(400, "PUT needs a statementId", "statementId", "is required")
    body, attachments, multipart = _body(xreq)
    if not isinstance(body, dict):
        raise XapiError(400, "PUT takes one statement", "statement", "must be a JSON object")
    if "id" in body and str(body["id"]).lower() != str(statement_id):
        raise XapiError(400, "The statement id differs from statementId", "id", "must equal statementId")
    body.setdefault("id", str(statement_id))
    launch_statements_check(xreq, [body])
    statements_store(
        client=xreq.caller,
        statements=[body],
        version=xreq.version,
        attachments=attachments,
        multipart=multipart,
        accept=launch_statements_accept(xreq),
    )
    launch_statements_stored(xreq, [body])
    return HttpResponse(status=204)


def _post(xreq: XapiRequest) -> HttpResponse:
    only(xreq, set())
    body, attachments, multipart = _body(xreq)
    batch = body if isinstance(body, list) else [body]
    if not batch:
        raise XapiError(400, "No statements", "statements", "must not be empty")
    launch_statements_check(xreq, batch)
    result = statements_store(
        client=xreq.caller,
        statements=batch,
        version=xreq.version,
        attachments=attachments,
        multipart=multipart,
        accept=launch_statements_accept(xreq),
    )
    launch_statements_stored(xreq, batch)
    return json_response(result.ids)


def _consistent_through() -> str:
    return records.format_timestamp(timezone.now())


def _format(payload: str, fmt: str, languages: list[str]) -> Any:
    statement = orjson.loads(payload)
    if fmt == "ids":
        return records.to_ids(statement)
    return records.to_canonical(statement, languages)


def _render(
    xreq: XapiRequest, payloads: list[str], *, single: bool, more: str, with_attachments: bool, fmt: str
) -> HttpResponse:
    languages = records.accept_languages(xreq.headers.get("accept-language", ""))
    if fmt == "exact":
        items = [p.encode() for p in payloads]
    else:
        items = [orjson.dumps(_format(p, fmt, languages)) for p in payloads]
    if single:
        body = items[0]
    else:
        body = b'{"statements":[' + b",".join(items) + b'],"more":' + orjson.dumps(more) + b"}"
    if not with_attachments:
        response = HttpResponse(body, content_type="application/json")
    else:
        wanted: set[str] = set()
        for payload in payloads:
            for attachment in orjson.loads(payload).get("attachments") or []:
                wanted.add(attachment["sha2"].lower())
        found = attachments_for(administration_id=xreq.caller.administration_id, sha2s=wanted)
        content, content_type = build_multipart(
            body, [(a.sha2, a.content_type, bytes(a.content)) for a in found]
        )
        response = HttpResponse(content, content_type=content_type)
    response["X-Experience-API-Consistent-Through"] = _consistent_through()
    return response


def _client_filter(xreq: XapiRequest) -> int | None:
    require_scope(xreq, Scope.STATEMENTS_READ, Scope.STATEMENTS_READ_MINE)
    if Scope.STATEMENTS_READ in xreq.caller.scopes:
        return None
    return xreq.caller.pk


def _get(xreq: XapiRequest) -> HttpResponse:
    client_id = _client_filter(xreq)
    administration_id = xreq.caller.administration_id
    if "more" in xreq.params:
        return _more(xreq, client_id)
    fmt = xreq.params.get("format", "exact")
    if fmt not in FORMATS:
        raise XapiError(400, "Invalid query parameter", "format", "must be ids, exact or canonical")
    with_attachments = bool_param(xreq, "attachments")
    if "statementId" in xreq.params or "voidedStatementId" in xreq.params:
        only(xreq, SINGLE_PARAMS)
        if "statementId" in xreq.params and "voidedStatementId" in xreq.params:
            raise XapiError(400, "Use statementId or voidedStatementId, not both", "voidedStatementId")
        voided = "voidedStatementId" in xreq.params
        statement_id = uuid_param(xreq, "voidedStatementId" if voided else "statementId")
        if statement_id is None:
            raise XapiError(400, "Missing query parameter", "statementId", "is required")
        row = statement_get(
            administration_id=administration_id,
            statement_id=statement_id,
            voided=voided,
            client_id=client_id,
        )
        if row is None:
            raise XapiError(
                404, "No such statement", "voidedStatementId" if voided else "statementId", "not found"
            )
        response = _render(
            xreq, [row.payload], single=True, more="", with_attachments=with_attachments, fmt=fmt
        )
        response["Last-Modified"] = row.stored.strftime("%a, %d %b %Y %H:%M:%S GMT")
        return response
    only(xreq, QUERY_PARAMS)
    query = _query_from_params(xreq, administration_id=administration_id, client_id=client_id)
    return _page(xreq, query, fmt=fmt, with_attachments=with_attachments)


def _query_from_params(xreq: XapiRequest, *, administration_id: int, client_id: int | None) -> StatementQuery:
    agent_ifi, _ = agent_param(xreq, needed=False)
    registration = uuid_param(xreq, "registration")
    limit_raw = xreq.params.get("limit", "0")
    if not limit_raw.isdigit():
        raise XapiError(400, "Invalid query parameter", "limit", "must be a non-negative integer")
    limit = int(limit_raw)
    limit = page_size() if limit == 0 else min(limit, page_size())
    query = StatementQuery(
        administration_id=administration_id,
        client_id=client_id,
        agent_ifi=agent_ifi,
        verb=iri_param(xreq, "verb", needed=False),
        activity=iri_param(xreq, "activity", needed=False),
        registration=registration,
        related_activities=bool_param(xreq, "related_activities"),
        related_agents=bool_param(xreq, "related_agents"),
        since=time_param(xreq, "since"),
        until=time_param(xreq, "until"),
        limit=limit,
        ascending=bool_param(xreq, "ascending"),
    )
    query.extra = {
        "p": {k: v for k, v in xreq.params.items() if k in QUERY_PARAMS},
        "c": client_id,
    }
    return query


def _page(xreq: XapiRequest, query: StatementQuery, *, fmt: str, with_attachments: bool) -> HttpResponse:
    page = statements_query(query=query)
    more = f"/xapi/statements?more={page.more_token}" if page.more_token else ""
    return _render(
        xreq,
        [r.payload for r in page.rows],
        single=False,
        more=more,
        with_attachments=with_attachments,
        fmt=fmt,
    )


def _more(xreq: XapiRequest, client_id: int | None) -> HttpResponse:
    only(xreq, {"more"})
    state = more_state(xreq.params["more"])
    if state is None or state.get("c") != client_id:
        raise XapiError(400, "Unknown or expired more token", "more", "is not valid")
    xreq.params = dict(state["p"])
    fmt = xreq.params.get("format", "exact")
    with_attachments = bool_param(xreq, "attachments")
    query = _query_from_params(
        xreq,
        administration_id=xreq.caller.administration_id,
        client_id=client_id,
    )
    query.bound_id = int(state["bound"])
    query.after = (str(state["after"][0]), int(state["after"][1]))
    return _page(xreq, query, fmt=fmt, with_attachments=with_attachments)


__all__ = ["statements", "uuid"]
