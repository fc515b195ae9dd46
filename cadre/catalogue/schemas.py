"""Shapes of the catalogue API: courses, modules, editions and the obsolescence report."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import StringConstraints

from cadre.catalogue.models import Course, Module

Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Mode = Literal["classroom", "elearning", "blended", "microlearning", "mobile", "vr", "on_the_job", "webinar"]
Status = Literal["draft", "active", "retired"]


class ObjectiveOut(Schema):
    competency_id: int
    competency_code: str
    target_level: int
    description: str


class PrerequisiteOut(Schema):
    required_course_id: int | None
    competency_id: int | None
    min_level: int | None


class CitationOut(Schema):
    edition_id: int
    edition: str
    superseded_by: str | None
    note: str


def _citations(item: Course | Module) -> list[dict[str, Any]]:
    return [
        {
            "edition_id": c.edition_id,
            "edition": str(c.edition),
            "superseded_by": str(c.edition.superseded_by) if c.edition.superseded_by_id else None,
            "note": c.note,
        }
        for c in item.citations.all()
    ]


class CourseOut(Schema):
    id: int
    identifier: uuid.UUID
    owner_kind: Literal["region", "administration"]
    administration_id: int | None
    region_id: int | None
    code: str
    title: str
    title_translated: str = Field(
        description="The title in the request's language (Accept-Language) where translated, else the title"
    )
    description: str
    delivery_mode: Mode
    duration_days: Decimal
    duration_minutes: int | None
    languages: list[str]
    min_participants: int
    max_participants: int
    cost_per_session: Decimal
    cost_per_participant: Decimal
    cost_per_instructor_day: Decimal
    instructors_per_session: int
    instructor_qualification: str
    declared_uplift: Decimal
    owner_id: int | None
    version: str
    status: Status
    last_reviewed_on: dt.date | None
    review_interval_months: int
    adopted_from_id: int | None
    adopted_version: str
    regional_revision_available: bool

    @staticmethod
    def resolve_title_translated(obj: Course) -> str:
        return getattr(obj, "title_tr", None) or obj.title

    @staticmethod
    def resolve_owner_kind(obj: Course) -> str:
        return "region" if obj.region_id is not None else "administration"

    @staticmethod
    def resolve_regional_revision_available(obj: Course) -> bool:
        return obj.adopted_from_id is not None and obj.adopted_from.version != obj.adopted_version  # type: ignore[union-attr]


class CourseDetailOut(CourseOut):
    objectives: list[ObjectiveOut]
    prerequisites: list[PrerequisiteOut]
    module_ids: list[int]
    citations: list[CitationOut]

    @staticmethod
    def resolve_objectives(obj: Course) -> list[dict[str, Any]]:
        return [
            {
                "competency_id": o.competency_id,
                "competency_code": o.competency.code,
                "target_level": o.target_level,
                "description": o.description,
            }
            for o in obj.objectives.select_related("competency").order_by("competency__code")
        ]

    @staticmethod
    def resolve_prerequisites(obj: Course) -> list[dict[str, Any]]:
        return [
            dict(row) for row in obj.prerequisites.values("required_course_id", "competency_id", "min_level")
        ]

    @staticmethod
    def resolve_module_ids(obj: Course) -> list[int]:
        return list(obj.modules.order_by("sequence", "code").values_list("pk", flat=True))

    @staticmethod
    def resolve_citations(obj: Course) -> list[dict[str, Any]]:
        return _citations(obj)


class CourseFields(Schema):
    """Writable course fields; on update only those sent change."""

    title: Title | None = None
    description: str | None = None
    delivery_mode: Mode | None = None
    duration_days: Decimal | None = None
    duration_minutes: int | None = None
    languages: list[str] | None = None
    min_participants: int | None = None
    max_participants: int | None = None
    cost_per_session: Decimal | None = None
    cost_per_participant: Decimal | None = None
    cost_per_instructor_day: Decimal | None = None
    instructors_per_session: int | None = None
    instructor_qualification: Annotated[str, StringConstraints(max_length=80)] | None = None
    declared_uplift: Decimal | None = None
    version: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)] | None = (
        None
    )
    status: Status | None = None
    last_reviewed_on: dt.date | None = None
    review_interval_months: int | None = None
    owner_id: int | None = Field(None, description="A member of the owning administration (or region).")


class CourseIn(CourseFields):
    administration_id: int | None = Field(None, description="Owner: an administration you manage ...")
    region_id: int | None = Field(None, description="... or a region where you are a regional admin.")
    code: Code
    title: Title


class CoursePatch(CourseFields):
    code: Code | None = None


class ModuleOut(Schema):
    id: int
    identifier: uuid.UUID
    administration_id: int | None
    region_id: int | None
    course_id: int | None
    sequence: int
    code: str
    title: str
    description: str
    kind: Literal["file", "link", "xapi"]
    minutes: int
    url: str
    activity_iri: str
    file_name: str
    content_type: str
    file_size: int
    download_url: str | None
    languages: list[str]
    competency_ids: list[int]
    owner_id: int | None
    version: str
    status: Status
    last_reviewed_on: dt.date | None
    review_interval_months: int
    citations: list[CitationOut]

    @staticmethod
    def resolve_download_url(obj: Module) -> str | None:
        from django.urls import reverse

        if obj.kind != Module.Kind.FILE or not obj.file:
            return None
        return reverse("catalogue:module_download", args=[obj.pk])

    @staticmethod
    def resolve_competency_ids(obj: Module) -> list[int]:
        return [c.pk for c in obj.competencies.all()]

    @staticmethod
    def resolve_citations(obj: Module) -> list[dict[str, Any]]:
        return _citations(obj)


class EditionOut(Schema):
    id: int
    instrument_id: int
    instrument_code: str
    instrument_title: str
    label: str
    in_force_from: dt.date | None
    superseded_by_id: int | None
    superseded_on: dt.date | None
    scope: Literal["region", "administration"]

    @staticmethod
    def resolve_instrument_code(obj: Any) -> str:
        return str(obj.instrument.code)

    @staticmethod
    def resolve_instrument_title(obj: Any) -> str:
        return str(obj.instrument.title)

    @staticmethod
    def resolve_scope(obj: Any) -> str:
        return "region" if obj.instrument.region_id is not None else "administration"


class SupersedeIn(Schema):
    successor_label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
    in_force_from: dt.date | None = None


class SupersedeOut(Schema):
    edition: EditionOut
    successor: EditionOut
    flagged_courses: int
    flagged_modules: int


class ObsolescenceRowOut(Schema):
    kind: Literal["course", "module"]
    id: int
    code: str
    title: str
    version: str
    owner_id: int | None
    review_due_on: dt.date
    overdue: bool
    due_soon: bool
    superseded_editions: list[str]


class ObsolescenceOut(Schema):
    overdue: int
    due_soon: int
    superseded: int
    items: list[ObsolescenceRowOut]
