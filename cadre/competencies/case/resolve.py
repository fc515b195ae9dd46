"""The checks and look-ups an import needs from the database: owner, identity, code, scale, targets.

Re-import policy: a package whose CFDocument identifier (or recorded source identifier) matches a
framework of the same owner *and the same version* was already imported, and is refused. With a
different version it becomes a new framework version. Frameworks are never updated in place:
role requirements and assessments point at their competencies. Framework identifiers are unique
across the installation, so when the identifier is already taken (another owner, or an earlier
version) the new framework gets a fresh UUID and keeps the package's identifier in
``case_extra.extensions.cadre.sourceIdentifier``. Competency identifiers are unique per
framework only and are always kept.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from cadre.competencies.case.associations import internalise
from cadre.competencies.case.plan import PackagePlan, Problems
from cadre.competencies.case.vocab import EXT
from cadre.competencies.models import Competency, Framework, Scale
from cadre.tenancy.models import Administration, Region

_CODE_MAX = Framework._meta.get_field("code").max_length or 40


@dataclass(frozen=True)
class Owner:
    """Exactly one of an administration or a region."""

    administration: Administration | None
    region: Region | None

    def owned(self) -> Q:
        if self.administration is not None:
            return Q(administration=self.administration)
        return Q(region=self.region)

    def visible(self) -> Q:
        """What the owner may refer to: its own rows and, for an administration, its region's."""
        if self.administration is not None:
            return Q(administration=self.administration) | Q(region_id=self.administration.region_id)
        return Q(region=self.region)


@dataclass
class Resolution:
    identifier: uuid.UUID
    code: str
    scale: Scale | None
    extends: Framework | None
    targets: dict[int, Competency] = field(default_factory=dict)  # id(MappingPlan) -> target


def resolve_plan(*, plan: PackagePlan, owner: Owner, problems: Problems) -> Resolution:
    frameworks = Framework.objects.filter(owner.owned())
    cadre = plan.case_extra.setdefault("extensions", {}).setdefault(EXT, {})
    identifier = plan.doc_identifier or uuid.uuid4()
    conflict = _check_reimport(plan=plan, frameworks=frameworks, problems=problems, cadre_source=cadre)
    if Framework.objects.filter(identifier=identifier).exists():
        cadre.setdefault("sourceIdentifier", str(identifier))
        identifier = uuid.uuid4()
    code = _code(plan=plan, frameworks=frameworks, problems=problems, skip_check=conflict)
    extends = None
    if plan.extends is not None:
        extends = Framework.objects.filter(owner.visible(), identifier=plan.extends).first()
        if extends is not None:
            cadre.pop("extends", None)
        else:
            plan.warnings.append(f"extended framework {plan.extends} not found; kept in case_extra")
    _tidy(plan)
    resolution = Resolution(identifier=identifier, code=code, scale=_scale(plan, owner), extends=extends)
    _resolve_targets(plan=plan, owner=owner, resolution=resolution)
    return resolution


def _check_reimport(
    *, plan: PackagePlan, frameworks: QuerySet[Framework], problems: Problems, cadre_source: dict[str, object]
) -> bool:
    if plan.doc_identifier is None:
        return False
    sources = {str(plan.doc_identifier)}
    if isinstance(cadre_source.get("sourceIdentifier"), str):
        sources.add(str(cadre_source["sourceIdentifier"]))
    prior = frameworks.filter(
        Q(identifier=plan.doc_identifier)
        | Q(case_extra__extensions__cadre__sourceIdentifier__in=sorted(sources)),
        version=plan.version,
    ).first()
    if prior is None:
        return False
    problems.add(
        "CFDocument.identifier",
        _(
            "already imported as '%(title)s' version %(version)s; give the package a new CFDocument.version to import it as a new version"
        )
        % {"title": prior.title, "version": prior.version},
    )
    return True


def _code(*, plan: PackagePlan, frameworks: QuerySet[Framework], problems: Problems, skip_check: bool) -> str:
    same_version = frameworks.filter(version=plan.version)
    if plan.code is not None:
        if not skip_check and same_version.filter(code=plan.code).exists():
            problems.add(
                "CFDocument.extensions.cadre.code",
                _("a framework with code '%(code)s' and version %(version)s already exists")
                % {"code": plan.code, "version": plan.version},
            )
        return plan.code
    base = re.sub(r"[^A-Za-z0-9]+", "-", plan.title).strip("-").upper()[:_CODE_MAX].strip("-") or "CASE"
    taken = set(same_version.values_list("code", flat=True))
    code, n = base, 2
    while code in taken:
        suffix = f"-{n}"
        code, n = base[: _CODE_MAX - len(suffix)] + suffix, n + 1
    return code


def _scale(plan: PackagePlan, owner: Owner) -> Scale | None:
    """An existing scale to use, or None when the importer must create one."""
    visible = Scale.objects.filter(owner.visible()).prefetch_related("levels")
    if plan.scale is not None:
        if plan.scale.identifier is None:
            return None
        existing = visible.filter(identifier=plan.scale.identifier).first()
        if existing is not None and existing.name == plan.scale.name:
            levels = [(lvl.value, lvl.label, lvl.descriptor) for lvl in existing.levels.all()]
            if levels == plan.scale.levels:
                return existing
        return None
    own = Scale.objects.filter(owner.owned()).order_by("id").first()
    if own is not None or owner.administration is None:
        return own
    return Scale.objects.filter(region_id=owner.administration.region_id).order_by("id").first()


def _resolve_targets(*, plan: PackagePlan, owner: Owner, resolution: Resolution) -> None:
    """Find mapping targets outside the package among the frameworks the owner may see."""
    external = [m for m in plan.mappings if not m.target_internal]
    if not external:
        return
    found: dict[uuid.UUID, list[Competency]] = {}
    candidates = Competency.objects.filter(
        identifier__in={m.target for m in external},
        framework__in=Framework.objects.filter(owner.visible()),
    ).select_related("framework")
    for competency in candidates:
        found.setdefault(competency.identifier, []).append(competency)
    items = {item.identifier: item for item in plan.items}
    for mapping in external:
        matches = found.get(mapping.target, [])
        if mapping.target_framework is not None:
            matches = [c for c in matches if c.framework.identifier == mapping.target_framework]
        if len(matches) == 1:
            resolution.targets[id(mapping)] = matches[0]
        else:
            plan.kept_associations.append(internalise(mapping.association, plan, items))
            plan.warnings.append(f"{mapping.path}: target {mapping.target} not found; kept in case_extra")


def _tidy(plan: PackagePlan) -> None:
    ext = plan.case_extra.get("extensions", {})
    if ext.get(EXT) == {}:
        del ext[EXT]
    if ext == {}:
        plan.case_extra.pop("extensions", None)
