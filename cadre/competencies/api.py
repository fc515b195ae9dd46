"""REST endpoints for frameworks, competencies, scales, role profiles and assessments.

Each endpoint parses input, loads objects through scoped selectors (a foreign id answers 404 like a
missing one), calls one service for a write, and renders.
"""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from cadre.competencies import selectors, services
from cadre.competencies.models import Assessment, Competency, Framework, RoleProfile, Scale
from cadre.competencies.schemas import (
    AssessmentFilter,
    AssessmentIn,
    AssessmentOut,
    AssessmentValidateIn,
    CompetencyIn,
    CompetencyNodeOut,
    CompetencyOut,
    FrameworkAdoptIn,
    FrameworkFilter,
    FrameworkIn,
    FrameworkOut,
    FrameworkStatusIn,
    RequirementsIn,
    RoleProfileDetailOut,
    RoleProfileFilter,
    RoleProfileOut,
    ScaleOut,
)
from cadre.core.errors import not_found_as
from cadre.people.selectors import officer_get_for_user
from cadre.tenancy.access import MANAGERS
from cadre.tenancy.selectors import administration_get_for_user

frameworks_router = Router()
competencies_router = Router()
scales_router = Router()
role_profiles_router = Router()
assessments_router = Router()


# Frameworks


@frameworks_router.get("", response=list[FrameworkOut])
@paginate
def framework_list(request: HttpRequest, filters: FrameworkFilter = Query(...)) -> QuerySet[Framework]:  # type: ignore[type-arg]  # noqa: B008
    """Frameworks of your administrations and the regional frameworks of your region."""
    return filters.filter(selectors.frameworks_visible_to(user=request.user)).order_by(
        "title", "version", "pk"
    )


@frameworks_router.get("/{framework_id}", response=FrameworkOut)
def framework_detail(request: HttpRequest, framework_id: int) -> Framework:
    return selectors.framework_get_for_user(user=request.user, framework_id=framework_id)


@frameworks_router.post("", response={201: FrameworkOut})
def framework_create(request: HttpRequest, payload: FrameworkIn) -> tuple[int, Framework]:
    """Create a draft framework owned by an administration you manage."""
    user = request.user
    with not_found_as("administration_id"):
        administration = administration_get_for_user(
            user=user, administration_id=payload.administration_id, roles=MANAGERS
        )
    with not_found_as("scale_id"):
        scale = selectors.scale_get_for_user(user=user, scale_id=payload.scale_id)
    extends = None
    if payload.extends_id is not None:
        with not_found_as("extends_id"):
            extends = selectors.framework_get_for_user(user=user, framework_id=payload.extends_id)
    framework = services.framework_create(
        actor=user,
        administration=administration,
        code=payload.code,
        title=payload.title,
        scale=scale,
        version=payload.version,
        description=payload.description,
        extends=extends,
        publisher=payload.publisher,
        language=payload.language,
    )
    return 201, framework


@frameworks_router.post("/{framework_id}/status", response=FrameworkOut)
def framework_set_status(request: HttpRequest, framework_id: int, payload: FrameworkStatusIn) -> Framework:
    """Publish a draft or retire a published framework (managers of its owner)."""
    framework = selectors.framework_get_for_user(user=request.user, framework_id=framework_id)
    return services.framework_set_status(actor=request.user, framework=framework, status=payload.status)


@frameworks_router.post("/{framework_id}/adopt", response={201: FrameworkOut})
def framework_adopt(
    request: HttpRequest, framework_id: int, payload: FrameworkAdoptIn
) -> tuple[int, Framework]:
    """Adopt a regional framework: your administration gets a national framework extending it."""
    regional = selectors.framework_get_for_user(user=request.user, framework_id=framework_id)
    with not_found_as("administration_id"):
        administration = administration_get_for_user(
            user=request.user, administration_id=payload.administration_id, roles=MANAGERS
        )
    adopted = services.framework_adopt(actor=request.user, administration=administration, regional=regional)
    return 201, adopted


@frameworks_router.get("/{framework_id}/competencies", response=list[CompetencyNodeOut])
@paginate
def framework_competencies(request: HttpRequest, framework_id: int) -> list[CompetencyNodeOut]:
    """The framework's tree as a flat list in display order, each node with its parent and depth."""
    framework = selectors.framework_get_for_user(user=request.user, framework_id=framework_id)
    return [
        CompetencyNodeOut.from_node(node, depth)
        for node, depth in selectors.framework_tree(framework=framework)
    ]


@frameworks_router.post("/{framework_id}/competencies", response={201: CompetencyOut})
def competency_create(
    request: HttpRequest, framework_id: int, payload: CompetencyIn
) -> tuple[int, Competency]:
    framework = selectors.framework_get_for_user(user=request.user, framework_id=framework_id)
    parent = None
    if payload.parent_id is not None:
        with not_found_as("parent_id"):
            parent = selectors.competency_get_for_user(user=request.user, competency_id=payload.parent_id)
    competency = services.competency_create(
        actor=request.user,
        framework=framework,
        code=payload.code,
        title=payload.title,
        kind=payload.kind,
        type=payload.type,
        parent=parent,
        description=payload.description,
        sequence=payload.sequence,
    )
    return 201, competency


@competencies_router.get("/{competency_id}", response=CompetencyOut)
def competency_detail(request: HttpRequest, competency_id: int) -> Competency:
    return selectors.competency_get_for_user(user=request.user, competency_id=competency_id)


# Scales


@scales_router.get("", response=list[ScaleOut])
@paginate
def scale_list(request: HttpRequest) -> QuerySet[Scale]:
    return selectors.scales_visible_to(user=request.user)


@scales_router.get("/{scale_id}", response=ScaleOut)
def scale_detail(request: HttpRequest, scale_id: int) -> Scale:
    return selectors.scale_get_for_user(user=request.user, scale_id=scale_id)


# Role profiles


@role_profiles_router.get("", response=list[RoleProfileOut])
@paginate
def role_profile_list(request: HttpRequest, filters: RoleProfileFilter = Query(...)) -> QuerySet[RoleProfile]:  # type: ignore[type-arg]  # noqa: B008
    return filters.filter(selectors.role_profiles_for_user(user=request.user)).order_by(
        "position__title", "pk"
    )


@role_profiles_router.get("/{profile_id}", response=RoleProfileDetailOut)
def role_profile_detail(request: HttpRequest, profile_id: int) -> RoleProfile:
    return selectors.role_profile_get_for_user(user=request.user, profile_id=profile_id)


@role_profiles_router.put("/{profile_id}/requirements", response=RoleProfileDetailOut)
def role_profile_requirements(request: HttpRequest, profile_id: int, payload: RequirementsIn) -> RoleProfile:
    """Replace the whole list of requirements: every row valid, or nothing changes."""
    profile = selectors.role_profile_get_for_user(user=request.user, profile_id=profile_id)
    rows = [
        services.RequirementRow(
            competency_id=row.competency_id, required_level=row.required_level, criticality=row.criticality
        )
        for row in payload.requirements
    ]
    services.role_requirements_replace(actor=request.user, profile=profile, rows=rows)
    return selectors.role_profile_get_for_user(user=request.user, profile_id=profile_id)


# Assessments


@assessments_router.get("", response=list[AssessmentOut])
@paginate
def assessment_list(request: HttpRequest, filters: AssessmentFilter = Query(...)) -> QuerySet[Assessment]:  # type: ignore[type-arg]  # noqa: B008
    """Assessments of officers you may see (yourself, your supervised units, your administration)."""
    return filters.filter(selectors.assessments_visible_to(user=request.user)).order_by("-assessed_on", "-id")


@assessments_router.get("/{assessment_id}", response=AssessmentOut)
def assessment_detail(request: HttpRequest, assessment_id: int) -> Assessment:
    return selectors.assessment_get_for_user(user=request.user, assessment_id=assessment_id)


@assessments_router.post("", response={201: AssessmentOut})
def assessment_create(request: HttpRequest, payload: AssessmentIn) -> tuple[int, Assessment]:
    """Record an assessment; a self-assessment may wait for a supervisor's validation."""
    with not_found_as("officer_id"):
        officer = officer_get_for_user(user=request.user, officer_id=payload.officer_id)
    with not_found_as("competency_id"):
        competency = selectors.competency_get_for_user(user=request.user, competency_id=payload.competency_id)
    assessment = services.assessment_record(
        actor=request.user,
        officer=officer,
        competency=competency,
        level=payload.level,
        source=payload.source,
        assessed_on=payload.assessed_on,
        evidence=payload.evidence,
        evidence_url=payload.evidence_url,
    )
    return 201, assessment


@assessments_router.post("/{assessment_id}/validate", response=AssessmentOut)
def assessment_validate(
    request: HttpRequest, assessment_id: int, payload: AssessmentValidateIn
) -> Assessment:
    """Approve or reject a pending self-assessment (the officer's supervisor or a manager)."""
    assessment = selectors.assessment_get_for_user(user=request.user, assessment_id=assessment_id)
    return services.assessment_validate(actor=request.user, assessment=assessment, approve=payload.approve)
