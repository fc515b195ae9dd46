"""Write regional events, calls for nominations, selections and the expert pool.

Regional roles (coordinator, regional admin) run events and select; an administration's focal
point (its training manager or admin: the ``MANAGERS`` roles, see docs/community.md) nominates
within its quota. Every write is audited.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.community.models import (
    AgendaItem,
    Event,
    Expert,
    ExpertCategory,
    ExpertCompetency,
    Material,
    MissionRequest,
    Nomination,
    NominationCall,
    Outcome,
    Quota,
)
from cadre.community.selectors import (
    ACTIVE,
    is_coordinator_of,
    officer_eligibility_problems,
    quota_for,
    quota_used,
)
from cadre.competencies.selectors import competencies_visible_to
from cadre.core.audit import audit_record, audited_update, snapshot
from cadre.core.errors import DomainError, FieldError, invalid
from cadre.evaluation.models import QuestionnaireTemplate, Survey
from cadre.evaluation.services.questionnaires import (
    QuestionInput,
    questionnaire_template_create,
    survey_launch_regional,
)
from cadre.people.models import Officer
from cadre.practices.models import Practice
from cadre.practices.services import PracticeInput, practice_create
from cadre.tenancy.access import MANAGERS, access_for, require_role
from cadre.tenancy.models import Administration, Region

_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
#: The region's default workshop evaluation form (reaction level), one question a line.
WORKSHOP_QUESTIONS = """likert: The workshop met its stated objectives
likert: The content was relevant to my administration's needs
likert: The sessions were well organised and paced
likert: I will apply what I learned in my work
choice: Overall, the workshop was | Excellent | Good | Fair | Poor
text: What will you apply first in your administration? (optional)
text: What should the next regional workshop change? (optional)"""
State = Nomination.State


def _require_regional(actor: Any, region_id: int) -> None:
    if not is_coordinator_of(user=actor, region_id=region_id):
        raise Http404("Not found")


def _audit(
    actor: Any, action: str, instance: Any, before: dict[str, Any] | None = None, **scope: Any
) -> None:
    audit_record(
        actor=actor, action=action, instance=instance, before=before, after=snapshot(instance), **scope
    )


def _languages(field: str, languages: Sequence[str], errors: list[FieldError]) -> list[str]:
    for i, lang in enumerate(languages):
        if not isinstance(lang, str) or not _LANGUAGE.match(lang):
            errors.append(FieldError(f"{field}[{i}]", _("must be an ISO 639-1 code such as en or ja")))
    return list(dict.fromkeys(languages))


@transaction.atomic
def event_create(
    *,
    actor: Any,
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
    _require_regional(actor, region.pk)
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
    langs = _languages("languages", languages, errors)
    if errors:
        raise DomainError(_("Invalid event"), errors)
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
    _audit(actor, "create", event, region_id=region.pk)
    return event


@transaction.atomic
def call_open(
    *,
    actor: Any,
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
    _require_regional(actor, event.region_id)
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
        and not competencies_visible_to(user=actor).filter(pk=required_competency_id).exists()
    ):
        errors.append(FieldError("required_competency_id", _("not found")))
    if required_level is not None and required_level < 1:
        errors.append(FieldError("required_level", _("at least 1")))
    langs = _languages("required_languages", required_languages, errors)
    quotas = quotas or {}
    members = set(Administration.objects.filter(region_id=event.region_id).values_list("id", flat=True))
    for admin_id, seats in quotas.items():
        if admin_id not in members:
            errors.append(FieldError(f"quotas[{admin_id}]", _("not a member administration of the region")))
        elif seats < 0:
            errors.append(FieldError(f"quotas[{admin_id}]", _("must be zero or more")))
    if errors:
        raise DomainError(_("Invalid call for nominations"), errors)
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
    _audit(actor, "create" if created else "update", call, region_id=event.region_id)
    audited_update(
        actor=actor,
        instance=event,
        changes={"status": Event.Status.NOMINATIONS_OPEN},
        region_id=event.region_id,
    )
    return call


def _locked_event(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


@transaction.atomic
def nomination_create(
    *,
    actor: Any,
    event: Event,
    officer: Officer,
    priority: int = 1,
    motivation: str = "",
    today: dt.date | None = None,
) -> Nomination:
    """The focal point of the officer's administration nominates them, within its quota."""
    require_role(user=actor, administration_id=officer.administration_id, roles=MANAGERS)
    if officer.administration.region_id != event.region_id:
        raise Http404("Not found")
    event = _locked_event(event)  # serialises quota checks of one event
    today = today or timezone.localdate()
    call = NominationCall.objects.filter(event=event).first()
    errors: list[FieldError] = []
    if call is None or event.status != Event.Status.NOMINATIONS_OPEN:
        raise DomainError(
            _("Nominations are not open"), [FieldError("event", _("no open call for nominations"))], 409
        )
    if today > call.closes_on:
        raise DomainError(
            _("Nominations are closed"),
            [FieldError("event", _("the call closed on %(closes_on)s") % {"closes_on": call.closes_on})],
            409,
        )
    if not officer.active:
        errors.append(FieldError("officer", _("not an active officer")))
    errors += [FieldError(f, r) for f, r in officer_eligibility_problems(call=call, officer=officer)]
    if Nomination.objects.filter(event=event, officer=officer).exists():
        errors.append(FieldError("officer", _("already nominated for this event")))
    quota = quota_for(call=call, administration_id=officer.administration_id)
    if quota_used(event=event, administration_id=officer.administration_id) >= quota:
        errors.append(
            FieldError("officer", _("your administration's quota of %(quota)s is used up") % {"quota": quota})
        )
    if not isinstance(priority, int) or not 1 <= priority <= 99:
        errors.append(FieldError("priority", _("between 1 and 99")))
    if errors:
        raise DomainError(_("Nomination refused"), errors)
    nomination = Nomination.objects.create(
        event=event,
        administration_id=officer.administration_id,
        officer=officer,
        priority=priority,
        motivation=motivation.strip(),
        nominated_by=actor,
    )
    _audit(actor, "create", nomination)
    return nomination


def _lock(nomination: Nomination) -> Nomination:
    return Nomination.objects.select_for_update().select_related("event").get(pk=nomination.pk)


def _set_state(
    actor: Any, nomination: Nomination, state: str, waitlist_position: int | None = None
) -> Nomination:
    audited_update(
        actor=actor,
        instance=nomination,
        changes={"state": state, "waitlist_position": waitlist_position, "decided_by": actor},
    )
    return nomination


def _refuse(nomination: Nomination, allowed: Sequence[str]) -> DomainError:
    return DomainError(
        _("Not allowed at this state"),
        [
            FieldError(
                "state",
                _("is %(state)s; needs one of %(allowed)s")
                % {
                    "state": nomination.get_state_display().lower(),
                    "allowed": ", ".join(str(State(s).label).lower() for s in allowed),
                },
            )
        ],
        409,
    )


@transaction.atomic
def nomination_select(*, actor: Any, nomination: Nomination) -> Nomination:
    """The regional coordinator gives a nominee a seat (from the nominations or the waiting list)."""
    nomination = _lock(nomination)
    _require_regional(actor, nomination.event.region_id)
    event = _locked_event(nomination.event)
    if nomination.state not in (State.NOMINATED, State.WAITLISTED):
        raise _refuse(nomination, (State.NOMINATED, State.WAITLISTED))
    taken = Nomination.objects.filter(event=event, state=State.SELECTED).count()
    if taken >= event.seats:
        raise DomainError(
            _("The event is full"),
            [
                FieldError(
                    "seats",
                    _("all %(seats)s seats are taken; put the nominee on the waiting list")
                    % {"seats": event.seats},
                )
            ],
            409,
        )
    return _set_state(actor, nomination, State.SELECTED)


@transaction.atomic
def nomination_waitlist(*, actor: Any, nomination: Nomination) -> Nomination:
    nomination = _lock(nomination)
    _require_regional(actor, nomination.event.region_id)
    if nomination.state != State.NOMINATED:
        raise _refuse(nomination, (State.NOMINATED,))
    _locked_event(nomination.event)
    last = Nomination.objects.filter(event=nomination.event).aggregate(m=Max("waitlist_position"))["m"] or 0
    return _set_state(actor, nomination, State.WAITLISTED, last + 1)


@transaction.atomic
def nomination_decline(*, actor: Any, nomination: Nomination) -> Nomination:
    nomination = _lock(nomination)
    _require_regional(actor, nomination.event.region_id)
    if nomination.state not in (State.NOMINATED, State.WAITLISTED):
        raise _refuse(nomination, (State.NOMINATED, State.WAITLISTED))
    return _set_state(actor, nomination, State.NOT_SELECTED)


@transaction.atomic
def nomination_withdraw(*, actor: Any, nomination: Nomination) -> Nomination:
    """The focal point withdraws a nominee; a freed seat goes to the head of the waiting list."""
    nomination = _lock(nomination)
    require_role(user=actor, administration_id=nomination.administration_id, roles=MANAGERS)
    if nomination.state not in ACTIVE:
        raise _refuse(nomination, ACTIVE)
    event = _locked_event(nomination.event)
    freed = nomination.state == State.SELECTED
    _set_state(actor, nomination, State.WITHDRAWN)
    if freed:
        head = (
            Nomination.objects.filter(event=event, state=State.WAITLISTED)
            .order_by("waitlist_position")
            .first()
        )
        if head is not None:
            _set_state(actor, head, State.SELECTED)
    return nomination


@transaction.atomic
def selection_close(*, actor: Any, event: Event) -> Event:
    """End the selection: nominees neither selected nor waitlisted are not selected."""
    _require_regional(actor, event.region_id)
    event = _locked_event(event)
    for nomination in Nomination.objects.filter(event=event, state=State.NOMINATED):
        _set_state(actor, nomination, State.NOT_SELECTED)
    audited_update(
        actor=actor,
        instance=event,
        changes={"status": Event.Status.SELECTION_CLOSED},
        region_id=event.region_id,
    )
    return event


@transaction.atomic
def attendance_record(*, actor: Any, nomination: Nomination, attended: bool) -> Nomination:
    """Mark a selected participant as attended (which gives them a certificate number)."""
    nomination = _lock(nomination)
    _require_regional(actor, nomination.event.region_id)
    if nomination.state != State.SELECTED:
        raise _refuse(nomination, (State.SELECTED,))
    number = nomination.certificate_number
    if attended and number is None:
        number = uuid.uuid4()
    audited_update(
        actor=actor, instance=nomination, changes={"attended": attended, "certificate_number": number}
    )
    return nomination


@transaction.atomic
def agenda_item_add(
    *, actor: Any, event: Event, day: dt.date, starts_at: dt.time, title: str, speaker: str = ""
) -> AgendaItem:
    _require_regional(actor, event.region_id)
    errors = []
    if not event.starts_on <= day <= event.ends_on:
        errors.append(FieldError("day", _("outside the event's dates")))
    if not title.strip():
        errors.append(FieldError("title", _("required")))
    if errors:
        raise DomainError(_("Invalid agenda item"), errors)
    item = AgendaItem.objects.create(
        event=event, day=day, starts_at=starts_at, title=title.strip(), speaker=speaker.strip()
    )
    _audit(actor, "create", item, region_id=event.region_id)
    return item


@transaction.atomic
def material_add(*, actor: Any, event: Event, title: str, url: str) -> Material:
    _require_regional(actor, event.region_id)
    if not title.strip():
        raise invalid("title", _("required"))
    if not re.match(r"^https?://", url or ""):
        raise invalid("url", _("must start with http:// or https://"))
    material = Material.objects.create(event=event, title=title.strip(), url=url)
    after = snapshot(material, fields=["event", "title", "url"])
    audit_record(actor=actor, action="create", instance=material, after=after, region_id=event.region_id)
    return material


@transaction.atomic
def outcome_record(*, actor: Any, event: Event, text: str, kind: str = Outcome.Kind.OUTCOME) -> Outcome:
    _require_regional(actor, event.region_id)
    if not text.strip():
        raise invalid("text", _("required"))
    if kind not in Outcome.Kind.values:
        raise invalid("kind", _("unknown kind"))
    outcome = Outcome.objects.create(event=event, text=text.strip(), kind=kind)
    _audit(actor, "create", outcome, region_id=event.region_id)
    return outcome


@transaction.atomic
def outcome_start_practice(
    *, actor: Any, outcome: Outcome, administration: Administration, topics: Sequence[str]
) -> Practice:
    """Start a good-practice draft in the actor's administration from an event's recommendation."""
    event = outcome.event
    if administration.region_id != event.region_id:
        raise Http404("Not found")
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


# Expert pool ---------------------------------------------------------------------------------------


@transaction.atomic
def expert_register(
    *,
    actor: Any,
    region: Region,
    name: str,
    category: str,
    home_administration: Administration | None = None,
    officer: Officer | None = None,
    email: str = "",
    stage: str = Expert.Stage.WORKSHOP,
    languages: Sequence[str] = (),
    availability: str = Expert.Availability.AVAILABLE,
    competencies: Sequence[tuple[int, int]] = (),
    notes: str = "",
) -> Expert:
    """Register an expert: by their home administration's focal point, or by the region."""
    if home_administration is not None:
        if home_administration.region_id != region.pk:
            raise Http404("Not found")
        if not (
            access_for(actor).has_role(home_administration.pk, MANAGERS)
            or is_coordinator_of(user=actor, region_id=region.pk)
        ):
            raise Http404("Not found")
    else:
        _require_regional(actor, region.pk)
    errors: list[FieldError] = []
    if not name.strip():
        errors.append(FieldError("name", _("required")))
    if category not in ExpertCategory.values:
        errors.append(FieldError("category", _("not a WCO expert category")))
    if stage not in Expert.Stage.values:
        errors.append(FieldError("stage", _("unknown accreditation stage")))
    if availability not in Expert.Availability.values:
        errors.append(FieldError("availability", _("unknown availability")))
    if officer is not None and (
        home_administration is None or officer.administration_id != home_administration.pk
    ):
        errors.append(FieldError("officer", _("must belong to the home administration")))
    langs = _languages("languages", languages, errors)
    usable = set(
        competencies_visible_to(user=actor)
        .filter(id__in=[c for c, _ in competencies])
        .values_list("id", flat=True)
    )
    for i, (cid, level) in enumerate(competencies):
        if cid not in usable:
            errors.append(FieldError(f"competencies[{i}]", _("not found")))
        elif not isinstance(level, int) or not 1 <= level <= 10:
            errors.append(FieldError(f"competencies[{i}]", _("level between 1 and 10")))
    if errors:
        raise DomainError(_("Invalid expert"), errors)
    expert = Expert.objects.create(
        region=region,
        home_administration=home_administration,
        officer=officer,
        name=name.strip(),
        email=email.strip(),
        category=category,
        stage=stage,
        languages=langs,
        availability=availability,
        notes=notes.strip(),
        registered_by=actor,
    )
    ExpertCompetency.objects.bulk_create(
        [ExpertCompetency(expert=expert, competency_id=c, level=lv) for c, lv in dict(competencies).items()]
    )
    _audit(
        actor,
        "create",
        expert,
        administration_id=home_administration.pk if home_administration else None,
        region_id=region.pk,
    )
    return expert


STAGE_ORDER = [Expert.Stage.WORKSHOP, Expert.Stage.IN_FIELD, Expert.Stage.ACCREDITED]


@transaction.atomic
def expert_advance(*, actor: Any, expert: Expert) -> Expert:
    """Move an expert one accreditation stage on (workshop -> in-field mission -> accredited); the region decides."""
    _require_regional(actor, expert.region_id)
    index = STAGE_ORDER.index(Expert.Stage(expert.stage))
    if index == len(STAGE_ORDER) - 1:
        raise invalid("stage", _("already accredited"))
    audited_update(
        actor=actor, instance=expert, changes={"stage": STAGE_ORDER[index + 1]}, region_id=expert.region_id
    )
    return expert


@transaction.atomic
def mission_request(
    *,
    actor: Any,
    expert: Expert,
    purpose: str,
    starts_on: dt.date,
    ends_on: dt.date,
    requesting_administration: Administration | None = None,
) -> MissionRequest:
    """Ask for an expert for a mission, on behalf of an administration (its focal point) or the region."""
    if requesting_administration is not None:
        require_role(user=actor, administration_id=requesting_administration.pk, roles=MANAGERS)
        if requesting_administration.region_id != expert.region_id:
            raise Http404("Not found")
    else:
        _require_regional(actor, expert.region_id)
    errors = []
    if not purpose.strip():
        errors.append(FieldError("purpose", _("required")))
    if ends_on < starts_on:
        errors.append(FieldError("ends_on", _("before the start")))
    if expert.availability == Expert.Availability.UNAVAILABLE:
        errors.append(FieldError("expert", _("currently unavailable")))
    if errors:
        raise DomainError(_("Invalid mission request"), errors)
    mission = MissionRequest.objects.create(
        expert=expert,
        requesting_administration=requesting_administration,
        purpose=purpose.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        requested_by=actor,
    )
    _audit(
        actor, "create", mission, administration_id=expert.home_administration_id, region_id=expert.region_id
    )
    return mission


@transaction.atomic
def mission_decide(*, actor: Any, mission: MissionRequest, approve: bool) -> MissionRequest:
    """The expert's home administration (or the region, for experts without one) approves or declines."""
    mission = MissionRequest.objects.select_for_update().select_related("expert").get(pk=mission.pk)
    home = mission.expert.home_administration_id
    if home is not None:
        require_role(user=actor, administration_id=home, roles=MANAGERS)
    else:
        _require_regional(actor, mission.expert.region_id)
    if mission.state != MissionRequest.State.REQUESTED:
        raise DomainError(
            _("Already decided"),
            [FieldError("state", _("is %(state)s") % {"state": mission.get_state_display().lower()})],
            409,
        )
    state = MissionRequest.State.APPROVED if approve else MissionRequest.State.DECLINED
    audited_update(
        actor=actor,
        instance=mission,
        changes={"state": state, "decided_by": actor},
        administration_id=home,
        region_id=mission.expert.region_id,
    )
    return mission


@transaction.atomic
def event_mark_held(*, actor: Any, event: Event) -> Event:
    """Record that the event took place (after the selection closed)."""
    _require_regional(actor, event.region_id)
    event = _locked_event(event)
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
        )
    audited_update(
        actor=actor, instance=event, changes={"status": Event.Status.HELD}, region_id=event.region_id
    )
    return event


@transaction.atomic
def event_evaluation_send(
    *,
    actor: Any,
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
    _require_regional(actor, event.region_id)
    event = _locked_event(event)
    today = today or timezone.localdate()
    errors: list[FieldError] = []
    if event.survey_id is not None:
        raise DomainError(
            _("Already sent"),
            [FieldError("event", _("the evaluation form of this event was already sent"))],
            409,
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
        raise DomainError(_("Evaluation form not sent"), errors)
    if template is None:
        template = questionnaire_template_create(
            actor=actor,
            region=event.region,
            name=name.strip() or f"{event.title} ({event.starts_on.year})"[:200],
            kind=QuestionnaireTemplate.Kind.REACTION,
            anonymous=anonymous,
            questions=questions,
        )
    survey = survey_launch_regional(
        actor=actor, region=event.region, template=template, title=event.title, officers=officers
    )
    audited_update(actor=actor, instance=event, changes={"survey": survey}, region_id=event.region_id)
    return survey
