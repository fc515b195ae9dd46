"""State, activity profile and agent profile resources; activities, agents and about."""

from __future__ import annotations

from django.http import HttpResponse

from cadre.lrs.errors import XapiError
from cadre.lrs.http import ABOUT_VERSIONS, XapiRequest, json_response, require_scope
from cadre.lrs.models import Document, Scope
from cadre.lrs.selectors import activity_definition, document_get, document_ids
from cadre.lrs.services.documents import document_put, documents_delete
from cadre.lrs.services.launch import launch_document_check
from cadre.lrs.types import DocumentKey
from cadre.lrs.views.params import agent_param, iri_param, only, required, time_param, uuid_param


def _http_date(doc: Document) -> str:
    return doc.updated_at.strftime("%a, %d %b %Y %H:%M:%S GMT")


def _document_response(doc: Document) -> HttpResponse:
    response = HttpResponse(bytes(doc.content), content_type=doc.content_type)
    response["ETag"] = f'"{doc.etag}"'
    response["Last-Modified"] = _http_date(doc)
    return response


def _document_resource(
    xreq: XapiRequest,
    *,
    key: DocumentKey,
    id_param: str,
    require_precondition: bool,
    all_on_delete: bool,
    registration_filter: str | None,
) -> HttpResponse:
    administration_id = xreq.caller.administration_id
    has_id = id_param in xreq.params
    if xreq.method == "GET":
        if has_id:
            doc = document_get(
                administration_id=administration_id,
                kind=key.kind,
                activity_iri=key.activity_iri,
                agent_ifi=key.agent_ifi,
                registration=key.registration,
                doc_id=key.doc_id,
            )
            if doc is None:
                raise XapiError(404, "No such document", id_param, "not found")
            return _document_response(doc)
        ids = document_ids(
            administration_id=administration_id,
            kind=key.kind,
            activity_iri=key.activity_iri,
            agent_ifi=key.agent_ifi,
            registration=registration_filter,
            since=time_param(xreq, "since"),
        )
        return json_response(ids)
    if xreq.method in {"PUT", "POST"}:
        if not has_id:
            raise XapiError(400, "Missing query parameter", id_param, "is required")
        if (
            xreq.method == "PUT"
            and require_precondition
            and xreq.major == 1
            and "if-match" not in xreq.headers
            and "if-none-match" not in xreq.headers
            and key.kind != Document.Kind.STATE
        ):
            exists = document_get(
                administration_id=administration_id,
                kind=key.kind,
                activity_iri=key.activity_iri,
                agent_ifi=key.agent_ifi,
                registration=key.registration,
                doc_id=key.doc_id,
            )
            # xAPI 1.0.3 asks for a concurrency header on every profile PUT: 409 if the document exists, else 400.
            raise XapiError(
                409 if exists else 400,
                "Send If-Match or If-None-Match with a profile PUT",
                "If-Match",
                "a concurrency header is required",
            )
        document_put(
            administration_id=administration_id,
            key=key,
            content=xreq.body,
            content_type=xreq.content_type or "application/octet-stream",
            headers=xreq.headers,
            merge=xreq.method == "POST",
            require_precondition=require_precondition,
        )
        return HttpResponse(status=204)
    if xreq.method == "DELETE":
        if not has_id and not all_on_delete:
            raise XapiError(400, "Missing query parameter", id_param, "is required")
        documents_delete(
            administration_id=administration_id, key=key, headers=xreq.headers, all_ids=not has_id
        )
        return HttpResponse(status=204)
    raise XapiError(405, "Method not allowed", "method")


def state(xreq: XapiRequest) -> HttpResponse:
    require_scope(xreq, Scope.STATE)
    only(xreq, {"activityId", "agent", "stateId", "registration", "since"})
    activity = iri_param(xreq, "activityId")
    agent_ifi, _ = agent_param(xreq)
    registration = uuid_param(xreq, "registration")
    if "since" in xreq.params and "stateId" in xreq.params:
        raise XapiError(
            400, "since applies only to the list of state ids", "since", "not allowed with stateId"
        )
    reg = str(registration) if registration else ""
    key = DocumentKey(
        kind=Document.Kind.STATE,
        activity_iri=activity,
        agent_ifi=agent_ifi,
        registration=reg,
        doc_id=xreq.params.get("stateId", ""),
    )
    launch_document_check(xreq, key)
    return _document_resource(
        xreq,
        key=key,
        id_param="stateId",
        require_precondition=xreq.major >= 2,
        all_on_delete=True,
        registration_filter=reg,
    )


def activity_profile(xreq: XapiRequest) -> HttpResponse:
    require_scope(xreq, Scope.DEFINE, Scope.STATE)
    only(xreq, {"activityId", "profileId", "since"})
    activity = iri_param(xreq, "activityId")
    key = DocumentKey(
        kind=Document.Kind.ACTIVITY_PROFILE, activity_iri=activity, doc_id=xreq.params.get("profileId", "")
    )
    return _document_resource(
        xreq,
        key=key,
        id_param="profileId",
        require_precondition=True,
        all_on_delete=False,
        registration_filter=None,
    )


def agent_profile(xreq: XapiRequest) -> HttpResponse:
    require_scope(xreq, Scope.DEFINE, Scope.STATE)
    only(xreq, {"agent", "profileId", "since"})
    agent_ifi, _ = agent_param(xreq)
    key = DocumentKey(
        kind=Document.Kind.AGENT_PROFILE, agent_ifi=agent_ifi, doc_id=xreq.params.get("profileId", "")
    )
    launch_document_check(xreq, key)
    return _document_resource(
        xreq,
        key=key,
        id_param="profileId",
        require_precondition=True,
        all_on_delete=False,
        registration_filter=None,
    )


def activities(xreq: XapiRequest) -> HttpResponse:
    if xreq.method != "GET":
        raise XapiError(405, "Method not allowed", "method")
    only(xreq, {"activityId"})
    iri = iri_param(xreq, "activityId")
    definition = activity_definition(administration_id=xreq.caller.administration_id, iri=iri)
    body: dict[str, object] = {"objectType": "Activity", "id": iri}
    if definition:
        body["definition"] = definition
    return json_response(body)


def agents(xreq: XapiRequest) -> HttpResponse:
    if xreq.method != "GET":
        raise XapiError(405, "Method not allowed", "method")
    only(xreq, {"agent"})
    _, agent = agent_param(xreq)
    person: dict[str, object] = {"objectType": "Person"}
    if "name" in agent:
        person["name"] = [agent["name"]]
    for key in ("mbox", "mbox_sha1sum", "openid", "account"):
        if key in agent:
            person[key] = [agent[key]]
    return json_response(person)


def about(xreq: XapiRequest) -> HttpResponse:
    if xreq.method != "GET":
        raise XapiError(405, "Method not allowed", "method")
    return json_response({"version": ABOUT_VERSIONS, "extensions": {}})


__all__ = ["required"]
