"""Write frameworks, role profiles and assessments; every change is audited."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypedDict

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

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
from cadre.core.audit import audit_record, snapshot
from cadre.core.errors import DomainError, FieldError, invalid
from cadre.people.models import Officer, Position
from cadre.tenancy.access import MANAGERS, access_for
from cadre.tenancy.models import Administration, Region
from cadre.tenancy.types import Role

DEFAULT_LEVELS = [
    (0, "None", "No knowledge or experience of the area."),
    (1, "Aware", "Knows the basic concepts and where to find guidance; works under close supervision."),
    (2, "Trained", "Applies the competency in routine situations with limited supervision."),
    (3, "Advanced", "Handles complex and non-routine cases independently and guides colleagues."),
    (4, "Expert", "Recognised authority; develops practice, trains others and shapes policy."),
]


class _AuditIds(TypedDict):
    administration_id: int | None
    region_id: int | None


def _framework_audit_ids(framework: Framework) -> _AuditIds:
    return {"administration_id": framework.administration_id, "region_id": framework.region_id}


def _require_framework_editor(*, actor: Any, framework: Framework) -> None:
    access = access_for(actor)
    if framework.administration_id is not None:
        allowed = access.has_role(framework.administration_id, MANAGERS)
    else:
        allowed = Role.REGIONAL_ADMIN in access.regional_roles.get(framework.region_id or 0, set())
    if not allowed:
        raise Http404("Not found")


@transaction.atomic
def scale_create(
    *,
    name: str,
    region: Region | None = None,
    administration: Administration | None = None,
    levels: Iterable[tuple[int, str, str]] = DEFAULT_LEVELS,
) -> Scale:
    """Create an ordered proficiency scale; values must be distinct and start at 0."""
    levels = list(levels)
    values = [v for v, _label, _d in levels]
    if len(set(values)) != len(values):
        raise invalid("levels", _("level values must be distinct"))
    if sorted(values) != list(range(len(values))):
        raise invalid("levels", _("level values must run 0, 1, 2, ... without holes"))
    if (region is None) == (administration is None):
        raise invalid("owner", _("a scale belongs to exactly one region or one administration"))
    scale = Scale.objects.create(name=name, region=region, administration=administration)
    ScaleLevel.objects.bulk_create(
        ScaleLevel(scale=scale, value=v, label=label, descriptor=descr) for v, label, descr in levels
    )
    return scale


@transaction.atomic
def framework_create(
    *,
    actor: Any,
    code: str,
    title: str,
    scale: Scale,
    region: Region | None = None,
    administration: Administration | None = None,
    version: str = "1.0",
    description: str = "",
    extends: Framework | None = None,
    publisher: str = "",
    language: str = "en",
) -> Framework:
    if (region is None) == (administration is None):
        raise invalid("owner", _("a framework belongs to exactly one region or one administration"))
    owner: dict[str, Any] = {"region": region} if region is not None else {"administration": administration}
    # Refuse a foreign owner before looking at anything else, so no answer depends on its data.
    _require_framework_editor(actor=actor, framework=Framework(**owner))
    errors: list[FieldError] = []
    if not code.strip():
        errors.append(FieldError("code", _("required")))
    if not title.strip():
        errors.append(FieldError("title", _("required")))
    owner_region_id = region.pk if region is not None else administration.region_id  # type: ignore[union-attr]
    if not (
        scale.region_id == owner_region_id
        or (administration is not None and scale.administration_id == administration.pk)
    ):
        errors.append(FieldError("scale", _("belongs to another administration or region")))
    if extends is not None:
        if extends.region_id is None:
            errors.append(FieldError("extends", _("only a regional framework can be adopted and extended")))
        elif administration is not None and administration.region_id != extends.region_id:
            errors.append(FieldError("extends", _("belongs to another region")))
    if Framework.objects.filter(code=code.strip(), version=version, **owner).exists():
        errors.append(
            FieldError(
                "version", _("%(code)s %(version)s already exists") % {"code": code, "version": version}
            )
        )
    if errors:
        raise DomainError(_("Framework not created"), errors)
    framework = Framework(
        code=code.strip(),
        title=title.strip(),
        scale=scale,
        version=version,
        description=description,
        extends=extends,
        publisher=publisher,
        language=language,
        **owner,
    )
    framework.save()
    audit_record(
        actor=actor,
        action="create",
        instance=framework,
        after=snapshot(framework),
        **_framework_audit_ids(framework),
    )
    return framework


def framework_adopt(*, actor: Any, administration: Administration, regional: Framework) -> Framework:
    """An administration adopts a regional framework: a national framework that extends it."""
    return framework_create(
        actor=actor,
        administration=administration,
        code=f"{administration.code}-{regional.code}".upper()[:40],
        title=f"{regional.title} ({administration.name})",
        scale=regional.scale,
        version="1.0",
        extends=regional,
        description=f"National adoption of {regional.title} {regional.version}.",
        language=administration.default_language,
    )


_TRANSITIONS = {
    Framework.Status.DRAFT: {Framework.Status.PUBLISHED},
    Framework.Status.PUBLISHED: {Framework.Status.RETIRED},
    Framework.Status.RETIRED: set(),
}


@transaction.atomic
def framework_set_status(*, actor: Any, framework: Framework, status: str) -> Framework:
    """Move a framework through draft -> published -> retired."""
    _require_framework_editor(actor=actor, framework=framework)
    if status not in _TRANSITIONS.get(Framework.Status(framework.status), set()):
        raise invalid(
            "status",
            _("cannot go from %(current)s to %(target)s")
            % {
                "current": framework.get_status_display().lower(),
                "target": str(dict(Framework.Status.choices).get(status, status)).lower(),
            },
        )
    before = snapshot(framework)
    framework.status = status
    framework.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="update",
        instance=framework,
        before=before,
        after=snapshot(framework),
        **_framework_audit_ids(framework),
    )
    return framework


@transaction.atomic
def framework_update(*, actor: Any, framework: Framework, **fields: Any) -> Framework:
    allowed = {"title", "description", "publisher", "language"}
    unknown = set(fields) - allowed
    if unknown:
        raise DomainError(
            _("Framework not saved"), [FieldError(n, _("cannot be changed here")) for n in sorted(unknown)]
        )
    _require_framework_editor(actor=actor, framework=framework)
    if "title" in fields and not str(fields["title"]).strip():
        raise invalid("title", _("required"))
    before = snapshot(framework)
    for name, value in fields.items():
        setattr(framework, name, value)
    framework.save(update_fields=[*fields, "updated_at"])
    audit_record(
        actor=actor,
        action="update",
        instance=framework,
        before=before,
        after=snapshot(framework),
        **_framework_audit_ids(framework),
    )
    return framework


@transaction.atomic
def competency_create(
    *,
    actor: Any,
    framework: Framework,
    code: str,
    title: str,
    kind: str = Competency.Kind.COMPETENCY,
    type: str = "",
    parent: Competency | None = None,
    description: str = "",
    sequence: int | None = None,
) -> Competency:
    _require_framework_editor(actor=actor, framework=framework)
    errors: list[FieldError] = []
    if framework.status == Framework.Status.RETIRED:
        errors.append(FieldError("framework", _("a retired framework cannot change")))
    if not code.strip():
        errors.append(FieldError("code", _("required")))
    if not title.strip():
        errors.append(FieldError("title", _("required")))
    if kind not in Competency.Kind.values:
        errors.append(
            FieldError(
                "kind", _("must be one of %(choices)s") % {"choices": ", ".join(Competency.Kind.values)}
            )
        )
    if type and type not in Competency.Type.values:
        errors.append(
            FieldError(
                "type", _("must be one of %(choices)s") % {"choices": ", ".join(Competency.Type.values)}
            )
        )
    if parent is not None and parent.framework_id != framework.pk:
        errors.append(FieldError("parent", _("belongs to another framework")))
    if Competency.objects.filter(framework=framework, code=code.strip()).exists():
        errors.append(FieldError("code", _("already used in this framework")))
    if errors:
        raise DomainError(_("Competency not created"), errors)
    if sequence is None:
        sequence = framework.competencies.count() + 1
    competency = Competency.objects.create(
        framework=framework,
        code=code.strip(),
        title=title.strip(),
        kind=kind,
        type=type or (parent.type if parent else ""),
        parent=parent,
        description=description,
        sequence=sequence,
    )
    audit_record(
        actor=actor,
        action="create",
        instance=competency,
        after=snapshot(competency),
        **_framework_audit_ids(framework),
    )
    return competency


@transaction.atomic
def competency_map(*, actor: Any, source: Competency, target: Competency, relation: str) -> CompetencyMapping:
    """Relate a national competency to a regional one (exact, broader, narrower, related)."""
    _require_framework_editor(actor=actor, framework=source.framework)
    if relation not in CompetencyMapping.Relation.values:
        raise invalid(
            "relation",
            _("must be one of %(choices)s") % {"choices": ", ".join(CompetencyMapping.Relation.values)},
        )
    if source.framework_id == target.framework_id:
        raise invalid("target", _("a mapping relates competencies of two different frameworks"))
    source_fw, target_fw = source.framework, target.framework
    source_region_id = source_fw.region_id or source_fw.administration.region_id  # type: ignore[union-attr]
    if target_fw.region_id != source_region_id and (
        target_fw.administration_id is None or target_fw.administration_id != source_fw.administration_id
    ):
        raise Http404("Not found")  # another administration's (or region's) competency: as if missing
    mapping, created = CompetencyMapping.objects.get_or_create(
        source=source, target=target, relation=relation
    )
    if not created:
        return mapping
    audit_record(
        actor=actor,
        action="create",
        instance=mapping,
        after=snapshot(mapping),
        **_framework_audit_ids(source.framework),
    )
    return mapping


@transaction.atomic
def role_profile_for_position(*, actor: Any, position: Position) -> RoleProfile:
    """Return the position's role profile, creating an empty one on first use."""
    if not access_for(actor).has_role(position.administration_id, MANAGERS):
        raise Http404("Not found")
    profile, created = RoleProfile.objects.get_or_create(
        position=position, defaults={"administration_id": position.administration_id}
    )
    if created:
        audit_record(actor=actor, action="create", instance=profile, after=snapshot(profile))
    return profile


@dataclass(frozen=True)
class RequirementInput:
    competency: Competency
    required_level: int
    criticality: int


@transaction.atomic
def role_requirements_set(
    *, actor: Any, profile: RoleProfile, requirements: list[RequirementInput]
) -> RoleProfile:
    """Replace a profile's requirements as a whole (all-or-nothing), auditing each change."""
    if not access_for(actor).has_role(profile.administration_id, MANAGERS):
        raise Http404("Not found")
    from cadre.competencies.selectors import competencies_for_administration

    usable = set(
        competencies_for_administration(administration_id=profile.administration_id).values_list(
            "pk", flat=True
        )
    )
    errors: list[FieldError] = []
    seen: set[int] = set()
    for i, req in enumerate(requirements):
        label = f"requirements[{i}]"
        if req.competency.pk not in usable:
            errors.append(FieldError(f"{label}.competency", _("not in a framework this administration uses")))
        if req.competency.pk in seen:
            errors.append(FieldError(f"{label}.competency", _("listed twice")))
        seen.add(req.competency.pk)
        max_level = req.competency.framework.scale.max_level
        if not 1 <= req.required_level <= max_level:
            errors.append(
                FieldError(
                    f"{label}.required_level",
                    _("must be between 1 and %(max)s") % {"max": max_level},
                )
            )
        if not 1 <= req.criticality <= 3:
            errors.append(FieldError(f"{label}.criticality", _("must be 1, 2 or 3")))
    if errors:
        raise DomainError(_("Role profile not saved"), errors)
    existing = {r.competency_id: r for r in profile.requirements.all()}
    row: RoleRequirement | None
    wanted = {req.competency.pk: req for req in requirements}
    for competency_id, row in existing.items():
        if competency_id not in wanted:
            audit_record(
                actor=actor,
                action="delete",
                instance=row,
                before=snapshot(row),
                administration_id=profile.administration_id,
            )
            row.delete()
    for competency_id, req in wanted.items():
        row = existing.get(competency_id)
        if row is None:
            row = RoleRequirement.objects.create(
                profile=profile,
                competency=req.competency,
                required_level=req.required_level,
                criticality=req.criticality,
            )
            audit_record(
                actor=actor,
                action="create",
                instance=row,
                after=snapshot(row),
                administration_id=profile.administration_id,
            )
        elif (row.required_level, row.criticality) != (req.required_level, req.criticality):
            before = snapshot(row)
            row.required_level, row.criticality = req.required_level, req.criticality
            row.save(update_fields=["required_level", "criticality"])
            audit_record(
                actor=actor,
                action="update",
                instance=row,
                before=before,
                after=snapshot(row),
                administration_id=profile.administration_id,
            )
    profile.save(update_fields=["updated_at"])
    return profile


def _may_assess(*, actor: Any, officer: Officer, source: str) -> bool:
    access = access_for(actor)
    if source == Assessment.Source.SELF:
        return officer.user_id is not None and officer.user_id == getattr(actor, "pk", None)
    if access.has_role(officer.administration_id, MANAGERS):
        return True
    paths = access.supervised_paths.get(officer.administration_id, [])
    return any(officer.org_unit.path.startswith(p) for p in paths) and officer.user_id != getattr(
        actor, "pk", None
    )


def _today_in(administration: Administration) -> dt.date:
    """Today's date where the administration works: a Tokyo morning is not yesterday in UTC."""
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(administration.time_zone))


def _check_assessment(
    *,
    officer: Officer,
    competency: Competency,
    level: int,
    source: str,
    assessed_on: dt.date,
    prefix: str = "",
) -> list[FieldError]:
    from cadre.competencies.selectors import competencies_for_administration

    errors: list[FieldError] = []
    if source not in Assessment.Source.values:
        errors.append(
            FieldError(
                f"{prefix}source",
                _("must be one of %(choices)s") % {"choices": ", ".join(Assessment.Source.values)},
            )
        )
    if (
        not competencies_for_administration(administration_id=officer.administration_id)
        .filter(pk=competency.pk)
        .exists()
    ):
        errors.append(FieldError(f"{prefix}competency", _("not in a framework this administration uses")))
    max_level = competency.framework.scale.max_level
    if not isinstance(level, int) or not 0 <= level <= max_level:
        errors.append(FieldError(f"{prefix}level", _("must be between 0 and %(max)s") % {"max": max_level}))
    if assessed_on > _today_in(officer.administration):
        errors.append(FieldError(f"{prefix}assessed_on", _("cannot be in the future")))
    return errors


@transaction.atomic
def assessment_record(
    *,
    actor: Any,
    officer: Officer,
    competency: Competency,
    level: int,
    source: str,
    assessed_on: dt.date | None = None,
    evidence: str = "",
    evidence_url: str = "",
) -> Assessment:
    """Record one assessment. Self-assessments wait for validation when the administration says so."""
    if not _may_assess(actor=actor, officer=officer, source=source):
        raise Http404("Not found")
    assessed_on = assessed_on or _today_in(officer.administration)
    errors = _check_assessment(
        officer=officer, competency=competency, level=level, source=source, assessed_on=assessed_on
    )
    if errors:
        raise DomainError(_("Assessment not recorded"), errors)
    needs_validation = (
        source == Assessment.Source.SELF and officer.administration.self_assessment_requires_validation
    )
    assessment = Assessment.objects.create(
        administration_id=officer.administration_id,
        officer=officer,
        competency=competency,
        level=level,
        source=source,
        assessed_on=assessed_on,
        assessor=actor if getattr(actor, "is_authenticated", False) else None,
        evidence=evidence,
        evidence_url=evidence_url,
        validation=Assessment.Validation.PENDING if needs_validation else Assessment.Validation.VALIDATED,
    )
    audit_record(actor=actor, action="create", instance=assessment, after=snapshot(assessment))
    return assessment


@transaction.atomic
def assessment_validate(*, actor: Any, assessment: Assessment, approve: bool) -> Assessment:
    """A supervisor (or manager) validates or rejects a pending self-assessment."""
    if not _may_assess(actor=actor, officer=assessment.officer, source=Assessment.Source.SUPERVISOR):
        raise Http404("Not found")
    if assessment.validation != Assessment.Validation.PENDING:
        raise invalid("validation", _("only a pending assessment can be validated"))
    if assessment.officer.user_id is not None and assessment.officer.user_id == getattr(actor, "pk", None):
        raise invalid("validation", _("nobody validates their own self-assessment"))
    before = snapshot(assessment)
    assessment.validation = Assessment.Validation.VALIDATED if approve else Assessment.Validation.REJECTED
    assessment.validated_by = actor
    assessment.validated_at = timezone.now()
    assessment.save(update_fields=["validation", "validated_by", "validated_at"])
    audit_record(actor=actor, action="update", instance=assessment, before=before, after=snapshot(assessment))
    return assessment


@dataclass(frozen=True)
class GridEntry:
    officer_id: int
    competency_id: int
    level: int


@transaction.atomic
def assessments_save_grid(
    *, actor: Any, entries: list[GridEntry], assessed_on: dt.date | None = None, evidence: str = ""
) -> list[Assessment]:
    """Save a supervisor's grid in one transaction: every cell valid, or nothing stored.

    Officers outside the actor's reach are reported like missing ones.
    """
    from cadre.people.selectors import officers_visible_to

    officers = {
        o.pk: o
        for o in officers_visible_to(user=actor)
        .filter(pk__in={e.officer_id for e in entries})
        .select_related("administration")
    }
    competencies = {
        c.pk: c
        for c in Competency.objects.filter(pk__in={e.competency_id for e in entries}).select_related(
            "framework__scale"
        )
    }
    errors: list[FieldError] = []
    for i, entry in enumerate(entries):
        prefix = f"entries[{i}]."
        officer = officers.get(entry.officer_id)
        competency = competencies.get(entry.competency_id)
        if officer is None or not _may_assess(
            actor=actor, officer=officer, source=Assessment.Source.SUPERVISOR
        ):
            errors.append(FieldError(f"{prefix}officer", _("not found")))
            continue
        if competency is None:
            errors.append(FieldError(f"{prefix}competency", _("not found")))
            continue
        errors += _check_assessment(
            officer=officer,
            competency=competency,
            level=entry.level,
            source=Assessment.Source.SUPERVISOR,
            assessed_on=assessed_on or _today_in(officer.administration),
            prefix=prefix,
        )
    if errors:
        raise DomainError(_("Assessments not saved"), errors)
    saved = []
    for entry in entries:
        officer = officers[entry.officer_id]
        assessment = Assessment.objects.create(
            administration_id=officer.administration_id,
            officer=officer,
            competency=competencies[entry.competency_id],
            level=entry.level,
            source=Assessment.Source.SUPERVISOR,
            assessed_on=assessed_on or _today_in(officer.administration),
            assessor=actor,
            evidence=evidence,
        )
        audit_record(actor=actor, action="create", instance=assessment, after=snapshot(assessment))
        saved.append(assessment)
    return saved


@dataclass(frozen=True)
class RequirementRow:
    """One requirement as an API client sends it: the competency by id."""

    competency_id: int
    required_level: int
    criticality: int = 2


@transaction.atomic
def role_requirements_replace(*, actor: Any, profile: RoleProfile, rows: list[RequirementRow]) -> RoleProfile:
    """Resolve competency ids the actor can see, then replace the requirements as a whole.

    An id the actor cannot see is reported like a missing one, per row, and nothing is saved.
    """
    if not access_for(actor).has_role(profile.administration_id, MANAGERS):
        raise Http404("Not found")
    from cadre.competencies.selectors import competencies_visible_to

    found = {
        c.pk: c
        for c in competencies_visible_to(user=actor).filter(pk__in={row.competency_id for row in rows})
    }
    errors = [
        FieldError(f"requirements[{i}].competency", _("not found"))
        for i, row in enumerate(rows)
        if row.competency_id not in found
    ]
    if errors:
        raise DomainError(_("Role profile not saved"), errors)
    requirements = [
        RequirementInput(
            competency=found[row.competency_id],
            required_level=row.required_level,
            criticality=row.criticality,
        )
        for row in rows
    ]
    return role_requirements_set(actor=actor, profile=profile, requirements=requirements)


@transaction.atomic
def assessment_record_training_evidence(
    *,
    actor: Any,
    officer: Officer,
    competency: Competency,
    level: int,
    assessed_on: dt.date,
    evidence: str,
    validated: bool,
) -> Assessment:
    """Record a passed course as evidence (source "training"); the delivery app has checked the actor.

    ``validated`` carries the administration's policy: pending evidence waits for a supervisor.
    """
    errors = _check_assessment(
        officer=officer,
        competency=competency,
        level=level,
        source=Assessment.Source.TRAINING,
        assessed_on=assessed_on,
    )
    if errors:
        raise DomainError(_("Evidence not recorded"), errors)
    assessment = Assessment.objects.create(
        administration_id=officer.administration_id,
        officer=officer,
        competency=competency,
        level=level,
        source=Assessment.Source.TRAINING,
        assessed_on=assessed_on,
        assessor=actor if getattr(actor, "is_authenticated", False) else None,
        evidence=evidence,
        validation=Assessment.Validation.VALIDATED if validated else Assessment.Validation.PENDING,
        validated_at=timezone.now() if validated else None,
    )
    audit_record(actor=actor, action="create", instance=assessment, after=snapshot(assessment))
    return assessment


@transaction.atomic
def assessment_record_xapi_evidence(
    *,
    officer: Officer,
    competency: Competency,
    level: int,
    assessed_on: dt.date,
    evidence: str,
    validated: bool = True,
) -> Assessment:
    """Record a learning record (an xAPI pass or score band) as evidence with source "xapi".

    The LRS has authenticated the reporting tool and matched officer and activity in the same
    administration; there is no human actor.
    """
    errors = _check_assessment(
        officer=officer,
        competency=competency,
        level=level,
        source=Assessment.Source.XAPI,
        assessed_on=assessed_on,
    )
    if errors:
        raise DomainError(_("Evidence not recorded"), errors)
    assessment = Assessment.objects.create(
        administration_id=officer.administration_id,
        officer=officer,
        competency=competency,
        level=level,
        source=Assessment.Source.XAPI,
        assessed_on=assessed_on,
        evidence=evidence,
        validation=Assessment.Validation.VALIDATED if validated else Assessment.Validation.PENDING,
        validated_at=timezone.now() if validated else None,
    )
    audit_record(actor=None, action="create", instance=assessment, after=snapshot(assessment))
    return assessment
