"""REST endpoints for org units: the organisation trees of the caller's administrations."""

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate

from cadre.tenancy.models import OrgUnit
from cadre.tenancy.selectors import org_unit_get_for_user, org_units_for_user

router = Router()


class OrgUnitOut(Schema):
    id: int
    administration_id: int
    parent_id: int | None
    code: str
    name: str
    kind: str
    path: str = Field(description='Materialised path of ids, e.g. "/12/40/57/".')
    depth: int
    away_cap: int | None


class OrgUnitFilter(FilterSchema):
    parent: int | None = Field(None, description="Only the direct children of this unit.")
    administration: int | None = None

    def filter_parent(self, value: int | None) -> Q:
        return Q(parent_id=value) if value is not None else Q()

    def filter_administration(self, value: int | None) -> Q:
        return Q(administration_id=value) if value is not None else Q()


@router.get("", response=list[OrgUnitOut])
@paginate
def org_unit_list(request: HttpRequest, filters: OrgUnitFilter = Query(...)) -> QuerySet[OrgUnit]:  # type: ignore[type-arg]  # noqa: B008
    """Units of your administrations, in tree order."""
    return filters.filter(org_units_for_user(user=request.user)).order_by("administration_id", "path")


@router.get("/{org_unit_id}", response=OrgUnitOut)
def org_unit_detail(request: HttpRequest, org_unit_id: int) -> OrgUnit:
    return org_unit_get_for_user(user=request.user, org_unit_id=org_unit_id)
