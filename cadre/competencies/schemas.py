"""Shapes of the competencies API: frameworks, competencies, scales, role profiles, assessments."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from django.db.models import Q
from ninja import Field, FilterSchema, Schema
from pydantic import StringConstraints

from cadre.competencies.models import Competency, Framework, RoleProfile, Scale

Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
FrameworkStatus = Literal["draft", "published", "retired"]
CompetencyKind = Literal["group", "competency", "indicator"]
CompetencyType = Literal["", "values", "professional", "operational", "managerial"]
AssessmentSource = Literal["self", "supervisor", "test", "training", "xapi", "certificate"]
AssessmentValidation = Literal["pending", "validated", "rejected"]


# Frameworks


class FrameworkOut(Schema):
    id: int
    identifier: uuid.UUID
    code: str
    title: str
    description: str
    version: str
    status: FrameworkStatus
    owner: Literal["region", "administration"]
    region_id: int | None
    administration_id: int | None
    scale_id: int
    extends_id: int | None
    publisher: str
    language: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_owner(obj: Framework) -> str:
        return "region" if obj.region_id is not None else "administration"


class FrameworkFilter(FilterSchema):
    status: FrameworkStatus | None = None
    owner: Literal["region", "administration"] | None = None
    administration: int | None = Field(None, description="Only this administration's frameworks.")
    q: str | None = Field(None, description="Words in the code or title.")

    def filter_owner(self, value: str | None) -> Q:
        if value is None:
            return Q()
        return Q(region__isnull=False) if value == "region" else Q(administration__isnull=False)

    def filter_administration(self, value: int | None) -> Q:
        return Q(administration_id=value) if value is not None else Q()

    def filter_q(self, value: str | None) -> Q:
        return Q(code__icontains=value) | Q(title__icontains=value) if value else Q()


class FrameworkIn(Schema):
    administration_id: int = Field(description="The administration that will own the framework.")
    code: Code
    title: Title
    scale_id: int
    version: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)] = "1.0"
    description: str = ""
    extends_id: int | None = Field(None, description="A regional framework this one adopts and extends.")
    publisher: Annotated[str, StringConstraints(max_length=200)] = ""
    language: Annotated[str, StringConstraints(min_length=2, max_length=10)] = "en"


class FrameworkStatusIn(Schema):
    status: FrameworkStatus = Field(description="draft -> published -> retired, one step at a time.")


class FrameworkAdoptIn(Schema):
    administration_id: int


# Competencies


class CompetencyOut(Schema):
    id: int
    identifier: uuid.UUID
    framework_id: int
    parent_id: int | None
    kind: CompetencyKind
    type: CompetencyType
    code: str
    title: str
    description: str
    sequence: int


class CompetencyNodeOut(CompetencyOut):
    depth: int = Field(description="0 for a root node, parent's depth + 1 below it.")
    title_translated: str = Field(
        description="The title in the request's language (Accept-Language) where translated, else the title"
    )

    @classmethod
    def from_node(cls, node: Competency, depth: int) -> CompetencyNodeOut:
        translated = getattr(node, "title_tr", None) or node.title
        return cls.model_validate(
            {
                **CompetencyOut.model_validate(node).model_dump(),
                "depth": depth,
                "title_translated": translated,
            }
        )


class CompetencyIn(Schema):
    code: Code
    title: Title
    kind: CompetencyKind = "competency"
    type: CompetencyType = Field("", description="Inherited from the parent when empty.")
    parent_id: int | None = None
    description: str = ""
    sequence: int | None = Field(None, ge=0, description="Position among siblings; appended when empty.")


# Scales


class ScaleLevelOut(Schema):
    value: int
    label: str
    descriptor: str


class ScaleOut(Schema):
    id: int
    identifier: uuid.UUID
    name: str
    region_id: int | None
    administration_id: int | None
    levels: list[ScaleLevelOut]

    @staticmethod
    def resolve_levels(obj: Scale) -> list[object]:
        return list(obj.levels.all())


# Role profiles


class RoleProfileOut(Schema):
    id: int
    administration_id: int
    position_id: int
    position_code: str = Field(alias="position.code")
    position_title: str = Field(alias="position.title")
    notes: str
    updated_at: dt.datetime


class RequirementOut(Schema):
    competency_id: int
    competency_code: str = Field(alias="competency.code")
    competency_title: str = Field(alias="competency.title")
    required_level: int
    criticality: int


class RoleProfileDetailOut(RoleProfileOut):
    requirements: list[RequirementOut]

    @staticmethod
    def resolve_requirements(obj: RoleProfile) -> list[object]:
        return list(obj.requirements.select_related("competency").order_by("competency__sequence", "pk"))


class RoleProfileFilter(FilterSchema):
    position: int | None = Field(None, description="Only the profile of this position.")

    def filter_position(self, value: int | None) -> Q:
        return Q(position_id=value) if value is not None else Q()


class RequirementIn(Schema):
    competency_id: int
    required_level: int = Field(ge=1, description="At least 1 and at most the scale's top level.")
    criticality: int = Field(2, ge=1, le=3, description="1 useful, 2 important, 3 critical.")


class RequirementsIn(Schema):
    requirements: list[RequirementIn] = Field(max_length=500)


# Assessments


class AssessmentOut(Schema):
    id: int
    administration_id: int
    officer_id: int
    competency_id: int
    competency_code: str = Field(alias="competency.code")
    level: int
    source: AssessmentSource
    assessed_on: dt.date
    assessor_id: int | None
    evidence: str
    evidence_url: str
    validation: AssessmentValidation
    validated_by_id: int | None
    validated_at: dt.datetime | None
    created_at: dt.datetime


class AssessmentFilter(FilterSchema):
    officer: int | None = None
    competency: int | None = None
    source: AssessmentSource | None = None
    validation: AssessmentValidation | None = None
    assessed_from: dt.date | None = Field(None, description="Assessed on or after this day.")
    assessed_to: dt.date | None = Field(None, description="Assessed on or before this day.")

    def filter_officer(self, value: int | None) -> Q:
        return Q(officer_id=value) if value is not None else Q()

    def filter_competency(self, value: int | None) -> Q:
        return Q(competency_id=value) if value is not None else Q()

    def filter_assessed_from(self, value: dt.date | None) -> Q:
        return Q(assessed_on__gte=value) if value is not None else Q()

    def filter_assessed_to(self, value: dt.date | None) -> Q:
        return Q(assessed_on__lte=value) if value is not None else Q()


class AssessmentIn(Schema):
    officer_id: int
    competency_id: int
    level: int = Field(ge=0)
    source: AssessmentSource = Field(
        description="self: only for your own officer record; others need a manager or the officer's supervisor."
    )
    assessed_on: dt.date | None = Field(None, description="Defaults to today.")
    evidence: str = ""
    evidence_url: Annotated[str, StringConstraints(max_length=500, pattern=r"^(https?://\S+)?$")] = ""


class AssessmentValidateIn(Schema):
    approve: bool
