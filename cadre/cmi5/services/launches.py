"""Registrations and AU launches: launch URL, one-time fetch URL, LMS.LaunchData, abandon, waive (cmi5 8, 10)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import urllib.parse
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson
from django.conf import settings
from django.utils import timezone

from cadre.cmi5 import vocabulary as v
from cadre.cmi5.models import AssignableUnit, AuProgress, LaunchMode, LaunchSession, Registration
from cadre.cmi5.selectors import sessions_idle
from cadre.cmi5.services.satisfaction import satisfaction_evaluate
from cadre.cmi5.services.statements import abandoned_write, launched_write, waived_write
from cadre.cmi5.structure import is_absolute_url
from cadre.core.audit import audit_record
from cadre.core.errors import NotFound, invalid
from cadre.lrs.services.launch import (
    launch_credential_close,
    launch_credential_issue,
    lms_agent_profile_ensure,
    lms_state_put,
)
from cadre.tenancy.access import MANAGERS, Actor, require_role

if TYPE_CHECKING:
    from cadre.people.models import Officer

WAIVE_REASONS = ("Tested Out", "Equivalent AU", "Equivalent Outside Activity", "Administrative")


def session_hours() -> int:
    return int(getattr(settings, "CADRE_CMI5_SESSION_HOURS", 12))


def fetch_digest(token: str) -> str:
    """SHA-256 of a 256-bit random fetch token: enough to look it up without keeping it."""
    return hashlib.sha256(token.encode()).hexdigest()


def officer_actor(officer: Officer) -> dict[str, Any]:
    """The learner as cmi5 wants it: an Agent with an account, no e-mail or name (8.1.3, 9.2)."""
    return {
        "objectType": "Agent",
        "account": {"homePage": v.actor_home_page(), "name": officer.employee_number},
    }


def registration_get_or_create(*, officer: Officer, package: Any) -> Registration:
    """The officer's registration for a course; a new one evaluates moveOn at once (9.6.1)."""
    if officer.administration_id != package.administration_id:
        raise NotFound(code="cmi5_package.not_found")
    registration, created = Registration.objects.get_or_create(
        package=package,
        officer=officer,
        defaults={"administration_id": package.administration_id, "actor": officer_actor(officer)},
    )
    if created:
        satisfaction_evaluate(registration=registration)
    return registration


@dataclass(frozen=True)
class Launch:
    session: LaunchSession
    url: str


def _content_url(au: AssignableUnit, base_url: str) -> str:
    if is_absolute_url(au.url):
        return au.url
    return f"{base_url}/launch/content/{au.package.identifier}/{au.url.removeprefix('./')}"


def _with_params(url: str, params: dict[str, str]) -> str:
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


class _AlreadyEndedError(Exception):
    """The session was terminated or abandoned by someone else first: store nothing."""


def _abandon(session: LaunchSession) -> bool:
    """End an active session: claim it, close its credential and store ``abandoned``, all in one commit.

    The claim is a conditional UPDATE run inside the LRS's statement transaction (``accept``), so
    of two callers only one stores the statement, and a crash leaves neither claim nor statement.
    """

    def claim(_statements: list[Any]) -> None:
        ended = LaunchSession.objects.filter(
            pk=session.pk, terminated_at__isnull=True, abandoned_at__isnull=True
        ).update(abandoned_at=timezone.now())
        if not ended:
            raise _AlreadyEndedError
        launch_credential_close(session_id=session.session_id)

    try:
        abandoned_write(session=session, accept=claim)
    except _AlreadyEndedError:
        return False
    session.refresh_from_db()
    return True


def idle_minutes() -> int:
    return int(getattr(settings, "CADRE_CMI5_IDLE_MINUTES", 240))


def sessions_abandon_idle(*, administration_id: int | None = None) -> int:
    """Abandon active sessions idle past ``CADRE_CMI5_IDLE_MINUTES`` or expired (cmi5 9.3.6); answer how many.

    The LMS must record ``abandoned`` for a session that ends without ``terminated``; content that
    is closed with the browser never says so. Each session is claimed on its own (``_abandon``),
    so a run racing another run, a learner's late ``terminated`` or a manager's abandon writes
    one statement at most; a second run finds nothing left to do.
    """
    now = timezone.now()
    idle = sessions_idle(now=now, idle_for=dt.timedelta(minutes=idle_minutes()))
    if administration_id is not None:
        idle = idle.filter(registration__administration_id=administration_id)
    return sum(_abandon(session) for session in idle)


def au_launch(
    *,
    registration: Registration,
    au: AssignableUnit,
    base_url: str,
    return_url: str = "",
    launch_mode: str = LaunchMode.NORMAL,
) -> Launch:
    """Prepare a launch: abandon an active session, write LMS.LaunchData and ``launched``, answer the URL."""
    if au.package_id != registration.package_id:
        raise NotFound(code="cmi5_au.not_found")
    if launch_mode not in LaunchMode.values:
        raise invalid(
            "launch_mode", f"must be one of {', '.join(LaunchMode.values)}", code="cmi5_launch.mode_unknown"
        )
    base_url = base_url.rstrip("/")
    # The LRS writes below take their own (SQLite: file-locked) transactions; none is opened around them.
    for active in LaunchSession.objects.filter(
        registration=registration, terminated_at__isnull=True, abandoned_at__isnull=True
    ).select_related("au__package", "registration"):
        _abandon(active)
    now = timezone.now()
    token = secrets.token_urlsafe(32)
    session = LaunchSession.objects.create(
        registration=registration,
        au=au,
        session_id=str(uuid.uuid4()),
        fetch_digest=fetch_digest(token),
        launch_mode=launch_mode,
        move_on=au.move_on,
        mastery_score=au.mastery_score,
        launch_url=_content_url(au, base_url),
        return_url=return_url,
        launched_at=now,
        expires_at=now + dt.timedelta(hours=session_hours()),
    )
    activity_id = v.au_iri(au)
    try:
        lms_state_put(
            administration_id=registration.administration_id,
            activity_iri=activity_id,
            agent=registration.actor,
            registration=registration.code,
            state_id=v.LAUNCH_DATA,
            document=launch_data(session=session, return_url=return_url),
        )
        officer_languages = [lang for lang in registration.officer.languages if isinstance(lang, str)]
        lms_agent_profile_ensure(
            administration_id=registration.administration_id,
            agent=registration.actor,
            profile_id=v.LEARNER_PREFERENCES,
            document={
                "languagePreference": ",".join(officer_languages or [settings.LANGUAGE_CODE]),
                "audioPreference": "on",
            },
        )
        launched_write(session=session, launch_url_without_params=session.launch_url)
    except BaseException:
        session.delete()
        raise
    url = _with_params(
        session.launch_url,
        {
            "endpoint": f"{base_url}/xapi",
            "fetch": f"{base_url}/launch/fetch/{token}",
            "actor": orjson.dumps(registration.actor).decode(),
            "registration": str(registration.code),
            "activityId": activity_id,
        },
    )
    return Launch(session=session, url=url)


def launch_data(*, session: LaunchSession, return_url: str) -> dict[str, Any]:
    """The LMS.LaunchData state document (10.2)."""
    au = session.au
    data: dict[str, Any] = {
        "contextTemplate": {
            "contextActivities": {"grouping": [{"id": au.publisher_id}]},
            "extensions": {v.EXT_SESSION: session.session_id},
        },
        "launchMode": session.launch_mode,
        "moveOn": session.move_on,
    }
    if session.mastery_score is not None:
        data["masteryScore"] = float(session.mastery_score)
    if au.launch_parameters:
        data["launchParameters"] = au.launch_parameters
    if au.entitlement_key:
        data["entitlementKey"] = {"courseStructure": au.entitlement_key}
    if return_url:
        data["returnURL"] = return_url
    return data


def fetch_redeem(*, token: str) -> dict[str, str]:
    """The one-time fetch (8.2): the auth-token the first time, a cmi5 error object afterwards."""
    session = (
        LaunchSession.objects.select_related("registration", "au__package")
        .filter(fetch_digest=fetch_digest(token))
        .first()
    )
    if session is None:
        return {"error-code": "2", "error-text": "Unknown fetch URL."}
    now = timezone.now()
    if not session.active or session.expires_at <= now:
        return {"error-code": "1", "error-text": "The launch session has ended or expired."}
    claimed = LaunchSession.objects.filter(pk=session.pk, fetched_at__isnull=True).update(fetched_at=now)
    if not claimed:
        return {"error-code": "1", "error-text": "The authorization token has already been returned."}
    registration = session.registration
    token_value = launch_credential_issue(
        administration_id=registration.administration_id,
        actor=registration.actor,
        registration=registration.code,
        activity_iri=v.au_iri(session.au),
        session_id=session.session_id,
        expires_at=session.expires_at,
    )
    return {"auth-token": token_value}


def session_abandon(*, actor: Actor | None, session: LaunchSession) -> LaunchSession:
    """Mark an active session abandoned (the learner left without terminating) and say so in the LRS."""
    registration = session.registration
    if actor is not None and registration.officer.user_id != actor.user_id:
        require_role(user=actor, administration_id=registration.administration_id, roles=MANAGERS)
    if not _abandon(session):
        raise invalid("session", "has already ended", code="cmi5_session.ended")
    return session


def au_waive(*, actor: Actor, registration: Registration, au: AssignableUnit, reason: str) -> AuProgress:
    """Waive an AU for a registration (9.3.7): a waived statement, then any satisfaction it brings."""
    require_role(user=actor, administration_id=registration.administration_id, roles=MANAGERS)
    if au.package_id != registration.package_id:
        raise NotFound(code="cmi5_au.not_found")
    reason = (reason or "").strip()
    if not reason:
        raise invalid("reason", "is required", code="cmi5_waiver.reason_required")
    if len(reason) > 200:
        raise invalid("reason", "must be at most 200 characters", code="cmi5_waiver.reason_too_long")
    progress, _ = AuProgress.objects.get_or_create(registration=registration, au=au)
    # Claim the waiver with one conditional UPDATE: a second, concurrent waiver finds nothing to change.
    if not AuProgress.objects.filter(pk=progress.pk, waived=False).update(waived=True, waive_reason=reason):
        raise invalid("au", "is already waived in this registration", code="cmi5_waiver.already_waived")
    progress.refresh_from_db()
    audit_record(
        actor=actor.user,
        action="update",
        instance=progress,
        after={"waived": True, "reason": reason},
        administration_id=registration.administration_id,
    )
    session_id = str(uuid.uuid4())
    waived_write(registration=registration, au=au, reason=reason, session_id=session_id)
    satisfaction_evaluate(registration=registration, session_id=session_id)
    return progress
