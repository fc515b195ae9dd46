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

from django.db.models import Q, QuerySet

from cadre.competencies.models import Assessment, Competency, Framework, RoleProfile, RoleRequirement
from cadre.core.scoping import MANAGERS, MEMBERS, access_for, get_scoped_or_404, q_for_administrations
from cadre.people.models import Officer
from cadre.people.selectors import officers_visible_to


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
    from cadre.tenancy.models import Role

    access = access_for(user)
    return Framework.objects.filter(
        Q(administration_id__in=access.administration_ids(MANAGERS))
        | Q(region_id__in=access.region_ids({Role.REGIONAL_ADMIN}))
    )


def framework_tree(*, framework: Framework) -> list[tuple[Competency, int]]:
    """The framework's nodes in display order with their depth (one query)."""
    nodes = list(framework.competencies.all().order_by("sequence", "code"))
    children: dict[int | None, list[Competency]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    out: list[tuple[Competency, int]] = []
    seen: set[int] = set()

    def walk(parent_id: int | None, depth: int) -> None:
        for node in children.get(parent_id, []):
            if node.pk in seen:  # defensive: a cycle must never hang a page
                continue
            seen.add(node.pk)
            out.append((node, depth))
            walk(node.pk, depth + 1)

    walk(None, 0)
    return out


def competencies_for_administration(*, administration_id: int) -> QuerySet[Competency]:
    """Competencies an administration may use: its own frameworks' and the regional ones they extend."""
    own = Framework.objects.filter(administration_id=administration_id).exclude(
        status=Framework.Status.RETIRED
    )
    extended_ids = own.exclude(extends__isnull=True).values_list("extends_id", flat=True)
    return Competency.objects.filter(
        Q(framework__in=own) | Q(framework_id__in=extended_ids), kind=Competency.Kind.COMPETENCY
    )


def role_profiles_for_user(*, user: Any, roles: frozenset[str] = MEMBERS) -> QuerySet[RoleProfile]:
    return RoleProfile.objects.filter(q_for_administrations(user=user, roles=roles)).select_related(
        "position"
    )


def role_profile_get_for_user(*, user: Any, profile_id: int, roles: frozenset[str] = MEMBERS) -> RoleProfile:
    return get_scoped_or_404(role_profiles_for_user(user=user, roles=roles), pk=profile_id)


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
