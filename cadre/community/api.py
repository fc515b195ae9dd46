"""Regional community API (mounted at /api/v1/community): events and their calls, nominations,
the expert pool and mission requests.

Events and experts are regional: every member of the region reads them. Nominations and mission
requests belong to administrations and are loaded through scoped selectors (a foreign id answers
404 like a missing one); each write calls one service.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from cadre.community import selectors as sel
from cadre.community import services
from cadre.community.models import Event, Expert, ExpertCategory, MissionRequest, Nomination
from cadre.core.errors import not_found_as
from cadre.needs.demand import demand_administration_get
from cadre.tenancy.access import MANAGERS
from cadre.tenancy.selectors import administration_get_for_user

router = Router(tags=["community"])
#: The largest id a database column holds: a larger one is a 422, not an overflow.
MAX_ID = 2**63 - 1


class CallOut(Schema):
    closes_on: dt.date
    quota_per_administration: int
    eligible_position_titles: list[str]
    required_level: int | None
    required_languages: list[str]


class EventOut(Schema):
    id: int
    kind: str = "event"
    code: str
    title: str
    theme: str
    starts_on: dt.date
    ends_on: dt.date
    venue: str
    organisers: str
    seats: int
    languages: list[str]
    status: str
    call: CallOut | None


class NominationOut(Schema):
    id: int
    kind: str = "nomination"
    event_id: int
    administration_id: int
    administration: str
    officer_id: int
    officer: str
    state: str
    priority: int
    waitlist_position: int | None


class NominationIn(Schema):
    officer_id: int
    priority: int = Field(1, ge=1, le=99)
    motivation: str = Field("", max_length=2000)


class DecisionIn(Schema):
    decision: Literal["select", "waitlist", "decline"]


class ExpertFilters(Schema):
    competency: int | None = Field(None, ge=1, le=MAX_ID)
    min_level: int | None = Field(None, ge=0, le=10)
    language: str = Field("", max_length=10)
    category: ExpertCategory | None = None
    stage: Expert.Stage | None = None
    available_only: bool = False


class ExpertOut(Schema):
    id: int
    kind: str = "expert"
    name: str
    home_administration: str | None = Field(description="None for an expert of the region itself.")
    category: str
    stage: str
    languages: list[str]
    availability: str
    competencies: dict[str, int] = Field(description="Competency code -> level.")


class MissionIn(Schema):
    administration_id: int | None = Field(
        None, description="The requesting administration; none: the region."
    )
    purpose: str = Field(max_length=5000)
    starts_on: dt.date
    ends_on: dt.date


class MissionDecisionIn(Schema):
    approve: bool


class MissionOut(Schema):
    id: int
    kind: str = "mission"
    expert_id: int
    expert: str
    requesting_administration_id: int | None
    purpose: str
    starts_on: dt.date
    ends_on: dt.date
    state: str


class DemandCellOut(Schema):
    administration_id: int
    administration: str
    language: str
    officers: int | None = Field(description="None: fewer officers than the regional threshold.")
    with_gap: int | None
    weighted: float | None


class ExpertMatchOut(Schema):
    expert_id: int
    name: str
    home_administration: str | None
    category: str
    stage: str
    availability: str
    level: int
    languages: list[str]
    reaches: int = Field(
        description="Officers with a gap in administrations whose language the expert speaks."
    )


class LanguageNeedOut(Schema):
    language: str
    with_gap: int
    experts: int


class SupplyDemandOut(Schema):
    competency_id: int
    code: str
    title: str
    required_level: int | None
    officers: int | None = Field(description="None: fewer officers than the regional threshold.")
    with_gap: int | None
    weighted: float | None
    administrations: list[DemandCellOut]
    languages: list[LanguageNeedOut]
    experts_by_language: dict[str, int]
    available: int
    shortfall: int | None = Field(description="Officers with a gap no matching expert can reach.")
    uncovered_languages: list[str]
    covered: bool
    experts: list[ExpertMatchOut] = Field(description="Ranked: reach, level, stage, availability.")


class SupplyDemandFilters(Schema):
    include_in_field: bool = False


def _supply_out(row: sel.SupplyDemandRow) -> SupplyDemandOut:
    d = row.demand
    return SupplyDemandOut(
        competency_id=d.competency_id,
        code=d.code,
        title=d.title,
        required_level=d.required_level,
        officers=d.officers,
        with_gap=d.with_gap,
        weighted=d.weighted,
        administrations=[DemandCellOut(**vars(c)) for c in d.administrations],
        languages=[LanguageNeedOut(**vars(n)) for n in row.languages],
        experts_by_language=dict(row.experts_by_language),
        available=row.available,
        shortfall=row.shortfall,
        uncovered_languages=list(row.uncovered_languages),
        covered=row.covered,
        experts=[ExpertMatchOut(**{**vars(m), "languages": list(m.languages)}) for m in row.experts],
    )


def _event_out(event: Event) -> EventOut:
    call = getattr(event, "call", None)
    return EventOut(
        id=event.pk,
        code=event.code,
        title=event.title,
        theme=event.theme,
        starts_on=event.starts_on,
        ends_on=event.ends_on,
        venue=event.venue,
        organisers=event.organisers,
        seats=event.seats,
        languages=list(event.languages or []),
        status=event.status,
        call=None
        if call is None
        else CallOut(
            closes_on=call.closes_on,
            quota_per_administration=call.quota_per_administration,
            eligible_position_titles=list(call.eligible_position_titles or []),
            required_level=call.required_level,
            required_languages=list(call.required_languages or []),
        ),
    )


def _nomination_out(n: Nomination) -> NominationOut:
    return NominationOut(
        id=n.pk,
        event_id=n.event_id,
        administration_id=n.administration_id,
        administration=n.administration.name,
        officer_id=n.officer_id,
        officer=str(n.officer),
        state=n.state,
        priority=n.priority,
        waitlist_position=n.waitlist_position,
    )


def _expert_out(e: Expert) -> ExpertOut:
    return ExpertOut(
        id=e.pk,
        name=e.name,
        home_administration=e.home_administration.name if e.home_administration else None,
        category=e.category,
        stage=e.stage,
        languages=list(e.languages or []),
        availability=e.availability,
        competencies={ec.competency.code: ec.level for ec in e.competencies.all()},
    )


def _mission_out(m: MissionRequest) -> MissionOut:
    return MissionOut(
        id=m.pk,
        expert_id=m.expert_id,
        expert=m.expert.name,
        requesting_administration_id=m.requesting_administration_id,
        purpose=m.purpose,
        starts_on=m.starts_on,
        ends_on=m.ends_on,
        state=m.state,
    )


@router.get("/events", response=list[EventOut])
def event_list(request: HttpRequest) -> list[EventOut]:
    """The region's events (workshops), newest first, each with its call for nominations."""
    events = sel.events_visible_to(user=request.user).select_related("call").order_by("-starts_on", "id")
    return [_event_out(e) for e in events[:200]]


@router.get("/events/{event_id}", response=EventOut)
def event_detail(request: HttpRequest, event_id: int) -> EventOut:
    return _event_out(sel.event_get_for_user(user=request.user, event_id=event_id))


@router.get("/events/{event_id}/nominations", response=list[NominationOut])
def event_nomination_list(request: HttpRequest, event_id: int) -> list[NominationOut]:
    """Your share of the event's nominations: your administrations' (focal point), or all (region)."""
    event = sel.event_get_for_user(user=request.user, event_id=event_id)
    return [_nomination_out(n) for n in sel.event_nominations(user=request.user, event=event)]


@router.get("/events/{event_id}/participants", response=list[NominationOut])
def event_participants(request: HttpRequest, event_id: int) -> list[NominationOut]:
    """The selected participants: for the region and its members' focal points (others: 404)."""
    event = sel.event_get_for_user(user=request.user, event_id=event_id)
    return [_nomination_out(n) for n in sel.participant_list(user=request.user, event=event)]


@router.post("/events/{event_id}/nominations", response={201: NominationOut})
def nomination_create(
    request: HttpRequest, event_id: int, payload: NominationIn
) -> tuple[int, NominationOut]:
    """As your administration's focal point, nominate one of its officers within its quota."""
    event = sel.event_get_for_user(user=request.user, event_id=event_id)
    with not_found_as("officer_id"):
        officer = sel.officer_get_for_nomination(
            user=request.user, event=event, officer_id=payload.officer_id
        )
    nomination = services.nomination_create(
        actor=request.user,
        event=event,
        officer=officer,
        priority=payload.priority,
        motivation=payload.motivation,
    )
    return 201, _nomination_out(sel.nomination_get_for_user(user=request.user, nomination_id=nomination.pk))


@router.post("/nominations/{nomination_id}/decision", response=NominationOut)
def nomination_decide(request: HttpRequest, nomination_id: int, payload: DecisionIn) -> NominationOut:
    """The regional coordinator selects a nominee, puts them on the waiting list, or declines them."""
    nomination = sel.nomination_get_for_user(user=request.user, nomination_id=nomination_id)
    decide = {
        "select": services.nomination_select,
        "waitlist": services.nomination_waitlist,
        "decline": services.nomination_decline,
    }[payload.decision]
    nomination = decide(actor=request.user, nomination=nomination)
    return _nomination_out(sel.nomination_get_for_user(user=request.user, nomination_id=nomination.pk))


@router.post("/nominations/{nomination_id}/withdrawal", response=NominationOut)
def nomination_withdraw(request: HttpRequest, nomination_id: int) -> NominationOut:
    """The focal point withdraws a nominee; a freed seat goes to the head of the waiting list."""
    nomination = sel.nomination_get_for_user(user=request.user, nomination_id=nomination_id)
    nomination = services.nomination_withdraw(actor=request.user, nomination=nomination)
    return _nomination_out(sel.nomination_get_for_user(user=request.user, nomination_id=nomination.pk))


@router.get("/experts", response=list[ExpertOut])
def expert_list(request: HttpRequest, filters: Query[ExpertFilters]) -> list[ExpertOut]:
    """Search the region's expert pool by competency (and minimum level), language, category, stage."""
    experts = sel.expert_search(
        user=request.user,
        competency_id=filters.competency,
        min_level=filters.min_level,
        language=filters.language,
        category=filters.category or "",
        stage=filters.stage or "",
        available_only=filters.available_only,
    ).prefetch_related("competencies__competency")
    return [_expert_out(e) for e in experts[:200]]


@router.get("/experts/{expert_id}", response=ExpertOut)
def expert_detail(request: HttpRequest, expert_id: int) -> ExpertOut:
    return _expert_out(sel.expert_get_for_user(user=request.user, expert_id=expert_id))


@router.post("/experts/{expert_id}/missions", response={201: MissionOut})
def mission_create(request: HttpRequest, expert_id: int, payload: MissionIn) -> tuple[int, MissionOut]:
    """Request the expert for a mission, for your administration (as its focal point) or the region."""
    expert = sel.expert_get_for_user(user=request.user, expert_id=expert_id)
    administration = None
    if payload.administration_id is not None:
        with not_found_as("administration_id"):
            administration = administration_get_for_user(
                user=request.user, administration_id=payload.administration_id, roles=MANAGERS
            )
    mission = services.mission_request(
        actor=request.user,
        expert=expert,
        purpose=payload.purpose,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        requesting_administration=administration,
    )
    return 201, _mission_out(sel.mission_get_for_user(user=request.user, mission_id=mission.pk))


@router.get("/supply-demand", response=list[SupplyDemandOut])
def supply_demand(request: HttpRequest, filters: Query[SupplyDemandFilters]) -> list[SupplyDemandOut]:
    """The region's needs per competency against the expert pool (regional coordinator and admin)."""
    rows = sel.expert_supply_vs_demand(user=request.user, include_in_field=filters.include_in_field)
    return [_supply_out(r) for r in rows]


@router.get("/supply-demand/{administration_id}", response=list[SupplyDemandOut])
def supply_demand_administration(
    request: HttpRequest, administration_id: int, filters: Query[SupplyDemandFilters]
) -> list[SupplyDemandOut]:
    """One administration's needs against the pool: its focal points, or its region's coordinator."""
    administration = demand_administration_get(user=request.user, administration_id=administration_id)
    rows = sel.expert_supply_vs_demand(
        user=request.user, administration=administration, include_in_field=filters.include_in_field
    )
    return [_supply_out(r) for r in rows]


@router.get("/missions", response=list[MissionOut])
def mission_list(request: HttpRequest) -> list[MissionOut]:
    """Mission requests you take part in: requested by or for your administrations, or the region's."""
    missions = sel.missions_visible_to(user=request.user).order_by("-created_at", "-id")
    return [_mission_out(m) for m in missions[:200]]


@router.post("/missions/{mission_id}/decision", response=MissionOut)
def mission_decide(request: HttpRequest, mission_id: int, payload: MissionDecisionIn) -> MissionOut:
    """The expert's home administration (the region, for its own experts) approves or declines."""
    mission = sel.mission_get_for_user(user=request.user, mission_id=mission_id)
    mission = services.mission_decide(actor=request.user, mission=mission, approve=payload.approve)
    return _mission_out(sel.mission_get_for_user(user=request.user, mission_id=mission.pk))
