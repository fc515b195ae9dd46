"""REST endpoints for officers: scoped lists, a detail with current levels against requirements,
and create/update for training managers and administration admins."""

import datetime as dt
from typing import Annotated, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db.models import Q, QuerySet, Subquery
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import StringConstraints, field_validator

from cadre.competencies.selectors import RequirementStatus, officer_requirement_status
from cadre.core.errors import invalid, not_found_as
from cadre.people import services
from cadre.people.models import Officer
from cadre.people.selectors import (
    officer_get_for_user,
    officer_get_managed_by,
    officers_visible_to,
    position_get_for_user,
)
from cadre.tenancy.access import MANAGERS
from cadre.tenancy.models import OrgUnit
from cadre.tenancy.selectors import administration_get_for_user, org_unit_get_for_user

router = Router()

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
EmployeeNumber = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
Language = Annotated[str, StringConstraints(min_length=2, max_length=8)]


class OfficerOut(Schema):
    id: int
    administration_id: int
    employee_number: str
    given_name: str
    family_name: str
    email: str
    org_unit_id: int
    position_id: int | None
    grade: str
    service_start: dt.date | None
    languages: list[str]
    supervisor_id: int | None
    active: bool
    user_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime


class RequirementStatusOut(Schema):
    competency_id: int
    competency_code: str
    competency_title: str
    required_level: int
    criticality: int
    current: int | None = Field(description="Latest counting assessment; null when never assessed.")
    gap: int | None
    meets: bool

    @classmethod
    def from_status(cls, status: RequirementStatus) -> "RequirementStatusOut":
        req = status.requirement
        return cls(
            competency_id=req.competency_id,
            competency_code=req.competency.code,
            competency_title=req.competency.title,
            required_level=req.required_level,
            criticality=req.criticality,
            current=status.current,
            gap=status.gap,
            meets=status.meets,
        )


class OfficerDetailOut(OfficerOut):
    requirements: list[RequirementStatusOut]


class OfficerFilter(FilterSchema):
    org_unit: int | None = Field(None, description="Officers of this unit and every unit below it.")
    position: int | None = None
    active: bool | None = None
    administration: int | None = None
    q: str | None = Field(None, description="Words in the name, employee number or email.")

    def filter_org_unit(self, value: int | None) -> Q:
        if value is None:
            return Q()
        root_path = OrgUnit.objects.filter(pk=value).values("path")[:1]
        return Q(org_unit__path__startswith=Subquery(root_path))

    def filter_position(self, value: int | None) -> Q:
        return Q(position_id=value) if value is not None else Q()

    def filter_administration(self, value: int | None) -> Q:
        return Q(administration_id=value) if value is not None else Q()

    def filter_q(self, value: str | None) -> Q:
        if not value:
            return Q()
        return (
            Q(given_name__icontains=value)
            | Q(family_name__icontains=value)
            | Q(employee_number__icontains=value)
            | Q(email__icontains=value)
        )


class _OfficerFields(Schema):
    @field_validator("email", check_fields=False)
    @classmethod
    def _valid_email(cls, value: str | None) -> str | None:
        if value:
            try:
                validate_email(value)
            except DjangoValidationError as exc:
                raise ValueError("not a valid email address") from exc
        return value


class OfficerIn(_OfficerFields):
    administration_id: int
    org_unit_id: int
    employee_number: EmployeeNumber
    given_name: Name
    family_name: Name
    email: Annotated[str, StringConstraints(strip_whitespace=True, max_length=254)] = ""
    position_id: int | None = None
    grade: Annotated[str, StringConstraints(max_length=40)] = ""
    service_start: dt.date | None = None
    languages: list[Language] = Field(default_factory=list, max_length=20)
    supervisor_id: int | None = None
    active: bool = True


class OfficerPatch(_OfficerFields):
    """Only the fields sent change; send null to clear position or supervisor."""

    org_unit_id: int | None = None
    employee_number: EmployeeNumber | None = None
    given_name: Name | None = None
    family_name: Name | None = None
    email: Annotated[str, StringConstraints(strip_whitespace=True, max_length=254)] | None = None
    position_id: int | None = None
    grade: Annotated[str, StringConstraints(max_length=40)] | None = None
    service_start: dt.date | None = None
    languages: list[Language] | None = Field(None, max_length=20)
    supervisor_id: int | None = None
    active: bool | None = None


_NOT_NULL = (
    "org_unit_id",
    "employee_number",
    "given_name",
    "family_name",
    "email",
    "grade",
    "languages",
    "active",
)


def _resolve_references(request: HttpRequest, data: dict[str, Any]) -> dict[str, Any]:
    """Swap ``*_id`` input fields for the objects the service takes, each loaded through a scoped selector."""
    for name in _NOT_NULL:
        if name in data and data[name] is None:
            raise invalid(name, _("cannot be null"))
    user = request.user
    fields = {k: v for k, v in data.items() if not k.endswith("_id")}
    if data.get("org_unit_id") is not None:
        with not_found_as("org_unit_id"):
            fields["org_unit"] = org_unit_get_for_user(user=user, org_unit_id=data["org_unit_id"])
    if "position_id" in data:
        fields["position"] = None
        if data["position_id"] is not None:
            with not_found_as("position_id"):
                fields["position"] = position_get_for_user(user=user, position_id=data["position_id"])
    if "supervisor_id" in data:
        fields["supervisor"] = None
        if data["supervisor_id"] is not None:
            with not_found_as("supervisor_id"):
                fields["supervisor"] = officer_get_for_user(user=user, officer_id=data["supervisor_id"])
    return fields


def _detail(officer: Officer) -> OfficerDetailOut:
    statuses = officer_requirement_status(officer=officer)
    return OfficerDetailOut(
        **OfficerOut.model_validate(officer).model_dump(),
        requirements=[RequirementStatusOut.from_status(s) for s in statuses],
    )


@router.get("", response=list[OfficerOut])
@paginate
def officer_list(request: HttpRequest, filters: OfficerFilter = Query(...)) -> QuerySet[Officer]:  # type: ignore[type-arg]  # noqa: B008
    """Officers you may see: your administration (managers), your units (supervisors), yourself."""
    return filters.filter(officers_visible_to(user=request.user)).order_by("family_name", "given_name", "pk")


@router.get("/{officer_id}", response=OfficerDetailOut)
def officer_detail(request: HttpRequest, officer_id: int) -> OfficerDetailOut:
    """One officer with each competency their role profile requires, their current level and gap."""
    return _detail(officer_get_for_user(user=request.user, officer_id=officer_id))


@router.post("", response={201: OfficerDetailOut})
def officer_create(request: HttpRequest, payload: OfficerIn) -> tuple[int, OfficerDetailOut]:
    with not_found_as("administration_id"):
        administration = administration_get_for_user(
            user=request.user, administration_id=payload.administration_id, roles=MANAGERS
        )
    fields = _resolve_references(request, payload.model_dump(exclude={"administration_id"}))
    org_unit = fields.pop("org_unit")
    officer = services.officer_create(
        actor=request.user, administration=administration, org_unit=org_unit, **fields
    )
    return 201, _detail(officer)


@router.patch("/{officer_id}", response=OfficerDetailOut)
def officer_update(request: HttpRequest, officer_id: int, payload: OfficerPatch) -> OfficerDetailOut:
    officer = officer_get_managed_by(user=request.user, officer_id=officer_id)
    fields = _resolve_references(request, payload.model_dump(exclude_unset=True))
    return _detail(services.officer_update(actor=request.user, officer=officer, **fields))
