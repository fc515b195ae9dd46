"""The cmi5 rules the LRS enforces for statements and documents sent with a launch session's token.

Registered with the LRS at start-up (``Cmi5Guard``). A statement that breaks a rule is refused
with 403 naming the rule (cmi5 6.3: the LMS SHOULD reject them); nothing of the batch is stored.
The checks follow sections 9 (statement data model), 10 (LMS.LaunchData is read-only for the AU)
and 11 (learner preferences read first, well-formed when written).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import orjson
from django.utils import timezone

from cadre.cmi5 import vocabulary as v
from cadre.cmi5.models import AuProgress, LaunchMode, LaunchSession, Registration
from cadre.cmi5.services.satisfaction import satisfaction_evaluate
from cadre.lrs.errors import XapiError
from cadre.lrs.services.launch import launch_credential_close
from cadre.lrs.types import DocumentKey

_UTC = re.compile(r"(Z|\+00(:?00)?)$")
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")


def _refuse(rule: str, where: str, reason: str) -> XapiError:
    return XapiError(403, f"cmi5 {rule}: {reason}", where, reason)


def _ids(items: Any) -> set[str]:
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        return set()
    return {str(item.get("id")) for item in items if isinstance(item, dict)}


def _session(credential: Any) -> LaunchSession | None:
    return (
        LaunchSession.objects.select_related("registration", "au__package")
        .filter(session_id=credential.session_id)
        .first()
    )


class _Batch:
    """What the session has said so far, plus the statements earlier in the same request."""

    def __init__(self, session: LaunchSession, progress: AuProgress | None) -> None:
        self.session = session
        self.verbs: list[str] = list(session.verbs)
        self.initialized = session.initialized_at is not None
        self.terminated = session.terminated_at is not None
        self.completed = bool(progress and progress.completed)
        self.passed = bool(progress and progress.passed)


def _check_result(
    st: dict[str, Any], verb: str, where: str, session: LaunchSession, categories: set[str]
) -> None:
    result = st.get("result")
    result = result if isinstance(result, dict) else {}
    completion, success = result.get("completion"), result.get("success")
    if verb == v.COMPLETED and completion is not True:
        raise _refuse("9.5.3", f"{where}.result.completion", "a completed statement needs completion true")
    if verb != v.COMPLETED and "completion" in result:
        raise _refuse(
            "9.5.3", f"{where}.result.completion", "only completed (or waived) statements carry completion"
        )
    if verb == v.PASSED and success is not True:
        raise _refuse("9.5.2", f"{where}.result.success", "a passed statement needs success true")
    if verb == v.FAILED and success is not False:
        raise _refuse("9.5.2", f"{where}.result.success", "a failed statement needs success false")
    if verb not in {v.PASSED, v.FAILED} and "success" in result:
        raise _refuse("9.5.2", f"{where}.result.success", "only passed or failed statements carry success")
    if ("completion" in result or "success" in result) and v.CATEGORY_MOVEON not in categories:
        raise _refuse("9.6.2.2", f"{where}.context.contextActivities.category", "needs the moveon category")
    score = result.get("score")
    if score is not None:
        if verb not in {v.PASSED, v.FAILED}:
            raise _refuse("9.5.1", f"{where}.result.score", "only passed or failed statements carry a score")
        if isinstance(score, dict) and "raw" in score and ("min" not in score or "max" not in score):
            raise _refuse("9.5.1", f"{where}.result.score", "a raw score needs min and max")
        if session.mastery_score is not None:
            extensions = (st.get("context") or {}).get("extensions") or {}
            sent = extensions.get(v.EXT_MASTERY) if isinstance(extensions, dict) else None
            if not isinstance(sent, int | float) or Decimal(str(sent)) != session.mastery_score:
                raise _refuse(
                    "9.6.3.2", f"{where}.context.extensions", "must carry the session's masteryScore"
                )
        scaled = score.get("scaled") if isinstance(score, dict) else None
        if isinstance(scaled, int | float) and session.mastery_score is not None:
            if verb == v.PASSED and Decimal(str(scaled)) < session.mastery_score:
                raise _refuse("9.3.4", f"{where}.result.score.scaled", "passed below the masteryScore")
            if verb == v.FAILED and Decimal(str(scaled)) >= session.mastery_score:
                raise _refuse("9.3.5", f"{where}.result.score.scaled", "failed at or above the masteryScore")
    if verb in {v.TERMINATED, v.COMPLETED, v.PASSED, v.FAILED} and "duration" not in result:
        raise _refuse("9.5.4.1", f"{where}.result.duration", "is required for this verb")


def _check_defined(
    st: dict[str, Any], where: str, batch: _Batch, categories: set[str], activity_iri: str
) -> str:
    session = batch.session
    actor = st.get("actor") or {}
    if actor.get("objectType", "Agent") != "Agent":
        raise _refuse("9.2", f"{where}.actor.objectType", "must be Agent")
    account = actor.get("account")
    if not isinstance(account, dict) or not account.get("name") or not account.get("homePage"):
        raise _refuse("9.2", f"{where}.actor.account", "is required")
    obj = st.get("object") or {}
    if not isinstance(obj, dict) or obj.get("id") != activity_iri:
        raise _refuse("9.4", f"{where}.object.id", "must be the launched activityId")
    verb = str((st.get("verb") or {}).get("id", ""))
    if verb not in v.AU_VERBS:
        raise _refuse("9.3", f"{where}.verb.id", "is not a verb an AU may use in a cmi5 defined statement")
    if session.launch_mode != LaunchMode.NORMAL and verb in v.JUDGED:
        raise _refuse("10.2.2", f"{where}.verb.id", f"is not allowed in {session.launch_mode} mode")
    _check_result(st, verb, where, session, categories)
    if verb in batch.verbs and verb != v.TERMINATED:
        raise _refuse("9.3", f"{where}.verb.id", "is already used in this session")
    if verb == v.TERMINATED and v.TERMINATED in batch.verbs:
        raise _refuse("9.3", f"{where}.verb.id", "the session is already terminated")
    if verb == v.COMPLETED and batch.completed:
        raise _refuse("9.3.3", f"{where}.verb.id", "the AU is already completed in this registration")
    if verb in {v.PASSED, v.FAILED}:
        if {v.PASSED, v.FAILED} & set(batch.verbs):
            raise _refuse("9.3", f"{where}.verb.id", "only one of passed or failed per session")
        if batch.passed:
            raise _refuse("9.3.4", f"{where}.verb.id", "the AU is already passed in this registration")
    batch.completed |= verb == v.COMPLETED
    batch.passed |= verb == v.PASSED
    return verb


def _session_locked(credential: Any) -> LaunchSession | None:
    """The credential's session, read after locking its registration row, then its own row.

    Every cmi5 writer that checks then updates a registration's state takes the registration row
    first (here, and ``satisfaction_evaluate``), so two statements of one registration are checked
    one after the other and no two lock orders can deadlock. On SQLite ``select_for_update`` is a
    no-op: the LRS write lock and the IMMEDIATE transaction already serialise the writers.
    """
    registration_id = (
        LaunchSession.objects.filter(session_id=credential.session_id)
        .values_list("registration_id", flat=True)
        .first()
    )
    if registration_id is None:
        return None
    list(Registration.objects.select_for_update().filter(pk=registration_id).values_list("pk", flat=True))
    return (
        LaunchSession.objects.select_for_update(of=("self",))
        .select_related("registration", "au__package")
        .filter(session_id=credential.session_id)
        .first()
    )


def _categories(st: dict[str, Any]) -> set[str]:
    return _ids(((st.get("context") or {}).get("contextActivities") or {}).get("category"))


def _check(session: LaunchSession, batch: _Batch, statements: list[Any], activity_iri: str) -> None:
    """Raise ``XapiError`` (403) at the first statement of the batch that breaks a cmi5 rule."""
    for index, st in enumerate(statements):
        where = f"statements[{index}]"
        if not isinstance(st, dict):
            continue
        if not st.get("id"):
            raise _refuse("9.1", f"{where}.id", "every statement needs an id")
        timestamp = st.get("timestamp")
        if not isinstance(timestamp, str):
            raise _refuse("9.7", f"{where}.timestamp", "is required")
        if not _UTC.search(timestamp):
            raise _refuse("9.7", f"{where}.timestamp", "must be in UTC")
        if batch.terminated:
            raise _refuse("9.3.8", where, "no statement may follow terminated")
        context = st.get("context")
        if not isinstance(context, dict):
            raise _refuse("9.6", f"{where}.context", "is required")
        activities = context.get("contextActivities")
        if not isinstance(activities, dict):
            raise _refuse("10.2.1", f"{where}.context.contextActivities", "must follow the contextTemplate")
        extensions = context.get("extensions")
        if not isinstance(extensions, dict) or extensions.get(v.EXT_SESSION) != session.session_id:
            raise _refuse("9.6.3.1", f"{where}.context.extensions", "must carry the session id")
        if session.au.publisher_id not in _ids(activities.get("grouping")):
            raise _refuse(
                "9.6.2.3", f"{where}.context.contextActivities.grouping", "must carry the AU's publisher id"
            )
        categories = _ids(activities.get("category"))
        verb = str((st.get("verb") or {}).get("id", ""))
        defined = v.CATEGORY_CMI5 in categories
        if v.CATEGORY_MOVEON in categories and not (defined and verb in v.JUDGED):
            raise _refuse(
                "9.6.2.2",
                f"{where}.context.contextActivities.category",
                "moveon is only for judged cmi5 statements",
            )
        if not batch.initialized and verb != v.INITIALIZED:
            raise _refuse("9.3.2", f"{where}.verb.id", "the first statement of a session must be initialized")
        if defined:
            verb = _check_defined(st, where, batch, categories, activity_iri)
            batch.verbs.append(verb)
        batch.initialized |= verb == v.INITIALIZED
        batch.terminated |= defined and verb == v.TERMINATED


def _record(session: LaunchSession, statements: list[Any]) -> None:
    """Write what an accepted batch says into the session and the AU's progress; close on terminated."""
    now = timezone.now()
    progress, _ = AuProgress.objects.get_or_create(registration=session.registration, au=session.au)
    for st in statements:
        verb = str((st.get("verb") or {}).get("id", ""))
        if v.CATEGORY_CMI5 not in _categories(st):
            continue
        session.verbs.append(verb)
        if verb == v.INITIALIZED:
            session.initialized_at = now
        elif verb == v.TERMINATED:
            session.terminated_at = now
        elif verb == v.COMPLETED:
            progress.completed = True
        elif verb == v.PASSED:
            progress.passed = True
        elif verb == v.FAILED:
            progress.failed = True
    session.last_statement_at = now
    session.save(update_fields=["verbs", "initialized_at", "terminated_at", "last_statement_at"])
    progress.save(update_fields=["completed", "passed", "failed"])
    if session.terminated_at is not None:
        launch_credential_close(session_id=session.session_id)


def _judged(statements: list[Any]) -> bool:
    return any(
        isinstance(st, dict)
        and v.CATEGORY_CMI5 in _categories(st)
        and str((st.get("verb") or {}).get("id", "")) in {v.COMPLETED, v.PASSED}
        for st in statements
    )


class Cmi5Guard:
    """The cmi5 rules, called by the LRS for requests made with a launch credential."""

    def statements_accept(self, *, credential: Any, statements: list[Any]) -> None:
        """Check the new statements against the session as it is now and record them (store's transaction)."""
        if not statements:
            return  # only identical re-sends of stored statements: nothing to check or record
        session = _session_locked(credential)
        if session is None:
            return
        if not session.active:
            raise _refuse("9.3.6", "session", "the session has ended")
        if session.preferences_read_at is None:
            raise _refuse("11.0", "statements", "read the learner preferences (cmi5LearnerPreferences) first")
        progress = AuProgress.objects.filter(registration=session.registration, au=session.au).first()
        _check(session, _Batch(session, progress), statements, credential.activity_iri)
        _record(session, statements)

    def statements_stored(self, *, credential: Any, statements: list[dict[str, Any]]) -> None:
        """After commit: a completed or passed statement may satisfy the AU, its blocks, the course."""
        if not _judged(statements):
            return
        session = _session(credential)
        if session is not None and session.launch_mode == LaunchMode.NORMAL:
            satisfaction_evaluate(registration=session.registration, session_id=session.session_id)

    def document_check(
        self, *, credential: Any, method: str, key: DocumentKey, body: bytes, media_type: str
    ) -> None:
        session = _session(credential)
        if session is None:
            return
        if not session.active:
            raise _refuse("9.3.6", "session", "the session has ended")
        if key.kind == "state" and method != "GET" and key.doc_id in {v.LAUNCH_DATA, ""}:
            raise _refuse("10.2.1", "stateId", "LMS.LaunchData is written by the LMS only")
        if key.kind != "agent_profile" or key.doc_id != v.LEARNER_PREFERENCES:
            return
        if method == "GET":
            if session.preferences_read_at is None:
                LaunchSession.objects.filter(pk=session.pk).update(preferences_read_at=timezone.now())
            return
        if method in {"PUT", "POST"}:
            if media_type != "application/json":
                raise _refuse("11.0", "Content-Type", "learner preferences are sent as application/json")
            _check_preferences(body)


def _check_preferences(body: bytes) -> None:
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise _refuse("11.0", "body", "learner preferences are a JSON object") from exc
    if not isinstance(document, dict):
        raise _refuse("11.0", "body", "learner preferences are a JSON object")
    languages = document.get("languagePreference")
    if not isinstance(languages, str) or not languages:
        raise _refuse("11.1", "languagePreference", "is required")
    if not all(_LANGUAGE_TAG.match(tag) for tag in languages.split(",")):
        raise _refuse("11.1", "languagePreference", "must be a comma-separated list of language tags")
    if document.get("audioPreference") not in {"on", "off"}:
        raise _refuse("11.2", "audioPreference", 'must be "on" or "off"')
