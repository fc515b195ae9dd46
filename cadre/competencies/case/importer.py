"""Import a CASE 1.0 or 1.1 CFPackage as a new framework, all or nothing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cadre.competencies.case.plan import REJECTED, ItemPlan, PackagePlan, reject
from cadre.competencies.case.reading import load_package
from cadre.competencies.case.resolve import Owner, Resolution, resolve_plan
from cadre.competencies.case.validate import plan_package
from cadre.competencies.models import Competency, CompetencyMapping, Framework, Scale, ScaleLevel
from cadre.core.audit import audit_record, snapshot
from cadre.core.errors import DomainError, FieldError
from cadre.core.models import AuditEvent
from cadre.tenancy.models import Administration, Region

DEFAULT_LEVELS = [
    (0, "None", ""),
    (1, "Aware", ""),
    (2, "Trained", ""),
    (3, "Advanced", ""),
    (4, "Expert", ""),
]


@dataclass(frozen=True)
class ImportResult:
    framework: Framework
    case_version: str
    items: int
    mappings: int
    kept_associations: int
    warnings: tuple[str, ...] = ()


def framework_import_case(
    *,
    actor: Any,
    data: bytes | str | dict[str, Any],
    administration: Administration | None = None,
    region: Region | None = None,
) -> ImportResult:
    """Validate the whole package, then create the framework, its tree, scale and mappings.

    Every problem is collected and raised in one DomainError; nothing is stored unless all is well.
    """
    if (administration is None) == (region is None):
        raise reject("owner", _("give exactly one owner: an administration or a region"))
    owner = Owner(administration=administration, region=region)
    package = load_package(data=data)
    plan, problems = plan_package(package=package)
    try:
        with transaction.atomic():
            resolution = resolve_plan(plan=plan, owner=owner, problems=problems)
            problems.raise_if_any()
            framework = _create(plan=plan, resolution=resolution, owner=owner)
            mappings = _create_mappings(plan=plan, resolution=resolution, framework=framework)
            audit_record(
                actor=actor,
                action=AuditEvent.Action.CREATE,
                instance=framework,
                after={
                    **snapshot(
                        framework,
                        fields=[f.name for f in Framework._meta.concrete_fields if f.name != "case_extra"],
                    ),
                    "source": "CASE import",
                    "case_version": plan.case_version,
                    "items": len(plan.items),
                    "mappings": mappings,
                },
                region_id=region.pk if region is not None else None,
            )
    except IntegrityError as exc:
        # A concurrent write took a code or identifier between the checks and the insert.
        raise DomainError(
            detail=_(REJECTED),
            errors=[FieldError("package", _("conflicts with data saved meanwhile; try again"))],
        ) from exc
    return ImportResult(
        framework=framework,
        case_version=plan.case_version,
        items=len(plan.items),
        mappings=mappings,
        kept_associations=len(plan.kept_associations),
        warnings=tuple(plan.warnings),
    )


def _create(*, plan: PackagePlan, resolution: Resolution, owner: Owner) -> Framework:
    case_extra = dict(plan.case_extra)
    if plan.kept_associations:
        case_extra["CFAssociations"] = [
            _rehome(a, plan, resolution.identifier) for a in plan.kept_associations
        ]
    framework = Framework.objects.create(
        identifier=resolution.identifier,
        administration=owner.administration,
        region=owner.region,
        code=resolution.code,
        title=plan.title,
        description=plan.description,
        version=plan.version,
        status=plan.status,
        scale=resolution.scale or _create_scale(plan=plan, owner=owner),
        extends=resolution.extends,
        publisher=plan.publisher,
        language=plan.language,
        case_extra=case_extra,
    )
    _create_tree(plan.items, framework)
    return framework


def _create_scale(*, plan: PackagePlan, owner: Owner) -> Scale:
    if plan.scale is not None:
        name, levels, identifier = plan.scale.name, plan.scale.levels, plan.scale.identifier
    else:
        name, levels, identifier = "Default proficiency scale", DEFAULT_LEVELS, None
    if identifier is None or Scale.objects.filter(identifier=identifier).exists():
        identifier = uuid.uuid4()
    scale = Scale.objects.create(
        identifier=identifier, administration=owner.administration, region=owner.region, name=name
    )
    ScaleLevel.objects.bulk_create(
        ScaleLevel(scale=scale, value=value, label=label, descriptor=descriptor)
        for value, label, descriptor in levels
    )
    return scale


def _create_tree(items: list[ItemPlan], framework: Framework) -> None:
    """Insert level by level (items arrive parents first), one query per depth."""
    depth: dict[uuid.UUID, int] = {}
    levels: list[list[ItemPlan]] = []
    for item in items:
        d = 0 if item.parent is None else depth[item.parent] + 1
        depth[item.identifier] = d
        if d == len(levels):
            levels.append([])
        levels[d].append(item)
    created: dict[uuid.UUID, Competency] = {}
    for level in levels:
        rows = [
            Competency(
                framework=framework,
                parent=created[item.parent] if item.parent is not None else None,
                identifier=item.identifier,
                kind=item.kind,
                type=item.type,
                code=item.code,
                title=item.title,
                description=item.description,
                sequence=item.sequence,
                case_extra=item.case_extra,
            )
            for item in level
        ]
        for item, row in zip(level, Competency.objects.bulk_create(rows), strict=True):
            created[item.identifier] = row


def _create_mappings(*, plan: PackagePlan, resolution: Resolution, framework: Framework) -> int:
    own = {c.identifier: c for c in framework.competencies.all()}
    rows: dict[tuple[int, int, str], CompetencyMapping] = {}
    for mapping in plan.mappings:
        target = own.get(mapping.target) if mapping.target_internal else resolution.targets.get(id(mapping))
        source = own[mapping.source]
        if target is None or target.pk == source.pk:
            continue
        key = (source.pk, target.pk, mapping.relation)
        rows.setdefault(key, CompetencyMapping(source=source, target=target, relation=mapping.relation))
    CompetencyMapping.objects.bulk_create(rows.values())
    return len(rows)


def _rehome(association: dict[str, Any], plan: PackagePlan, identifier: uuid.UUID) -> dict[str, Any]:
    """Point kept associations that named the CFDocument at the framework's (possibly new) identifier."""
    if plan.doc_identifier is None or identifier == plan.doc_identifier:
        return association
    for key in ("originNodeURI", "destinationNodeURI"):
        link = association.get(key)
        if isinstance(link, dict) and link.get("identifier") == str(plan.doc_identifier):
            link["identifier"] = str(identifier)
    return association
