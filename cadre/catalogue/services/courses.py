"""Write courses: create, update, objectives, prerequisites, adoption of regional courses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.catalogue.models import (
    Citation,
    Course,
    CourseObjective,
    CoursePrerequisite,
    DeliveryMode,
    LifecycleStatus,
    Module,
)
from cadre.catalogue.selectors import (
    competencies_for_owner,
    content_owner_choices,
    prerequisite_course_choices,
)
from cadre.catalogue.services._common import audit, require_editor, snap
from cadre.competencies.models import Competency
from cadre.core.errors import DomainError, FieldError, invalid
from cadre.tenancy.access import MANAGERS, access_for
from cadre.tenancy.models import Administration, Region

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")

#: Fields a caller may set on a course (the owner and adoption links are set by the services).
COURSE_FIELDS = frozenset(
    {
        "code",
        "title",
        "description",
        "delivery_mode",
        "duration_days",
        "duration_minutes",
        "languages",
        "min_participants",
        "max_participants",
        "cost_per_session",
        "cost_per_participant",
        "cost_per_instructor_day",
        "instructors_per_session",
        "instructor_qualification",
        "declared_uplift",
        "owner",
        "version",
        "status",
        "last_reviewed_on",
        "review_interval_months",
    }
)
_DECIMALS = (
    "duration_days",
    "cost_per_session",
    "cost_per_participant",
    "cost_per_instructor_day",
    "declared_uplift",
)


def languages_clean(value: Any, errors: list[FieldError], field: str = "languages") -> list[str]:
    """A list of language codes ("en", "ja", "zh-Hant"), duplicates dropped, order kept."""
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    if not isinstance(value, list | tuple):
        errors.append(FieldError(field, _("must be a list of language codes")))
        return []
    out: list[str] = []
    for code in value:
        if not isinstance(code, str) or not LANGUAGE_CODE.match(code):
            errors.append(
                FieldError(field, _("%(code)r is not a language code such as en or ja") % {"code": code})
            )
        elif code not in out:
            out.append(code)
    return out


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def owner_errors(*, owner: Any, administration_id: int | None, region_id: int | None) -> list[FieldError]:
    if owner is None:
        return []
    if (
        not content_owner_choices(administration_id=administration_id, region_id=region_id)
        .filter(pk=owner.pk)
        .exists()
    ):
        return [FieldError("owner", _("must be a member of the content's administration or region"))]
    return []


def _course_errors(course: Course, changed: set[str]) -> list[FieldError]:
    """Check a course's whole state; ``changed`` are the fields the caller set."""
    errors: list[FieldError] = []
    unknown = changed - COURSE_FIELDS
    errors += [FieldError(name, _("cannot be set here")) for name in sorted(unknown)]
    course.code = str(course.code or "").strip()
    course.title = str(course.title or "").strip()
    if not course.code:
        errors.append(FieldError("code", _("required")))
    elif len(course.code) > 40:
        errors.append(FieldError("code", _("at most 40 characters")))
    else:
        owner: dict[str, Any] = {"administration_id": course.administration_id, "region_id": course.region_id}
        clash = Course.objects.filter(code=course.code, **owner).exclude(pk=course.pk)
        if clash.exists():
            errors.append(FieldError("code", _("already used by another course of this owner")))
    if not course.title:
        errors.append(FieldError("title", _("required")))
    if course.delivery_mode not in DeliveryMode.values:
        errors.append(
            FieldError(
                "delivery_mode", _("must be one of %(choices)s") % {"choices": ", ".join(DeliveryMode.values)}
            )
        )
    if course.status not in LifecycleStatus.values:
        errors.append(
            FieldError(
                "status", _("must be one of %(choices)s") % {"choices": ", ".join(LifecycleStatus.values)}
            )
        )
    course.languages = languages_clean(course.languages, errors)
    for name in _DECIMALS:
        value = _decimal(getattr(course, name))
        if value is None or value < 0:
            errors.append(FieldError(name, _("must be a number of at least 0")))
        else:
            setattr(course, name, value)
    if isinstance(course.declared_uplift, Decimal) and course.declared_uplift > 4:
        errors.append(FieldError("declared_uplift", _("at most 4 levels")))
    if course.duration_minutes is not None and course.duration_minutes < 1:
        errors.append(FieldError("duration_minutes", _("must be at least 1")))
    if course.min_participants is None or course.min_participants < 1:
        errors.append(FieldError("min_participants", _("must be at least 1")))
    elif course.max_participants is None or course.max_participants < course.min_participants:
        errors.append(
            FieldError("max_participants", _("must be at least the minimum number of participants"))
        )
    if course.instructors_per_session is None or course.instructors_per_session < 0:
        errors.append(FieldError("instructors_per_session", _("must be at least 0")))
    if not 1 <= (course.review_interval_months or 0) <= 120:
        errors.append(FieldError("review_interval_months", _("must be between 1 and 120 months")))
    if not str(course.version or "").strip():
        errors.append(FieldError("version", _("required")))
    if course.last_reviewed_on and course.last_reviewed_on > timezone.localdate():
        errors.append(FieldError("last_reviewed_on", _("cannot be in the future")))
    if "owner" in changed:
        errors += owner_errors(
            owner=course.owner, administration_id=course.administration_id, region_id=course.region_id
        )
    return errors


@transaction.atomic
def course_create(
    *, actor: Any, administration: Administration | None = None, region: Region | None = None, **fields: Any
) -> Course:
    """Create a course owned by an administration (managers) or by the region (regional admins)."""
    if (administration is None) == (region is None):
        raise invalid("owner", _("a course belongs to exactly one administration or one region"))
    course = Course(administration=administration, region=region)
    require_editor(actor=actor, item=course)
    fields.setdefault("owner", actor if getattr(actor, "is_authenticated", False) else None)
    for name, value in fields.items():
        if name in COURSE_FIELDS:
            setattr(course, name, value)
    errors = _course_errors(course, set(fields))
    if errors:
        raise DomainError(_("Course not created"), errors)
    course.save()
    audit(actor=actor, action="create", instance=course, owner=course)
    return course


@transaction.atomic
def course_update(*, actor: Any, course: Course, **fields: Any) -> Course:
    """Change some of a course's fields; all are checked together, nothing is saved on an error."""
    require_editor(actor=actor, item=course)
    course = Course.objects.select_for_update().get(pk=course.pk)
    before = snap(course)
    for name, value in fields.items():
        if name in COURSE_FIELDS:
            setattr(course, name, value)
    errors = _course_errors(course, set(fields))
    if errors:
        raise DomainError(_("Course not saved"), errors)
    course.save()
    audit(actor=actor, action="update", instance=course, owner=course, before=before)
    return course


@dataclass(frozen=True)
class ObjectiveInput:
    competency: Competency
    target_level: int
    description: str = ""


@transaction.atomic
def course_objectives_set(*, actor: Any, course: Course, objectives: list[ObjectiveInput]) -> Course:
    """Replace what a successful participant reaches (competency -> level) as a whole."""
    require_editor(actor=actor, item=course)
    usable = {
        c.pk: c
        for c in competencies_for_owner(
            administration_id=course.administration_id, region_id=course.region_id
        )
    }
    errors: list[FieldError] = []
    seen: set[int] = set()
    for i, row in enumerate(objectives):
        label = f"objectives[{i}]"
        competency = usable.get(row.competency.pk)
        if competency is None:
            errors.append(FieldError(f"{label}.competency", _("not in a framework this course's owner uses")))
            continue
        if competency.pk in seen:
            errors.append(FieldError(f"{label}.competency", _("listed twice")))
        seen.add(competency.pk)
        top = competency.framework.scale.max_level
        if not 1 <= row.target_level <= top:
            errors.append(
                FieldError(f"{label}.target_level", _("must be between 1 and %(max)s") % {"max": top})
            )
    if errors:
        raise DomainError(_("Objectives not saved"), errors)
    existing = {o.competency_id: o for o in course.objectives.all()}
    wanted = {row.competency.pk: row for row in objectives}
    for competency_id, objective in existing.items():
        if competency_id not in wanted:
            before = snap(objective)
            objective.delete()
            audit(actor=actor, action="delete", instance=objective, owner=course, before=before)
    for competency_id, row in wanted.items():
        current = existing.get(competency_id)
        if current is None:
            created = CourseObjective.objects.create(
                course=course,
                competency_id=competency_id,
                target_level=row.target_level,
                description=row.description,
            )
            audit(actor=actor, action="create", instance=created, owner=course)
        elif (current.target_level, current.description) != (row.target_level, row.description):
            before = snap(current)
            current.target_level, current.description = row.target_level, row.description
            current.save(update_fields=["target_level", "description"])
            audit(actor=actor, action="update", instance=current, owner=course, before=before)
    return course


@dataclass(frozen=True)
class LevelPrerequisite:
    competency: Competency
    min_level: int


def _reaches(start_ids: set[int], target_id: int, replaced: int, new_edges: set[int]) -> bool:
    """Whether ``target_id`` is reachable from ``start_ids`` along "requires" edges.

    The edges of course ``replaced`` are taken from ``new_edges`` instead of the database.
    """
    seen: set[int] = set()
    frontier = set(start_ids)
    while frontier:
        if target_id in frontier:
            return True
        seen |= frontier
        rows = CoursePrerequisite.objects.filter(
            course_id__in=frontier - {replaced}, required_course__isnull=False
        ).values_list("required_course_id", flat=True)
        nxt = set(rows) | (new_edges if replaced in frontier else set())
        frontier = nxt - seen
    return False


@transaction.atomic
def course_prerequisites_set(
    *, actor: Any, course: Course, courses: list[Course], levels: list[LevelPrerequisite]
) -> Course:
    """Replace a course's prerequisites: courses (same owner or regional) and competency levels."""
    require_editor(actor=actor, item=course)
    allowed = set(prerequisite_course_choices(course=course).values_list("pk", flat=True))
    usable = {
        c.pk: c
        for c in competencies_for_owner(
            administration_id=course.administration_id, region_id=course.region_id
        )
    }
    errors: list[FieldError] = []
    required_ids: set[int] = set()
    for i, required in enumerate(courses):
        if required.pk == course.pk:
            errors.append(FieldError(f"courses[{i}]", _("a course cannot require itself")))
        elif required.pk not in allowed:
            errors.append(
                FieldError(f"courses[{i}]", _("must be a course of the same owner or a regional course"))
            )
        required_ids.add(required.pk)
    if not errors and _reaches(required_ids, course.pk, course.pk, required_ids):
        errors.append(FieldError("courses", _("these prerequisites would form a cycle")))
    seen: set[int] = set()
    for i, row in enumerate(levels):
        competency = usable.get(row.competency.pk)
        if competency is None:
            errors.append(
                FieldError(f"levels[{i}].competency", _("not in a framework this course's owner uses"))
            )
            continue
        if competency.pk in seen:
            errors.append(FieldError(f"levels[{i}].competency", _("listed twice")))
        seen.add(competency.pk)
        top = competency.framework.scale.max_level
        if not 1 <= row.min_level <= top:
            errors.append(
                FieldError(f"levels[{i}].min_level", _("must be between 1 and %(max)s") % {"max": top})
            )
    if errors:
        raise DomainError(_("Prerequisites not saved"), errors)
    for old in list(course.prerequisites.all()):
        before = snap(old)
        old.delete()
        audit(actor=actor, action="delete", instance=old, owner=course, before=before)
    for required_id in sorted(required_ids):
        added = CoursePrerequisite.objects.create(course=course, required_course_id=required_id)
        audit(actor=actor, action="create", instance=added, owner=course)
    for level in levels:
        added = CoursePrerequisite.objects.create(
            course=course, competency_id=level.competency.pk, min_level=level.min_level
        )
        audit(actor=actor, action="create", instance=added, owner=course)
    return course


# Adoption -----------------------------------------------------------------------------------------

_COPIED = (
    "code",
    "title",
    "description",
    "delivery_mode",
    "duration_days",
    "duration_minutes",
    "languages",
    "min_participants",
    "max_participants",
    "cost_per_session",
    "cost_per_participant",
    "cost_per_instructor_day",
    "instructors_per_session",
    "instructor_qualification",
    "declared_uplift",
    "version",
    "status",
    "last_reviewed_on",
    "review_interval_months",
)
_SYNCED = tuple(name for name in _COPIED if name not in {"code", "status", "last_reviewed_on"})


def _copy_module(module: Module, administration: Administration, course: Course) -> Module:
    copy = Module.objects.create(
        administration=administration,
        course=course,
        **{
            name: getattr(module, name)
            for name in (
                "sequence",
                "code",
                "title",
                "description",
                "kind",
                "minutes",
                "url",
                "activity_iri",
                "file",
                "file_name",
                "content_type",
                "file_size",
                "languages",
                "version",
                "status",
                "last_reviewed_on",
                "review_interval_months",
            )
        },
    )
    copy.competencies.set(module.competencies.all())
    Citation.objects.bulk_create(
        Citation(module=copy, edition_id=c.edition_id, note=c.note) for c in module.citations.all()
    )
    return copy


@transaction.atomic
def course_adopt(*, actor: Any, administration: Administration, regional: Course) -> Course:
    """Copy an active regional course (objectives, prerequisites, modules, citations) into an
    administration's catalogue; the copy remembers its source and the version it was taken at."""
    if not access_for(actor).has_role(administration.pk, MANAGERS):
        raise Http404("Not found")
    errors: list[FieldError] = []
    if regional.region_id is None:
        errors.append(FieldError("course", _("only a regional course can be adopted")))
    elif regional.region_id != administration.region_id:
        errors.append(FieldError("course", _("belongs to another region")))
    elif regional.status != LifecycleStatus.ACTIVE:
        errors.append(FieldError("course", _("only an active regional course can be adopted")))
    if Course.objects.filter(administration=administration, adopted_from=regional).exists():
        errors.append(FieldError("administration", _("has already adopted this course")))
    elif Course.objects.filter(administration=administration, code=regional.code).exists():
        errors.append(
            FieldError(
                "code",
                _("%(code)s is already used by a course of this administration") % {"code": regional.code},
            )
        )
    usable = set(
        competencies_for_owner(administration_id=administration.pk, region_id=None).values_list(
            "pk", flat=True
        )
    )
    for objective in regional.objectives.select_related("competency"):
        if objective.competency_id not in usable:
            errors.append(
                FieldError(
                    "objectives",
                    _(
                        "%(code)s is not in a framework this administration uses (adopt the regional framework first)"
                    )
                    % {"code": objective.competency.code},
                )
            )
    if errors:
        raise DomainError(_("Course not adopted"), errors)
    copy = Course(
        administration=administration,
        owner=actor if getattr(actor, "is_authenticated", False) else None,
        adopted_from=regional,
        adopted_version=regional.version,
        **{name: getattr(regional, name) for name in _COPIED},
    )
    copy.save()
    CourseObjective.objects.bulk_create(
        CourseObjective(
            course=copy, competency_id=o.competency_id, target_level=o.target_level, description=o.description
        )
        for o in regional.objectives.all()
    )
    CoursePrerequisite.objects.bulk_create(
        CoursePrerequisite(
            course=copy,
            required_course_id=p.required_course_id,
            competency_id=p.competency_id,
            min_level=p.min_level,
        )
        for p in regional.prerequisites.all()
    )
    Citation.objects.bulk_create(
        Citation(course=copy, edition_id=c.edition_id, note=c.note) for c in regional.citations.all()
    )
    for module in regional.modules.prefetch_related("competencies", "citations"):
        _copy_module(module, administration, copy)
    audit(actor=actor, action="create", instance=copy, owner=copy)
    return copy


@transaction.atomic
def course_adoption_review(*, actor: Any, course: Course, apply: bool) -> Course:
    """Close a "regional revision available" flag: take the regional changes (``apply``: fields
    and objectives) or keep the national copy as it is; either way record the version reviewed."""
    require_editor(actor=actor, item=course)
    source = course.adopted_from
    if source is None:
        raise invalid("course", _("is not an adopted regional course"))
    before = snap(course)
    if apply:
        for name in _SYNCED:
            setattr(course, name, getattr(source, name))
        course_objectives_set(
            actor=actor,
            course=course,
            objectives=[
                ObjectiveInput(o.competency, o.target_level, o.description)
                for o in source.objectives.select_related("competency")
            ],
        )
    course.adopted_version = source.version
    course.save()
    audit(actor=actor, action="update", instance=course, owner=course, before=before)
    return course
