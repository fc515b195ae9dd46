"""The statements the LMS itself writes: launched, satisfied, abandoned, waived (cmi5 section 9)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from cadre.cmi5 import vocabulary as v
from cadre.cmi5.models import AssignableUnit, LaunchSession, Registration
from cadre.lrs.services.launch import lms_statements_store


def _timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def iso_duration(delta: dt.timedelta) -> str:
    seconds = max(delta.total_seconds(), 0.0)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"PT{int(hours)}H{int(minutes)}M{secs:.2f}S"


def _statement(
    *,
    registration: Registration,
    verb: str,
    display: str,
    obj: dict[str, Any],
    grouping: str,
    session_id: str,
    extensions: dict[str, Any] | None = None,
    result: dict[str, Any] | None = None,
    moveon: bool = False,
) -> dict[str, Any]:
    categories = [{"id": v.CATEGORY_CMI5}]
    if moveon:
        categories.append({"id": v.CATEGORY_MOVEON})
    statement: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "actor": registration.actor,
        "verb": {"id": verb, "display": {"en-US": display}},
        "object": obj,
        "context": {
            "registration": str(registration.code),
            "contextActivities": {"category": categories, "grouping": [{"id": grouping}]},
            "extensions": {v.EXT_SESSION: session_id, **(extensions or {})},
        },
        "timestamp": _timestamp(timezone.now()),
    }
    if result:
        statement["result"] = result
    return statement


def _au_object(au: AssignableUnit) -> dict[str, Any]:
    obj: dict[str, Any] = {"objectType": "Activity", "id": v.au_iri(au)}
    if au.activity_type:
        obj["definition"] = {"type": au.activity_type}
    return obj


def _store(
    registration: Registration,
    statements: list[dict[str, Any]],
    accept: Callable[[list[Any]], None] | None = None,
) -> None:
    if statements:
        lms_statements_store(
            administration_id=registration.administration_id, statements=statements, accept=accept
        )


def launched_write(*, session: LaunchSession, launch_url_without_params: str) -> None:
    au = session.au
    extensions: dict[str, Any] = {
        v.EXT_LAUNCH_MODE: session.launch_mode,
        v.EXT_LAUNCH_URL: launch_url_without_params,
        v.EXT_MOVE_ON: session.move_on,
    }
    if session.mastery_score is not None:
        extensions[v.EXT_MASTERY] = float(session.mastery_score)
    if au.launch_parameters:
        extensions[v.EXT_LAUNCH_PARAMETERS] = au.launch_parameters
    _store(
        session.registration,
        [
            _statement(
                registration=session.registration,
                verb=v.LAUNCHED,
                display="launched",
                obj=_au_object(au),
                grouping=au.publisher_id,
                session_id=session.session_id,
                extensions=extensions,
            )
        ],
    )


def abandoned_write(*, session: LaunchSession, accept: Callable[[list[Any]], None] | None = None) -> None:
    """Store ``abandoned``; ``accept`` claims the session's end in the same transaction."""
    last = session.last_statement_at or session.launched_at
    _store(
        session.registration,
        [
            _statement(
                registration=session.registration,
                verb=v.ABANDONED,
                display="abandoned",
                obj=_au_object(session.au),
                grouping=session.au.publisher_id,
                session_id=session.session_id,
                result={"duration": iso_duration(last - session.launched_at)},
            )
        ],
        accept,
    )


def waived_write(*, registration: Registration, au: AssignableUnit, reason: str, session_id: str) -> None:
    _store(
        registration,
        [
            _statement(
                registration=registration,
                verb=v.WAIVED,
                display="waived",
                obj=_au_object(au),
                grouping=au.publisher_id,
                session_id=session_id,
                result={"success": True, "completion": True, "extensions": {v.EXT_REASON: reason}},
                moveon=True,
            )
        ],
    )


def satisfied_statement(
    *, registration: Registration, iri: str, kind: str, publisher_id: str, session_id: str
) -> dict[str, Any]:
    return _statement(
        registration=registration,
        verb=v.SATISFIED,
        display="satisfied",
        obj={"objectType": "Activity", "id": iri, "definition": {"type": kind}},
        grouping=publisher_id,
        session_id=session_id,
    )


def satisfied_write(
    *,
    registration: Registration,
    statements: list[dict[str, Any]],
    accept: Callable[[list[Any]], None] | None = None,
) -> None:
    """Store ``satisfied`` statements; ``accept`` claims the satisfaction in the same transaction."""
    _store(registration, statements, accept)
