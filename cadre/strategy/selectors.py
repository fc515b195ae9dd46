"""Read strategic objectives, scoped to the caller; derive what an objective touches."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, QuerySet

from cadre.competencies.models import RoleProfile
from cadre.people.models import Officer
from cadre.strategy.models import KPI, ObjectiveCompetency, StrategicObjective
from cadre.tenancy.access import MANAGERS, get_scoped_or_404, scope_to_administrations
from cadre.translations.selectors import with_translations

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class ObjectiveCounts(TypedDict):
    kpi_count: int
    competency_count: int


def objectives_for_user(*, user: Any, roles: frozenset[str] = MANAGERS) -> QuerySet[StrategicObjective]:
    return scope_to_administrations(StrategicObjective.objects.all(), user=user, roles=roles).select_related(
        "administration"
    )


def objective_get_for_user(
    *, user: Any, objective_id: int, roles: frozenset[str] = MANAGERS
) -> StrategicObjective:
    """One objective, with its title and description in the viewer's language where translated."""
    objectives = with_translations(
        objectives_for_user(user=user, roles=roles), kind="objective", fields=["title", "description"]
    )
    return get_scoped_or_404(objectives, pk=objective_id)


def objectives_of_administration(
    *, user: Any, administration_id: int
) -> QuerySet[WithAnnotations[StrategicObjective, ObjectiveCounts]]:
    """The administration's objectives with their counts and title in the viewer's language (``title_tr``)."""
    return (
        with_translations(objectives_for_user(user=user), kind="objective", fields=["title"])
        .filter(administration_id=administration_id)
        .annotate(
            kpi_count=Count("kpis", distinct=True), competency_count=Count("competency_links", distinct=True)
        )
    )


def kpi_get_for_user(*, user: Any, kpi_id: int) -> KPI:
    qs = scope_to_administrations(
        KPI.objects.select_related("objective"), user=user, field_name="objective__administration"
    )
    return get_scoped_or_404(qs, pk=kpi_id)


def objective_link_get_for_user(*, user: Any, link_id: int) -> ObjectiveCompetency:
    qs = scope_to_administrations(
        ObjectiveCompetency.objects.select_related("objective", "competency"),
        user=user,
        field_name="objective__administration",
    )
    return get_scoped_or_404(qs, pk=link_id)


def objective_kpis(*, objective: StrategicObjective) -> list[KPI]:
    """The objective's KPIs with their measurements (two queries)."""
    return list(objective.kpis.prefetch_related("measurements"))


def objective_links(*, objective: StrategicObjective) -> QuerySet[ObjectiveCompetency]:
    return objective.competency_links.select_related("competency", "competency__framework")


def objective_role_profiles(*, objective: StrategicObjective) -> QuerySet[RoleProfile]:
    """Role profiles of the administration that require any competency the objective needs (one query)."""
    competency_ids = ObjectiveCompetency.objects.filter(objective=objective).values("competency_id")
    return (
        RoleProfile.objects.filter(
            administration_id=objective.administration_id, requirements__competency_id__in=competency_ids
        )
        .distinct()
        .select_related("position")
        .order_by("position__title")
    )


def objective_officers(*, objective: StrategicObjective) -> QuerySet[Officer]:
    """Active officers whose position's profile requires a competency the objective needs."""
    competency_ids = ObjectiveCompetency.objects.filter(objective=objective).values("competency_id")
    positions = RoleProfile.objects.filter(
        administration_id=objective.administration_id, requirements__competency_id__in=competency_ids
    ).values("position_id")
    return Officer.objects.filter(
        administration_id=objective.administration_id, active=True, position_id__in=positions
    )


def strategic_relevance(*, administration_id: int, as_of: dt.date, mode: str = "sum") -> dict[int, float]:
    """Strategic relevance per competency: relevance x priority weight over the objectives not yet ended.

    ``mode`` "sum" adds the contributions of every objective, "max" keeps the strongest one.
    """
    rows = ObjectiveCompetency.objects.filter(
        objective__administration_id=administration_id, objective__period_end__gte=as_of
    ).values_list("competency_id", "relevance", "objective__priority_weight")
    out: dict[int, float] = {}
    for competency_id, relevance, weight in rows:
        value = relevance * weight
        if mode == "max":
            out[competency_id] = max(out.get(competency_id, 0.0), value)
        else:
            out[competency_id] = out.get(competency_id, 0.0) + value
    return out


def linkable_competencies(*, objective: StrategicObjective) -> QuerySet[Any]:
    """Competencies the objective's administration may link (its frameworks and the regional ones)."""
    from cadre.competencies.selectors import competencies_for_administration

    return competencies_for_administration(administration_id=objective.administration_id).order_by("code")


def objective_titles_by_competency(*, administration_id: int, as_of: dt.date) -> dict[int, list[str]]:
    """For each competency, the titles of the objectives not yet ended that need it, strongest first."""
    rows = (
        ObjectiveCompetency.objects.filter(
            objective__administration_id=administration_id, objective__period_end__gte=as_of
        )
        .order_by("competency_id", "-objective__priority_weight", "-relevance", "objective__title")
        .values_list("competency_id", "objective__title")
    )
    out: dict[int, list[str]] = {}
    for competency_id, title in rows:
        out.setdefault(competency_id, []).append(title)
    return out


def kpis_for_competencies(*, administration_id: int, competency_ids: list[int]) -> list[tuple[KPI, float]]:
    """KPIs of the administration's objectives that need any of the competencies, with the strongest
    relevance of those links; measurements prefetched in date order."""
    from django.db.models import Prefetch

    from cadre.strategy.models import KPIMeasurement

    links = ObjectiveCompetency.objects.filter(
        objective__administration_id=administration_id, competency_id__in=competency_ids
    ).values_list("objective_id", "relevance")
    relevance: dict[int, float] = {}
    for objective_id, value in links:
        relevance[objective_id] = max(relevance.get(objective_id, 0.0), value)
    kpis = (
        KPI.objects.filter(objective_id__in=list(relevance))
        .select_related("objective")
        .prefetch_related(Prefetch("measurements", queryset=KPIMeasurement.objects.order_by("measured_on")))
        .order_by("objective__title", "name")
    )
    return [(kpi, relevance[kpi.objective_id]) for kpi in kpis]
