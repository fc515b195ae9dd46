"""Helpers the community services share: the regional check, audit, language codes and locks."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _

from cadre.community.models import Event
from cadre.community.selectors import is_coordinator_of
from cadre.core.audit import audit_record, snapshot
from cadre.core.errors import FieldError, NotFound
from cadre.tenancy.access import Actor

_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
#: The region's default workshop evaluation form (reaction level), one question a line.
WORKSHOP_QUESTIONS = """likert: The workshop met its stated objectives
likert: The content was relevant to my administration's needs
likert: The sessions were well organised and paced
likert: I will apply what I learned in my work
choice: Overall, the workshop was | Excellent | Good | Fair | Poor
text: What will you apply first in your administration? (optional)
text: What should the next regional workshop change? (optional)"""


def require_regional(actor: Actor, region_id: int) -> None:
    """Refuse (as if missing) anyone but the region's coordinators and admins."""
    if not is_coordinator_of(user=actor, region_id=region_id):
        raise NotFound(code="region.not_found")


def audit(
    actor: Actor, action: str, instance: Model, before: dict[str, Any] | None = None, **scope: Any
) -> None:
    audit_record(
        actor=actor.user, action=action, instance=instance, before=before, after=snapshot(instance), **scope
    )


def languages_check(field: str, languages: Sequence[str], errors: list[FieldError]) -> list[str]:
    """The language codes without repeats; a malformed code adds an error naming its index."""
    for i, lang in enumerate(languages):
        if not isinstance(lang, str) or not _LANGUAGE.match(lang):
            errors.append(FieldError(f"{field}[{i}]", _("must be an ISO 639-1 code such as en or ja")))
    return list(dict.fromkeys(languages))


def locked_event(event: Event) -> Event:
    """The event row locked for this transaction (serialises seat and quota checks)."""
    return Event.objects.select_for_update().get(pk=event.pk)
