"""Read frameworks, role profiles and assessments, scoped to the caller.

The current-level rule (documented in docs/competencies.md and tested):
an officer's current level in a competency is the level of their **latest counting assessment**,
ordered by ``assessed_on`` then by entry order. An assessment counts when its validation state is
``validated``. Self-assessments are stored as ``pending`` when the administration requires
supervisor validation, so they do not count until a supervisor validates them; a rejected
assessment never counts. An officer with no counting assessment has no current level (unknown),
which is not the same as level 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from cadre.competencies.models import (
    Assessment,
    Competency,
    CompetencyMapping,
    Framework,
    RoleProfile,
    RoleRequirement,
    Scale,
    ScaleLevel,
)
from cadre.core.pickers import PickerOption, PickerResult, picker_filter
from cadre.people.models import Officer, Position
from cadre.people.selectors import officers_visible_to
from cadre.tenancy.access import MANAGERS, MEMBERS, access_for, get_scoped_or_404, q_for_administrations
from cadre.translations.selectors import with_translations


def frameworks_visible_to(*, user: Any) -> QuerySet[Framework]:
    """Frameworks of the caller's administrations, plus the regional frameworks of their regions."""
    access = access_for(user)
    return Framework.objects.filter(
        Q(administration_id__in=access.administration_ids(MEMBERS)) | Q(region_id__in=access.region_ids())
    ).select_related("scale", "extends", "administration", "region")


def framework_get_for_user(*, user: Any, framework_id: int) -> Framework:
    return get_scoped_or_404(frameworks_visible_to(user=user), pk=framework_id)


def frameworks_editable_by(*, user: Any) -> QuerySet[Framework]:
    """Administration frameworks the caller manages; regional ones for regional admins."""
    from cadre.tenancy.types import Role

    access = access_for(user)
    return Framework.objects.filter(
        Q(administration_id__in=access.administration_ids(MANAGERS))
        | Q(region_id__in=access.region_ids({Role.REGIONAL_ADMIN}))
    )


def framework_tree(*, framework: Framework) -> list[tuple[Competency, int]]:
    """The framework's nodes in display order with their depth (one query), each with its title and
    description in the viewer's language where translated (``title_tr``, ``description_tr``)."""
    nodes = list(
        with_translations(
            framework.competencies.all(), kind="competency", fields=["title", "description"]
        ).order_by("sequence", "code")
    )
    children: dict[int | None, list[Competency]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    out: list[tuple[Competency, int]] = []
    seen: set[int] = set()
    # Depth first without recursion: a deep chain of nodes must not exhaust Python's stack.
    stack: list[tuple[Competency, int]] = [(node, 0) for node in reversed(children.get(None, []))]
    while stack:
        node, depth = stack.pop()
        if node.pk in seen:  # defensive: a cycle must never hang a page
            continue
        seen.add(node.pk)
        out.append((node, depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(node.pk, [])))
    return out


def competencies_for_administration(*, administration_id: int) -> QuerySet[Competency]:
    """Competencies an administration may use: its own frameworks' and the regional ones they extend."""
    own = Framework.objects.filter(administration_id=administration_id).exclude(
        status=Framework.Status.RETIRED
    )
    extended_ids = (
        own.exclude(extends__isnull=True)
        .exclude(extends__status=Framework.Status.RETIRED)
        .values_list("extends_id", flat=True)
    )
    return Competency.objects.filter(
        Q(framework__in=own) | Q(framework_id__in=extended_ids), kind=Competency.Kind.COMPETENCY
    )


def role_profiles_for_user(*, user: Any, roles: frozenset[str] = MEMBERS) -> QuerySet[RoleProfile]:
    return RoleProfile.objects.filter(q_for_administrations(user=user, roles=roles)).select_related(
        "position"
    )


def role_profile_get_for_user(*, user: Any, profile_id: int, roles: frozenset[str] = MEMBERS) -> RoleProfile:
    """One profile, with its title and notes in the viewer's language where translated."""
    profiles = with_translations(
        role_profiles_for_user(user=user, roles=roles), kind="role_profile", fields=["title", "notes"]
    )
    return get_scoped_or_404(profiles, pk=profile_id)


def assessments_visible_to(*, user: Any) -> QuerySet[Assessment]:
    """Assessments of officers the caller may see."""
    return Assessment.objects.filter(officer__in=officers_visible_to(user=user)).select_related(
        "competency", "officer", "assessor"
    )


def assessment_get_for_user(*, user: Any, assessment_id: int) -> Assessment:
    return get_scoped_or_404(assessments_visible_to(user=user), pk=assessment_id)


def current_levels(
    *, officer_ids: Iterable[int], competency_ids: Iterable[int] | None = None
) -> dict[tuple[int, int], int]:
    """Current level per (officer, competency) under the rule in this module's docstring.

    One query for any number of officers: rows arrive newest first per pair, the first one wins.
    """
    qs = Assessment.objects.filter(
        officer_id__in=list(officer_ids), validation=Assessment.Validation.VALIDATED
    )
    if competency_ids is not None:
        qs = qs.filter(competency_id__in=list(competency_ids))
    levels: dict[tuple[int, int], int] = {}
    rows = qs.order_by("officer_id", "competency_id", "-assessed_on", "-id").values_list(
        "officer_id", "competency_id", "level"
    )
    for officer_id, competency_id, level in rows.iterator(chunk_size=5000):
        levels.setdefault((officer_id, competency_id), level)
    return levels


@dataclass(frozen=True)
class RequirementStatus:
    requirement: RoleRequirement
    current: int | None  # None: never assessed (unknown), not zero

    @property
    def gap(self) -> int | None:
        return None if self.current is None else max(0, self.requirement.required_level - self.current)

    @property
    def meets(self) -> bool:
        return self.current is not None and self.current >= self.requirement.required_level


def officer_requirement_status(*, officer: Officer) -> list[RequirementStatus]:
    """Each competency the officer's role profile requires, with their current level and gap."""
    if officer.position_id is None:
        return []
    requirements = list(
        RoleRequirement.objects.filter(profile__position_id=officer.position_id)
        .select_related("competency")
        .order_by("competency__sequence", "competency__code")
    )
    levels = current_levels(officer_ids=[officer.pk], competency_ids=[r.competency_id for r in requirements])
    return [RequirementStatus(r, levels.get((officer.pk, r.competency_id))) for r in requirements]


def officer_assessment_history(*, officer: Officer) -> QuerySet[Assessment]:
    return officer.assessments.select_related("competency", "assessor", "validated_by").order_by(
        "-assessed_on", "-id"
    )


def pending_validations_for(*, user: Any) -> QuerySet[Assessment]:
    """Self-assessments awaiting validation by this supervisor (or a manager)."""
    from cadre.people.selectors import officers_supervised_by

    supervised = officers_supervised_by(user=user)
    managed_admins = access_for(user).administration_ids(MANAGERS)
    return Assessment.objects.filter(
        Q(officer__in=supervised) | Q(administration_id__in=managed_admins),
        validation=Assessment.Validation.PENDING,
    ).select_related("officer", "competency")


def scales_visible_to(*, user: Any) -> QuerySet[Scale]:
    """Scales of the caller's administrations and of their regions, levels prefetched."""
    access = access_for(user)
    return (
        Scale.objects.filter(
            Q(administration_id__in=access.administration_ids(MEMBERS)) | Q(region_id__in=access.region_ids())
        )
        .prefetch_related("levels")
        .order_by("name", "pk")
    )


def scale_get_for_user(*, user: Any, scale_id: int) -> Scale:
    return get_scoped_or_404(scales_visible_to(user=user), pk=scale_id)


def competencies_visible_to(*, user: Any) -> QuerySet[Competency]:
    """Nodes of every framework the caller can see."""
    return Competency.objects.filter(framework__in=frameworks_visible_to(user=user)).select_related(
        "framework__scale"
    )


def competency_get_for_user(*, user: Any, competency_id: int) -> Competency:
    return get_scoped_or_404(competencies_visible_to(user=user), pk=competency_id)


# --- Web pages: frameworks, role profiles, officer gaps, the assessment grid -------------------------


def framework_get_editable(*, user: Any, framework_id: int) -> Framework:
    """A framework the caller may change (publish, retire, add competencies); others answer 404."""
    return get_scoped_or_404(
        frameworks_editable_by(user=user).select_related("scale", "extends"), pk=framework_id
    )


def competency_mappings_for_framework(*, user: Any, framework: Framework) -> QuerySet[CompetencyMapping]:
    """Mappings from or to this framework's competencies whose other end the caller may also see."""
    visible = frameworks_visible_to(user=user).values("pk")
    return (
        CompetencyMapping.objects.filter(
            Q(source__framework=framework, target__framework__in=visible)
            | Q(target__framework=framework, source__framework__in=visible)
        )
        .select_related("source__framework", "target__framework")
        .order_by("source__sequence", "source__code", "target__code")
    )


def competencies_offered_for(*, administration_id: int) -> QuerySet[Competency]:
    """The competencies an administration may require or assess, with their scales loaded."""
    return (
        competencies_for_administration(administration_id=administration_id)
        .select_related("framework__scale")
        .prefetch_related("framework__scale__levels")
        .order_by("framework__title", "sequence", "code")
    )


def competencies_for_region(*, region_id: int) -> QuerySet[Competency]:
    """Competencies of the region's own (not retired) frameworks: what regional content may target."""
    return Competency.objects.filter(framework__region_id=region_id, kind=Competency.Kind.COMPETENCY).exclude(
        framework__status=Framework.Status.RETIRED
    )


def positions_with_requirement_counts(*, user: Any, roles: frozenset[str] = MANAGERS) -> QuerySet[Position]:
    """Positions of the caller's administrations, each annotated with ``requirement_count`` and its
    role profile's title in the viewer's language (``title_tr``)."""
    return (
        with_translations(
            Position.objects.filter(q_for_administrations(user=user, roles=roles)),
            kind="role_profile",
            fields=["title"],
            record="role_profile__id",
        )
        .select_related("administration", "role_profile")
        .annotate(requirement_count=Count("role_profile__requirements"))
        .order_by("administration__name", "title")
    )


@dataclass(frozen=True)
class GapCounts:
    below: int  # assessed, and below the required level
    not_assessed: int  # required, but no counting assessment yet
    required: int


def officers_gap_counts(*, officers: Iterable[Officer]) -> dict[int, GapCounts]:
    """For each officer, how many required competencies are below target or not yet assessed.

    Set-based: one query for the requirements of every position involved, one for current levels.
    """
    officers = list(officers)
    position_ids = {o.position_id for o in officers if o.position_id is not None}
    required: dict[int, list[tuple[int, int]]] = {}
    for position_id, competency_id, level in RoleRequirement.objects.filter(
        profile__position_id__in=position_ids
    ).values_list("profile__position_id", "competency_id", "required_level"):
        required.setdefault(position_id, []).append((competency_id, level))
    competency_ids = {c for reqs in required.values() for c, _level in reqs}
    levels = (
        current_levels(officer_ids=[o.pk for o in officers], competency_ids=competency_ids)
        if competency_ids
        else {}
    )
    counts: dict[int, GapCounts] = {}
    for officer in officers:
        reqs = required.get(officer.position_id or 0, [])
        below = unknown = 0
        for competency_id, level in reqs:
            current = levels.get((officer.pk, competency_id))
            if current is None:
                unknown += 1
            elif current < level:
                below += 1
        counts[officer.pk] = GapCounts(below=below, not_assessed=unknown, required=len(reqs))
    return counts


@dataclass(frozen=True)
class CompetencyProfile:
    """An officer's requirements with current levels, and the scale to read them on."""

    statuses: list[RequirementStatus]
    max_level: int
    level_labels: dict[int, str]


def officer_competency_profile(*, officer: Officer) -> CompetencyProfile:
    """The officer's requirement statuses plus the labels of the scale(s) they are measured on."""
    statuses = officer_requirement_status(officer=officer)
    framework_ids = {s.requirement.competency.framework_id for s in statuses}
    labels: dict[int, str] = {}
    for value, label in (
        ScaleLevel.objects.filter(scale__frameworks__in=framework_ids)
        .order_by("value")
        .values_list("value", "label")
        .distinct()
    ):
        labels.setdefault(value, label)
    max_level = max(labels, default=max((s.requirement.required_level for s in statuses), default=1))
    return CompetencyProfile(statuses=statuses, max_level=max_level, level_labels=labels)


def self_assessments_pending(*, officer: Officer) -> QuerySet[Assessment]:
    return officer.assessments.filter(
        source=Assessment.Source.SELF, validation=Assessment.Validation.PENDING
    ).select_related("competency")


def pending_validation_get_for_user(*, user: Any, assessment_id: int) -> Assessment:
    """One pending self-assessment the caller may decide on; anything else answers 404."""
    return get_scoped_or_404(
        pending_validations_for(user=user).select_related("officer__org_unit", "officer__administration"),
        pk=assessment_id,
    )


@dataclass(frozen=True)
class GridCell:
    officer: Officer
    competency: Competency
    required: int | None  # None: the officer's position does not require this competency
    current: int | None  # None: not yet assessed

    @property
    def name(self) -> str:
        return f"cell-{self.officer.pk}-{self.competency.pk}"


@dataclass(frozen=True)
class GridRow:
    officer: Officer
    cells: list[GridCell]


@dataclass(frozen=True)
class AssessmentGrid:
    competencies: list[Competency]
    rows: list[GridRow]
    max_level: int
    level_labels: dict[int, str]

    def cell(self, name: str) -> GridCell | None:
        for row in self.rows:
            for cell in row.cells:
                if cell.name == name:
                    return cell
        return None


def assessment_grid_for(*, user: Any) -> AssessmentGrid:
    """Active officers the caller supervises against the union of competencies their positions require.

    A constant number of queries whatever the number of officers.
    """
    from cadre.people.selectors import officers_supervised_by

    officers = list(officers_supervised_by(user=user).order_by("org_unit__path", "family_name", "given_name"))
    position_ids = {o.position_id for o in officers if o.position_id is not None}
    required: dict[tuple[int, int], int] = {}
    for position_id, competency_id, level in RoleRequirement.objects.filter(
        profile__position_id__in=position_ids
    ).values_list("profile__position_id", "competency_id", "required_level"):
        required[(position_id, competency_id)] = level
    competencies = list(
        Competency.objects.filter(pk__in={c for _p, c in required})
        .select_related("framework__scale")
        .prefetch_related("framework__scale__levels")
        .order_by("sequence", "code")
    )
    levels = (
        current_levels(officer_ids=[o.pk for o in officers], competency_ids=[c.pk for c in competencies])
        if competencies
        else {}
    )
    labels: dict[int, str] = {}
    for competency in competencies:
        for scale_level in competency.framework.scale.levels.all():
            labels.setdefault(scale_level.value, scale_level.label)
    rows = [
        GridRow(
            officer=officer,
            cells=[
                GridCell(
                    officer=officer,
                    competency=competency,
                    required=required.get((officer.position_id or 0, competency.pk)),
                    current=levels.get((officer.pk, competency.pk)),
                )
                for competency in competencies
            ],
        )
        for officer in officers
    ]
    return AssessmentGrid(
        competencies=competencies, rows=rows, max_level=max(labels, default=4), level_labels=labels
    )


def levels_before(
    *,
    officer_ids: Iterable[int],
    competency_ids: Iterable[int],
    before: Any,
    exclude_sources: Iterable[str] = (Assessment.Source.TRAINING,),
) -> dict[tuple[int, int], int]:
    """Level per (officer, competency) under the current-level rule, counting only assessments
    made before ``before`` (a date) and not of ``exclude_sources``: a baseline for evaluation.

    Training evidence is left out by default because it records the course's target level, not
    a measurement of what the officer can do.
    """
    qs = Assessment.objects.filter(
        officer_id__in=list(officer_ids),
        competency_id__in=list(competency_ids),
        validation=Assessment.Validation.VALIDATED,
        assessed_on__lt=before,
    ).exclude(source__in=list(exclude_sources))
    levels: dict[tuple[int, int], int] = {}
    rows = qs.order_by("officer_id", "competency_id", "-assessed_on", "-id").values_list(
        "officer_id", "competency_id", "level"
    )
    for officer_id, competency_id, level in rows:
        levels.setdefault((officer_id, competency_id), level)
    return levels


# --- Pickers -----------------------------------------------------------------------------------------


def competency_option(competency: Competency) -> PickerOption:
    return PickerOption(
        pk=competency.pk, label=f"{competency.code} {competency.title}", details=(competency.framework.title,)
    )


def competencies_search(*, user: Any, query: str, limit: int) -> PickerResult:
    """Competencies of the frameworks the caller can see whose code or title matches ``query``."""
    competencies = (
        competencies_visible_to(user=user)
        .select_related("framework")
        .order_by("framework_id", "sequence", "code", "pk")
    )
    return picker_filter(
        competencies, query=query, fields=("code", "title"), limit=limit, describe=competency_option
    )
