"""Catalogue API (mounted at /api/v1/catalogue): courses, modules, editions, obsolescence.

Each endpoint parses input, loads objects through scoped selectors (a foreign id answers 404 like a
missing one), calls one service for a write, and renders.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from cadre.catalogue import selectors as sel
from cadre.catalogue import services
from cadre.catalogue.models import Course, Edition, Module
from cadre.catalogue.schemas import (
    CourseDetailOut,
    CourseIn,
    CourseOut,
    CoursePatch,
    EditionOut,
    ModuleOut,
    ObsolescenceOut,
    SupersedeIn,
    SupersedeOut,
)
from cadre.core.errors import invalid, not_found_as
from cadre.tenancy.access import MANAGERS
from cadre.tenancy.selectors import administration_get_for_user, regions_administered_by

router = Router(tags=["catalogue"])


def _owner(payload: Any, *, administration_id: int | None, region_id: int | None) -> dict[str, Any]:
    """Turn ``owner_id`` into the user, among the people who may own this content."""
    fields = payload.dict(exclude_unset=True, exclude={"administration_id", "region_id"})
    if "owner_id" in fields:
        owner_id = fields.pop("owner_id")
        owner = None
        if owner_id is not None:
            owner = (
                sel.content_owner_choices(administration_id=administration_id, region_id=region_id)
                .filter(pk=owner_id)
                .first()
            )
            if owner is None:
                raise invalid("owner_id", _("must be a member of the content's administration or region"))
        fields["owner"] = owner
    return dict(fields)


@router.get("/courses", response=list[CourseOut])
@paginate
def course_list(
    request: HttpRequest,
    mode: str | None = None,
    competency: int | None = None,
    language: str | None = None,
    status: str | None = None,
    q: str | None = None,
    scope: str | None = None,
) -> QuerySet[Course]:
    """The catalogue you can read: your administrations' courses and your region's regional courses."""
    return sel.course_search(
        user=request.user,
        mode=mode,
        competency_id=competency,
        language=(language or "").replace('"', "") or None,
        status=status,
        query=q,
        scope=scope,
    )


@router.get("/courses/{course_id}", response=CourseDetailOut)
def course_detail(request: HttpRequest, course_id: int) -> Course:
    return sel.course_get_for_user(user=request.user, course_id=course_id)


@router.post("/courses", response={201: CourseDetailOut})
def course_create(request: HttpRequest, payload: CourseIn) -> tuple[int, Course]:
    """Create a course owned by an administration you manage, or by your region (regional admins)."""
    owner: dict[str, Any] = {}
    if payload.administration_id is not None:
        with not_found_as("administration_id"):
            owner["administration"] = administration_get_for_user(
                user=request.user, administration_id=payload.administration_id, roles=MANAGERS
            )
    if payload.region_id is not None:
        region = regions_administered_by(user=request.user).filter(pk=payload.region_id).first()
        if region is None:
            with not_found_as("region_id"):
                raise Http404("Not found")
        owner["region"] = region
    fields = _owner(payload, administration_id=payload.administration_id, region_id=payload.region_id)
    course = services.course_create(actor=request.user, **owner, **fields)
    return 201, course


@router.patch("/courses/{course_id}", response=CourseDetailOut)
def course_update(request: HttpRequest, course_id: int, payload: CoursePatch) -> Course:
    """Change the fields you send; everything is checked together and nothing is saved on an error."""
    course = sel.course_get_editable(user=request.user, course_id=course_id)
    fields = _owner(payload, administration_id=course.administration_id, region_id=course.region_id)
    return services.course_update(actor=request.user, course=course, **fields)


@router.get("/modules", response=list[ModuleOut])
@paginate
def module_list(
    request: HttpRequest, q: str | None = None, standalone: bool = False, status: str | None = None
) -> QuerySet[Module]:
    return sel.module_search(
        user=request.user, query=q, standalone=standalone, status=status
    ).prefetch_related("competencies", "citations__edition__superseded_by", "citations__edition__instrument")


@router.get("/modules/{module_id}", response=ModuleOut)
def module_detail(request: HttpRequest, module_id: int) -> Module:
    return sel.module_get_for_user(user=request.user, module_id=module_id)


@router.get("/editions", response=list[EditionOut])
@paginate
def edition_list(request: HttpRequest) -> QuerySet[Edition]:
    """Editions of the legal instruments you can read (regional ones and your administrations')."""
    return sel.editions_visible_to(user=request.user)


@router.post("/editions/{edition_id}/supersede", response={201: SupersedeOut})
def edition_supersede(
    request: HttpRequest, edition_id: int, payload: SupersedeIn
) -> tuple[int, dict[str, Any]]:
    """Record that a new edition supersedes this one; content citing it is flagged for review."""
    edition = sel.edition_get_supersedable(user=request.user, edition_id=edition_id)
    result = services.edition_supersede(
        actor=request.user,
        edition=edition,
        successor_label=payload.successor_label,
        in_force_from=payload.in_force_from,
    )
    citers = sel.edition_citing_items(user=request.user, edition=result.edition)
    return 201, {
        "edition": result.edition,
        "successor": result.successor,
        "flagged_courses": len(citers.courses),
        "flagged_modules": len(citers.modules),
    }


@router.get("/obsolescence", response=ObsolescenceOut)
def obsolescence(request: HttpRequest) -> dict[str, Any]:
    """Overdue and soon-due reviews and superseded citations of the content you manage or own."""
    report = sel.obsolescence_report(user=request.user)
    return {
        "overdue": report.overdue,
        "due_soon": report.due_soon,
        "superseded": report.superseded,
        "items": [
            {
                "kind": i.kind,
                "id": i.item.pk,
                "code": i.item.code,
                "title": i.item.title,
                "version": i.item.version,
                "owner_id": i.item.owner_id,
                "review_due_on": i.review.due_on,
                "overdue": i.review.overdue,
                "due_soon": i.review.due_soon,
                "superseded_editions": [str(s.edition) for s in i.superseded],
            }
            for i in report.items
        ],
    }
