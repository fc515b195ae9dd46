"""Read regional events, nominations and the expert pool, scoped to the caller.

- Events are regional: every member of the region (administration staff or regional role) sees them.
- Nominations are personal data of an administration: its focal points (training manager, admin)
  see their own; the region's coordinators and admins see all; nobody else. The participant list
  (selected nominees) is shown to the region's coordinators and to focal points of its members;
  an officer reads their own nomination (and certificate) only.
- Experts are visible to the region's members; mission requests to the requesting and home
  administrations' focal points and to the region. Supply against demand: the region's view is its
  coordinators'; one administration's is its focal points' and its region's coordinators'.
- An event's evaluation results are the region's coordinators'.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from cadre.community.models import Event, Expert, MissionRequest, Nomination, NominationCall, Quota
from cadre.competencies.selectors import current_levels
from cadre.core.errors import NotFound
from cadre.evaluation.models import QuestionnaireTemplate
from cadre.evaluation.selectors import (
    ReactionSummary,
    has_open_invitation,
    min_group,
    reaction_summary,
    regional_templates_for_user,
)
from cadre.needs.demand import CompetencyDemand, administration_demand, regional_demand
from cadre.people.models import Officer
from cadre.tenancy.access import MANAGERS, access_for, get_scoped_or_404
from cadre.tenancy.models import Administration
from cadre.tenancy.types import REGIONAL_ROLES

ACTIVE = (Nomination.State.NOMINATED, Nomination.State.SELECTED, Nomination.State.WAITLISTED)


def is_coordinator_of(*, user: Any, region_id: int) -> bool:
    return region_id in access_for(user).region_ids(REGIONAL_ROLES)


def events_visible_to(*, user: Any) -> QuerySet[Event]:
    return Event.objects.filter(region_id__in=access_for(user).region_ids())


def event_get_for_user(*, user: Any, event_id: int) -> Event:
    return get_scoped_or_404(events_visible_to(user=user).select_related("call"), pk=event_id)


def event_get_coordinated_by(*, user: Any, event_id: int) -> Event:
    qs = Event.objects.filter(region_id__in=access_for(user).region_ids(REGIONAL_ROLES))
    return get_scoped_or_404(qs, pk=event_id)


def nominations_visible_to(*, user: Any) -> QuerySet[Nomination]:
    access = access_for(user)
    q = Q(administration_id__in=access.administration_ids(MANAGERS)) | Q(
        event__region_id__in=access.region_ids(REGIONAL_ROLES)
    )
    return Nomination.objects.filter(q).select_related("officer", "administration", "event")


def nomination_get_for_user(*, user: Any, nomination_id: int) -> Nomination:
    return get_scoped_or_404(nominations_visible_to(user=user), pk=nomination_id)


def event_nominations(*, user: Any, event: Event) -> QuerySet[Nomination]:
    """The caller's share of an event's nominations (their administrations', or all for the region)."""
    return (
        nominations_visible_to(user=user)
        .filter(event=event)
        .order_by("state", "waitlist_position", "administration__name", "priority", "id")
    )


def participant_list_visible(*, user: Any, event: Event) -> bool:
    """The region's coordinators and the focal points of its member administrations see participants."""
    if is_coordinator_of(user=user, region_id=event.region_id):
        return True
    managed = access_for(user).administration_ids(MANAGERS)
    return Administration.objects.filter(pk__in=managed, region_id=event.region_id).exists()


def participant_list(*, user: Any, event: Event) -> list[Nomination]:
    """The selected participants, for those who may see them (else 404)."""
    if not participant_list_visible(user=user, event=event):
        raise NotFound(code="event.not_found")
    return list(
        Nomination.objects.filter(event=event, state=Nomination.State.SELECTED)
        .select_related("officer", "administration", "officer__position")
        .order_by("administration__name", "officer__family_name", "officer__given_name", "id")
    )


def own_participation(*, user: Any, event: Event) -> Nomination | None:
    """The caller's own nomination for the event, as the officer nominated (none for others)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Nomination.objects.filter(event=event, officer__user_id=user.pk).first()


def participation_get_for_user(*, user: Any, nomination_id: int) -> Nomination:
    """A nomination the caller may read: their share as focal point or region, or their own."""
    own = Q(officer__user_id=user.pk) if getattr(user, "is_authenticated", False) else Q(pk__in=[])
    qs = Nomination.objects.filter(Q(pk__in=nominations_visible_to(user=user).values("pk")) | own)
    return get_scoped_or_404(qs.select_related("officer", "administration", "event"), pk=nomination_id)


@dataclass(frozen=True)
class EventEvaluation:
    survey_id: int
    questionnaire: str
    summary: ReactionSummary
    min_group: int


def event_evaluation(*, user: Any, event: Event) -> EventEvaluation | None:
    """The results of the event's evaluation form, for the region's coordinators (None for others)."""
    if event.survey_id is None or not is_coordinator_of(user=user, region_id=event.region_id):
        return None
    survey = event.survey
    assert survey is not None
    return EventEvaluation(
        survey.pk, survey.template.name, reaction_summary(survey_ids=[survey.pk]), min_group()
    )


def event_evaluation_pending_for(*, user: Any, event: Event) -> bool:
    """Whether the caller was asked to answer the event's evaluation form and has not yet."""
    return event.survey_id is not None and has_open_invitation(user=user, survey_id=event.survey_id)


def event_questionnaires(*, user: Any, event: Event) -> QuerySet[QuestionnaireTemplate]:
    """The region's questionnaires its coordinators may send for the event."""
    return regional_templates_for_user(user=user, region_id=event.region_id).filter(kind="reaction")


def quota_for(*, call: NominationCall, administration_id: int) -> int:
    override = Quota.objects.filter(call=call, administration_id=administration_id).values_list(
        "seats", flat=True
    )
    return next(iter(override), call.quota_per_administration)


def quota_used(*, event: Event, administration_id: int) -> int:
    return Nomination.objects.filter(
        event=event, administration_id=administration_id, state__in=ACTIVE
    ).count()


@dataclass(frozen=True)
class QuotaRow:
    administration_id: int
    administration: str
    quota: int
    used: int


def quota_status(*, user: Any, event: Event) -> list[QuotaRow]:
    """Quota and active nominations per administration the caller may see (all, for the region)."""
    if not hasattr(event, "call"):
        return []
    access = access_for(user)
    admins = Administration.objects.filter(region_id=event.region_id)
    if not is_coordinator_of(user=user, region_id=event.region_id):
        admins = admins.filter(id__in=access.administration_ids(MANAGERS))
    used = dict(
        Nomination.objects.filter(event=event, state__in=ACTIVE)
        .values_list("administration_id")
        .annotate(n=Count("id"))
        .values_list("administration_id", "n")
    )
    overrides = dict(Quota.objects.filter(call=event.call).values_list("administration_id", "seats"))
    return [
        QuotaRow(a.pk, a.name, overrides.get(a.pk, event.call.quota_per_administration), used.get(a.pk, 0))
        for a in admins.order_by("name")
    ]


def officers_nominable_for(*, user: Any, event: Event) -> QuerySet[Officer]:
    """Active officers of the caller's administrations (as focal point) not yet nominated."""
    ids = access_for(user).administration_ids(MANAGERS)
    taken = Nomination.objects.filter(event=event).values("officer_id")
    return (
        Officer.objects.filter(
            administration_id__in=ids, administration__region_id=event.region_id, active=True
        )
        .exclude(id__in=taken)
        .select_related("position", "administration")
        .order_by("family_name", "given_name", "id")
    )


def officer_eligibility_problems(*, call: NominationCall, officer: Officer) -> list[tuple[str, str]]:
    """Why an officer does not meet the call's rules, as (field, reason); empty when eligible."""
    problems: list[tuple[str, str]] = []
    titles = [t.casefold() for t in call.eligible_position_titles]
    if titles and (officer.position is None or officer.position.title.casefold() not in titles):
        problems.append(("officer", _("position not eligible for this call")))
    if call.required_competency_id and call.required_level:
        levels = current_levels(officer_ids=[officer.pk], competency_ids=[call.required_competency_id])
        if levels.get((officer.pk, call.required_competency_id), 0) < call.required_level:
            problems.append(
                (
                    "officer",
                    _("needs level %(level)s in the required competency") % {"level": call.required_level},
                )
            )
    if call.required_languages and not set(call.required_languages) & set(officer.languages or []):
        problems.append(
            (
                "officer",
                _("must speak one of: %(languages)s") % {"languages": ", ".join(call.required_languages)},
            )
        )
    return problems


# Expert pool ---------------------------------------------------------------------------------------


def experts_visible_to(*, user: Any) -> QuerySet[Expert]:
    return Expert.objects.filter(region_id__in=access_for(user).region_ids()).select_related(
        "home_administration"
    )


def expert_get_for_user(*, user: Any, expert_id: int) -> Expert:
    return get_scoped_or_404(
        experts_visible_to(user=user).prefetch_related("competencies__competency"), pk=expert_id
    )


def expert_search(
    *,
    user: Any,
    competency_id: int | None = None,
    min_level: int | None = None,
    language: str = "",
    category: str = "",
    stage: str = "",
    available_only: bool = False,
) -> QuerySet[Expert]:
    qs = experts_visible_to(user=user)
    if competency_id:
        q = Q(competencies__competency_id=competency_id)
        if min_level:
            q &= Q(competencies__level__gte=min_level)
        qs = qs.filter(q)
    if language:
        qs = qs.filter(id__in=[e.pk for e in qs if language in (e.languages or [])])
    if category:
        qs = qs.filter(category=category)
    if stage:
        qs = qs.filter(stage=stage)
    if available_only:
        qs = qs.exclude(availability=Expert.Availability.UNAVAILABLE)
    return qs.distinct().order_by("-stage", "name", "id")


def missions_visible_to(*, user: Any) -> QuerySet[MissionRequest]:
    access = access_for(user)
    managed = access.administration_ids(MANAGERS)
    q = (
        Q(requesting_administration_id__in=managed)
        | Q(expert__home_administration_id__in=managed)
        | Q(expert__region_id__in=access.region_ids(REGIONAL_ROLES))
    )
    return MissionRequest.objects.filter(q).select_related("expert", "requesting_administration")


def mission_get_for_user(*, user: Any, mission_id: int) -> MissionRequest:
    return get_scoped_or_404(missions_visible_to(user=user), pk=mission_id)


@dataclass(frozen=True)
class SupplyRow:
    competency_id: int
    code: str
    title: str
    experts: int
    languages: tuple[str, ...]


def expert_supply(*, user: Any) -> list[SupplyRow]:
    """Accredited or in-field experts available per competency (the supply side of regional needs)."""
    rows: dict[int, tuple[str, str, set[int], set[str]]] = {}
    qs = experts_visible_to(user=user).exclude(availability=Expert.Availability.UNAVAILABLE)
    for expert in qs.prefetch_related("competencies__competency"):
        for ec in expert.competencies.all():
            _code, _title, ids, langs = rows.setdefault(
                ec.competency_id, (ec.competency.code, ec.competency.title, set(), set())
            )
            ids.add(expert.pk)
            langs.update(expert.languages or [])
    return [
        SupplyRow(cid, code, title, len(ids), tuple(sorted(langs)))
        for cid, (code, title, ids, langs) in sorted(rows.items(), key=lambda kv: kv[1][0])
    ]


def officer_get_for_nomination(*, user: Any, event: Event, officer_id: int) -> Officer:
    """An officer of an administration the caller is focal point of, in the event's region (else 404)."""
    ids = access_for(user).administration_ids(MANAGERS)
    qs = Officer.objects.filter(administration_id__in=ids, administration__region_id=event.region_id)
    return get_scoped_or_404(qs.select_related("administration"), pk=officer_id)


# Supply against demand --------------------------------------------------------------------------------

STAGE_RANK = {Expert.Stage.WORKSHOP: 0, Expert.Stage.IN_FIELD: 1, Expert.Stage.ACCREDITED: 2}


@dataclass(frozen=True)
class ExpertMatch:
    expert_id: int
    name: str
    home_administration: str | None
    category: str
    stage: str
    availability: str
    level: int
    languages: tuple[str, ...]
    reaches: int  # officers with a gap, in administrations whose language the expert speaks


@dataclass(frozen=True)
class LanguageNeed:
    language: str
    with_gap: int
    experts: int  # matching experts who speak it


@dataclass(frozen=True)
class SupplyDemandRow:
    """Demand in one competency against the experts who could meet it.

    ``shortfall`` counts the officers with a gap that no matching expert can reach: all of them
    when nobody matches, else those of the demand languages no matching expert speaks. Languages
    come from the administrations whose cell is shown (a suppressed cell has no language).
    """

    demand: CompetencyDemand
    languages: tuple[LanguageNeed, ...]
    experts_by_language: tuple[tuple[str, int], ...]
    experts: tuple[ExpertMatch, ...]  # ranked: reach, level, stage, availability, name
    shortfall: int | None  # None: the demand itself is suppressed and no expert matches
    uncovered_languages: tuple[str, ...]

    @property
    def available(self) -> int:
        return len(self.experts)

    @property
    def covered(self) -> bool:
        return bool(self.experts) and not self.shortfall and not self.uncovered_languages


def _matching_experts(
    *, user: Any, region_ids: set[int], competency_ids: set[int], stages: tuple[str, ...]
) -> dict[int, list[tuple[Expert, int]]]:
    """Available experts of the regions at the given stages: competency id -> (expert, level)."""
    qs = (
        experts_visible_to(user=user)
        .filter(region_id__in=region_ids, stage__in=stages)
        .exclude(availability=Expert.Availability.UNAVAILABLE)
        .prefetch_related("competencies")
    )
    found: dict[int, list[tuple[Expert, int]]] = {}
    for expert in qs:
        for ec in expert.competencies.all():
            if ec.competency_id in competency_ids:
                found.setdefault(ec.competency_id, []).append((expert, ec.level))
    return found


def _supply_row(demand: CompetencyDemand, candidates: list[tuple[Expert, int]]) -> SupplyDemandRow:
    need: dict[str, int] = {}
    for cell in demand.administrations:
        if cell.with_gap:
            need[cell.language] = need.get(cell.language, 0) + cell.with_gap
    matches = []
    for expert, level in candidates:
        if demand.required_level is not None and level < demand.required_level:
            continue
        langs = tuple(expert.languages or [])
        matches.append(
            ExpertMatch(
                expert.pk,
                expert.name,
                expert.home_administration.name if expert.home_administration else None,
                expert.category,
                expert.stage,
                expert.availability,
                level,
                langs,
                sum(n for lang, n in need.items() if lang in langs),
            )
        )
    matches.sort(
        key=lambda m: (
            -m.reaches,
            -m.level,
            -STAGE_RANK[Expert.Stage(m.stage)],
            m.availability != Expert.Availability.AVAILABLE,
            m.name,
            m.expert_id,
        )
    )
    spoken: dict[str, int] = {}
    for m in matches:
        for lang in m.languages:
            spoken[lang] = spoken.get(lang, 0) + 1
    uncovered = tuple(sorted(lang for lang in need if lang not in spoken))
    shortfall = demand.with_gap if not matches else sum(need[lang] for lang in uncovered)
    return SupplyDemandRow(
        demand,
        tuple(LanguageNeed(lang, n, spoken.get(lang, 0)) for lang, n in sorted(need.items())),
        tuple(sorted(spoken.items())),
        tuple(matches),
        shortfall,
        uncovered,
    )


def expert_supply_vs_demand(
    *, user: Any, administration: Administration | None = None, include_in_field: bool = False
) -> list[SupplyDemandRow]:
    """Each competency in demand (some officer with a gap, or a suppressed count) against the pool.

    Without ``administration``: the region's aggregated needs (regional roles only, else 404); with
    it: that administration's (its focal points, or its region's coordinator). Experts match when
    available (not "unavailable"), accredited (or in the in-field stage, when asked) and at or above
    the competency's required level.
    """
    if administration is None:
        demands = regional_demand(user=user)
        region_ids = access_for(user).region_ids(REGIONAL_ROLES)
    else:
        demands = administration_demand(user=user, administration=administration)
        region_ids = {administration.region_id}
    demands = [d for d in demands if d.with_gap is None or d.with_gap > 0]
    stages = (
        (Expert.Stage.ACCREDITED, Expert.Stage.IN_FIELD) if include_in_field else (Expert.Stage.ACCREDITED,)
    )
    candidates = _matching_experts(
        user=user, region_ids=region_ids, competency_ids={d.competency_id for d in demands}, stages=stages
    )
    return [_supply_row(d, candidates.get(d.competency_id, [])) for d in demands]
