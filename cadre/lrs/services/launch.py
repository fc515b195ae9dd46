"""Session-bound credentials for launched content (the cmi5 auth-token) and the LMS's own writes.

The public face of the LRS for an LMS-side app such as ``cadre.cmi5``: issue and close a
credential that speaks for one actor, one registration and one launch session; store statements
the LMS itself authors; write launch state documents. The LRS enforces what any such credential
may do (its own actor, its own registration, no voiding, no statement reads); the rules of the
launching profile itself are supplied by the LMS app as a :class:`LaunchGuard`, registered at
start-up, so the LRS never imports the LMS.
"""

from __future__ import annotations

import base64
import datetime as dt
import secrets
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import orjson
from django.utils import timezone

from cadre.lrs import records
from cadre.lrs.auth import LAUNCH_KEY_PREFIX, secret_digest
from cadre.lrs.errors import XapiError
from cadre.lrs.models import Document, LaunchCredential, LrsClient, Scope
from cadre.lrs.services.documents import document_put
from cadre.lrs.services.statements import statements_store
from cadre.lrs.types import DocumentKey, LaunchGuard, StoreResult
from cadre.lrs.validation.syntax import VOIDED

if TYPE_CHECKING:
    from cadre.lrs.http import XapiRequest

#: What a launched AU may do: write statements, its state and its agent profile; never read statements.
LAUNCH_SCOPES = sorted([Scope.STATEMENTS_WRITE.value, Scope.STATE.value, Scope.DEFINE.value])


_guards: list[LaunchGuard] = []


def launch_guard_register(guard: LaunchGuard) -> None:
    """Install the rules of a launching profile (called once from the LMS app's ``ready``)."""
    if not any(type(g) is type(guard) for g in _guards):
        _guards.append(guard)


def launch_client(*, administration_id: int) -> LrsClient:
    """The administration's system client behind launch credentials and LMS-authored statements."""
    client, _ = LrsClient.objects.get_or_create(
        key=f"launch-{administration_id}",
        defaults={
            "administration_id": administration_id,
            "name": "Launched content (system)",
            # Nobody knows this secret: the client is never used over basic auth directly.
            "secret_digest": secret_digest(secrets.token_urlsafe(32)),
            "scopes": LAUNCH_SCOPES,
        },
    )
    return client


def launch_credential_issue(
    *,
    administration_id: int,
    actor: dict[str, Any],
    registration: uuid.UUID,
    activity_iri: str,
    session_id: str,
    expires_at: dt.datetime,
) -> str:
    """Create the credential for one launch session and answer its auth-token (shown once)."""
    key = LAUNCH_KEY_PREFIX + secrets.token_hex(16)
    secret = secrets.token_urlsafe(32)
    LaunchCredential.objects.create(
        client=launch_client(administration_id=administration_id),
        administration_id=administration_id,
        key=key,
        secret_digest=secret_digest(secret),
        actor=actor,
        actor_ifi=records.agent_ifi(actor),
        registration=registration,
        activity_iri=activity_iri,
        session_id=session_id,
        expires_at=expires_at,
    )
    return base64.b64encode(f"{key}:{secret}".encode()).decode()


def launch_credential_close(*, session_id: str) -> int:
    """End a session's credential (terminated, abandoned): later requests answer 401."""
    return LaunchCredential.objects.filter(session_id=session_id, closed_at__isnull=True).update(
        closed_at=timezone.now()
    )


def _forbidden(detail: str, field_name: str, reason: str) -> XapiError:
    return XapiError(403, detail, field_name, reason)


def launch_statements_check(xreq: XapiRequest, statements: list[Any]) -> None:
    """For a launch credential: its actor and registration only, no voiding (before the store)."""
    credential = xreq.extra.get("launch")
    if credential is None:
        return
    for index, statement in enumerate(statements):
        where = f"statements[{index}]"
        if not isinstance(statement, dict):
            continue  # the xAPI validation answers 400
        actor = statement.get("actor")
        if not isinstance(actor, dict) or records.agent_ifi(actor) != credential.actor_ifi:
            raise _forbidden(
                "This session speaks for one actor only", f"{where}.actor", "is not the launched actor"
            )
        verb = statement.get("verb")
        if isinstance(verb, dict) and verb.get("id") == VOIDED:
            raise _forbidden(
                "Launched content may not void statements", f"{where}.verb", "voiding is not allowed"
            )
        context = statement.get("context")
        registration = context.get("registration") if isinstance(context, dict) else None
        if str(registration or "").lower() != str(credential.registration):
            raise _forbidden(
                "This session is for one registration only",
                f"{where}.context.registration",
                "must be the launch registration",
            )


def launch_statements_accept(xreq: XapiRequest) -> Callable[[list[Any]], None] | None:
    """For a launch credential: the profile's rules, run by the store inside its transaction (``accept``)."""
    credential = xreq.extra.get("launch")
    if credential is None:
        return None

    def accept(statements: list[Any]) -> None:
        for guard in _guards:
            guard.statements_accept(credential=credential, statements=statements)

    return accept


def launch_statements_stored(xreq: XapiRequest, statements: list[Any]) -> None:
    credential = xreq.extra.get("launch")
    if credential is None:
        return
    for guard in _guards:
        guard.statements_stored(credential=credential, statements=statements)


def launch_document_check(xreq: XapiRequest, key: DocumentKey) -> None:
    """For a launch credential: documents of its own actor (and registration, for state) only."""
    credential = xreq.extra.get("launch")
    if credential is None:
        return
    if key.agent_ifi and key.agent_ifi != credential.actor_ifi:
        raise _forbidden("This session speaks for one actor only", "agent", "is not the launched actor")
    if key.kind == Document.Kind.STATE and key.registration != str(credential.registration):
        raise _forbidden(
            "This session is for one registration only", "registration", "must be the launch registration"
        )
    for guard in _guards:
        guard.document_check(
            credential=credential, method=xreq.method, key=key, body=xreq.body, media_type=xreq.media_type
        )


def lms_statements_store(
    *,
    administration_id: int,
    statements: list[dict[str, Any]],
    accept: Callable[[list[Any]], None] | None = None,
) -> StoreResult:
    """Store statements the LMS authors itself (launched, satisfied, abandoned, waived).

    ``accept`` runs inside the store's transaction (see ``statements_store``): the LMS claims the
    state change the statements report there, so the claim and the statements commit together.
    """
    return statements_store(
        client=launch_client(administration_id=administration_id),
        statements=statements,
        version="1.0.3",
        accept=accept,
    )


def lms_state_put(
    *,
    administration_id: int,
    activity_iri: str,
    agent: dict[str, Any],
    registration: uuid.UUID,
    state_id: str,
    document: dict[str, Any],
) -> None:
    """Write (replace) a JSON state document on the LMS's behalf, e.g. ``LMS.LaunchData``."""
    document_put(
        administration_id=administration_id,
        key=DocumentKey(
            kind=Document.Kind.STATE,
            activity_iri=activity_iri,
            agent_ifi=records.agent_ifi(agent),
            registration=str(registration),
            doc_id=state_id,
        ),
        content=orjson.dumps(document),
        content_type="application/json",
        headers={},
        merge=False,
        require_precondition=False,
    )


def lms_agent_profile_ensure(
    *, administration_id: int, agent: dict[str, Any], profile_id: str, document: dict[str, Any]
) -> None:
    """Create a JSON agent profile document unless one exists (the learner's own choices win)."""
    try:
        document_put(
            administration_id=administration_id,
            key=DocumentKey(
                kind=Document.Kind.AGENT_PROFILE, agent_ifi=records.agent_ifi(agent), doc_id=profile_id
            ),
            content=orjson.dumps(document),
            content_type="application/json",
            headers={"if-none-match": "*"},
            merge=False,
            require_precondition=False,
        )
    except XapiError as exc:
        if exc.status != 412:
            raise
