"""Write regional events: creation, the call for nominations, agenda, materials, outcomes, evaluation."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.community.models import AgendaItem, Event, Material, Nomination, NominationCall, Outcome, Quota
from cadre.community.services._common import audit, languages_check, locked_event, require_regional
from cadre.competencies.selectors import competencies_visible_to
from cadre.core.audit import audit_record, audited_update, snapshot
from cadre.core.errors import DomainError, FieldError, NotFound, invalid
from cadre.evaluation.models import QuestionnaireTemplate, Survey
from cadre.evaluation.services.questionnaires import (
    QuestionInput,
    questionnaire_template_create,
    survey_launch_regional,
)
from cadre.practices.models import Practice
from cadre.practices.services import PracticeInput, practice_create
from cadre.tenancy.access import Actor, UserLike, actor_for
from cadre.tenancy.models import Administration, Region

State = Nomination.State


@transaction.atomic
def event_create(
    *,
    actor: Actor | UserLike,
    region: Region,
    code: str,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    venue: str,
    seats: int,
    theme: str = "",
    organisers: str = "",
    languages: Sequence[str] = ("en",),
    description: str = "",
) -> Event:
    actor = actor_for(actor)
    require_regional(actor, region.pk)
    errors: list[FieldError] = []
    if not re.match(r"^[-a-zA-Z0-9_]{1,40}$", code or ""):
        errors.append(FieldError("code", _("letters, digits, - and _ only (at most 40)")))
    elif Event.objects.filter(region=region, code=code).exists():
        errors.append(FieldError("code", _("already used in this region")))
    if not title.strip():
        errors.append(FieldError("title", _("required")))
    if not venue.strip():
        errors.append(FieldError("venue", _("required")))
    if ends_on < starts_on:
        errors.append(FieldError("ends_on", _("before the start")))
    if not isinstance(seats, int) or seats < 1:
        errors.append(FieldError("seats", _("at least 1")))
    langs = languages_check("languages", languages, errors)
    if errors:
        raise DomainError(_("Invalid event"), errors, code="event.invalid")
    event = Event.objects.create(
        region=region,
        code=code,
        title=title.strip(),
        theme=theme.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        venue=venue.strip(),
        organisers=organisers.strip(),
        seats=seats,
        languages=langs,
        description=description.strip(),
    )
    audit(actor, "create", event, region_id=region.pk)
    return event


@transaction.atomic
def call_open(
    *,
    actor: Actor | UserLike,
    event: Event,
    closes_on: dt.date,
    quota_per_administration: int,
    eligible_position_titles: Sequence[str] = (),
    required_competency_id: int | None = None,
    required_level: int | None = None,
    required_languages: Sequence[str] = (),
    quotas: dict[int, int] | None = None,
) -> NominationCall:
    """Open (or re-open with new rules) the call for nominations of an event."""
    actor = actor_for(actor)
    require_regional(actor, event.region_id)
    errors: list[FieldError] = []
    if event.status in (Event.Status.HELD, Event.Status.CANCELLED):
        errors.append(
            FieldError("event", _("is %(status)s") % {"status": event.get_status_display().lower()})
        )
    if closes_on > event.starts_on:
        errors.append(FieldError("closes_on", _("after the event starts")))
    if not isinstance(quota_per_administration, int) or quota_per_administration < 0:
        errors.append(FieldError("quota_per_administration", _("must be zero or more")))
    if (required_competency_id is None) != (required_level is None):
        errors.append(FieldError("required_level", _("give both a competency and a level, or neither")))
    if (
        required_competency_id is not None
        and not competencies_visible_to(user=actor.user).filter(pk=required_competency_id).exists()
    ):
        errors.append(FieldError("required_competency_id", _("not found")))
    if required_level is not None and required_level < 1:
        errors.append(FieldError("required_level", _("at least 1")))
    langs = languages_check("required_languages", required_languages, errors)
    quotas = quotas or {}
    members = set(Administration.objects.filter(region_id=event.region_id).values_list("id", flat=True))
    for admin_id, seats in quotas.items():
        if admin_id not in members:
            errors.append(FieldError(f"quotas[{admin_id}]", _("not a member administration of the region")))
        elif seats < 0:
            errors.append(FieldError(f"quotas[{admin_id}]", _("must be zero or more")))
    if errors:
        raise DomainError(_("Invalid call for nominations"), errors, code="nomination_call.invalid")
    call, created = NominationCall.objects.update_or_create(
        event=event,
        defaults={
            "closes_on": closes_on,
            "quota_per_administration": quota_per_administration,
            "eligible_position_titles": [t.strip() for t in eligible_position_titles if t.strip()],
            "required_competency_id": required_competency_id,
            "required_level": required_level,
            "required_languages": langs,
        },
    )
    for admin_id, seats in quotas.items():
        Quota.objects.update_or_create(call=call, administration_id=admin_id, defaults={"seats": seats})
    audit(actor, "create" if created else "update", call, region_id=event.region_id)
    audited_update(
        actor=actor.user,
        instance=event,
        changes={"status": Event.Status.NOMINATIONS_OPEN},
        region_id=event.region_id,
    )
    return call


@transaction.atomic
def agenda_item_add(
    *, actor: Actor | UserLike, event: Event, day: dt.date, starts_at: dt.time, title: str, speaker: str = ""
) -> AgendaItem:
    actor = actor_for(actor)
    require_regional(actor, event.region_id)
    errors = []
    if not event.starts_on <= day <= event.ends_on:
        errors.append(FieldError("day", _("outside the event's dates")))
    if not title.strip():
        errors.append(FieldError("title", _("required")))
    if errors:
        raise DomainError(_("Invalid agenda item"), errors, code="agenda_item.invalid")
    item = AgendaItem.objects.create(
        event=event, day=day, starts_at=starts_at, title=title.strip(), speaker=speaker.strip()
    )
    audit(actor, "create", item, region_id=event.region_id)
    return item


@transaction.atomic
def material_add(*, actor: Actor | UserLike, event: Event, title: str, url: str) -> Material:
    actor = actor_for(actor)
    require_regional(actor, event.region_id)
    if not title.strip():
        raise invalid("title", _("required"), code="material.title_required")
    if not re.match(r"^https?://", url or ""):
        raise invalid("url", _("must start with http:// or https://"), code="material.url_invalid")
    material = Material.objects.create(event=event, title=title.strip(), url=url)
    after = snapshot(material, fields=["event", "title", "url"])
    audit_record(actor=actor.user, action="create", instance=material, after=after, region_id=event.region_id)
    return material


@transaction.atomic
def outcome_record(
    *, actor: Actor | UserLike, event: Event, text: str, kind: str = Outcome.Kind.OUTCOME
) -> Outcome:
    actor = actor_for(actor)
    require_regional(actor, event.region_id)
    if not text.strip():
        raise invalid("text", _("required"), code="outcome.text_required")
    if kind not in Outcome.Kind.values:
        raise invalid("kind", _("unknown kind"), code="outcome.kind_unknown")
    outcome = Outcome.objects.create(event=event, text=text.strip(), kind=kind)
    audit(actor, "create", outcome, region_id=event.region_id)
    return outcome


@transaction.atomic
def outcome_start_practice(
    *, actor: Actor | UserLike, outcome: Outcome, administration: Administration, topics: Sequence[str]
) -> Practice:
    """Start a good-practice draft in the actor's administration from an event's recommendation."""
    actor = actor_for(actor)
    event = outcome.event
    if administration.region_id != event.region_id:
        raise NotFound(code="administration.not_found")
    practice = practice_create(
        actor=actor,
        administration=administration,
        data=PracticeInput(
            title=outcome.text[:300],
            year=event.starts_on.year,
            summary=outcome.text,
            context=f"{event.title} ({event.venue}, {event.starts_on.isoformat()})",
            topics=tuple(topics),
        ),
    )
    outcome.practices.add(practice)
    return practice


@transaction.atomic
def event_mark_held(*, actor: Actor | UserLike, event: Event) -> Event:
    """Record that the event took place (after the selection closed)."""
    actor = actor_for(actor)
    require_regional(actor, event.region_id)
    event = locked_event(event)
    if event.status != Event.Status.SELECTION_CLOSED:
        raise DomainError(
            _("Not allowed at this state"),
            [
                FieldError(
                    "status",
                    _("is %(status)s; close the selection first")
                    % {"status": event.get_status_display().lower()},
                )
            ],
            409,
            code="event.selection_not_closed",
        )
    audited_update(
        actor=actor.user, instance=event, changes={"status": Event.Status.HELD}, region_id=event.region_id
    )
    return event


@transaction.atomic
def event_evaluation_send(
    *,
    actor: Actor | UserLike,
    event: Event,
    template: QuestionnaireTemplate | None = None,
    name: str = "",
    questions: Sequence[QuestionInput] = (),
    anonymous: bool = True,
    today: dt.date | None = None,
) -> Survey:
    """Send the event's evaluation form to the participants who attended, once the event has ended.

    The form is one of the region's questionnaires, or a new one made of ``questions``; sending and
    answering are the evaluation app's (one-time links, anonymity, results from 5 responses).
    """
    actor = actor_for(actor)
    require_regional(actor, event.region_id)
    event = locked_event(event)
    today = today or timezone.localdate()
    errors: list[FieldError] = []
    if event.survey_id is not None:
        raise DomainError(
            _("Already sent"),
            [FieldError("event", _("the evaluation form of this event was already sent"))],
            409,
            code="event_evaluation.already_sent",
        )
    if event.status == Event.Status.CANCELLED:
        errors.append(FieldError("event", _("a cancelled event has no evaluation")))
    elif event.ends_on > today:
        errors.append(FieldError("event", _("the evaluation form is sent once the event has ended")))
    officers = [
        n.officer
        for n in Nomination.objects.filter(event=event, state=State.SELECTED, attended=True)
        .select_related("officer__administration", "officer__user")
        .order_by("id")
    ]
    if not officers:
        errors.append(FieldError("event", _("record who attended first")))
    if errors:
        raise DomainError(_("Evaluation form not sent"), errors, code="event_evaluation.not_sendable")
    if template is None:
        template = questionnaire_template_create(
            actor=actor.user,
            region=event.region,
            name=name.strip() or f"{event.title} ({event.starts_on.year})"[:200],
            kind=QuestionnaireTemplate.Kind.REACTION,
            anonymous=anonymous,
            questions=questions,
        )
    survey = survey_launch_regional(
        actor=actor.user, region=event.region, template=template, title=event.title, officers=officers
    )
    audited_update(actor=actor.user, instance=event, changes={"survey": survey}, region_id=event.region_id)
    return survey
