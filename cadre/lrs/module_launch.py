"""Launching an xAPI module for the logged-in officer, without giving the content any client secret.

Each launch issues a short-lived launch credential (``cadre.lrs.launch``) that may only write
statements for this officer and this registration, records the LMS's own "launched" statement, and
answers the content's address with the xAPI launch parameters (endpoint, auth, actor,
registration, activity_id, return) in the URL *fragment*: browsers never send a fragment to any
server, so the token stays out of access logs and Referer headers; the shipped demo activity also
clears it from the address bar as soon as it has read it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import orjson
from django.conf import settings
from django.utils import timezone

from cadre.lrs.services.launch import launch_credential_issue, lms_statements_store

if TYPE_CHECKING:
    from cadre.catalogue.models import Module
    from cadre.people.models import Officer

LAUNCHED = "http://adlnet.gov/expapi/verbs/launched"


def launch_lifetime() -> dt.timedelta:
    """How long a launch may keep reporting: a microlearning module lasts at most 15 minutes."""
    return dt.timedelta(minutes=int(getattr(settings, "CADRE_LRS_LAUNCH_MINUTES", 120)))


@dataclass(frozen=True)
class ModuleLaunch:
    url: str
    registration: uuid.UUID
    expires_at: dt.datetime


def officer_actor(*, officer: Officer, home_page: str) -> dict[str, Any]:
    """The xAPI agent Cadre launches an officer as: an account named by the employee number.

    The outbox matches ``account.name`` to the employee number, so the statements the content
    sends come back to this officer.
    """
    return {
        "objectType": "Agent",
        "name": officer.full_name,
        "account": {"homePage": home_page, "name": officer.employee_number},
    }


def module_launch_start(
    *, officer: Officer, module: Module, endpoint: str, home_page: str, return_url: str
) -> ModuleLaunch:
    """Issue the launch credential, record "launched", and answer where to send the officer."""
    registration = uuid.uuid4()
    actor = officer_actor(officer=officer, home_page=home_page)
    expires_at = timezone.now() + launch_lifetime()
    token = launch_credential_issue(
        administration_id=officer.administration_id,
        actor=actor,
        registration=registration,
        activity_iri=module.activity_iri,
        session_id=f"xapi-{uuid.uuid4().hex}",
        expires_at=expires_at,
    )
    lms_statements_store(
        administration_id=officer.administration_id,
        statements=[
            {
                "actor": actor,
                "verb": {"id": LAUNCHED, "display": {"en-US": "launched"}},
                "object": {
                    "objectType": "Activity",
                    "id": module.activity_iri,
                    "definition": {"name": {"en-US": module.title}},
                },
                "context": {"registration": str(registration)},
            }
        ],
    )
    params = urlencode(
        {
            "endpoint": endpoint,
            "auth": f"Basic {token}",
            "actor": orjson.dumps(actor).decode(),
            "registration": str(registration),
            "activity_id": module.activity_iri,
            "return": return_url,
        }
    )
    base = module.url.split("#", 1)[0]
    return ModuleLaunch(url=f"{base}#{params}", registration=registration, expires_at=expires_at)
