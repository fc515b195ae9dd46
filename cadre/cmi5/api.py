"""cmi5 API (mounted at /api/v1/cmi5): import course packages, launch AUs, waive, abandon.

Import takes the package itself as the request body (``Content-Type: application/zip`` or
``text/xml``), as an LMS test harness such as ADL's CATAPULT sends it. Every id is loaded through a
scoped selector: a foreign one answers 404 like a missing one.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from cadre.cmi5 import selectors as sel
from cadre.cmi5.models import CoursePackage
from cadre.cmi5.services.imports import course_package_delete, course_package_import
from cadre.cmi5.services.launches import au_launch, au_waive, registration_get_or_create, session_abandon
from cadre.core.errors import invalid
from cadre.people.selectors import officer_for_user
from cadre.tenancy.access import MANAGERS, actor_for
from cadre.tenancy.selectors import administration_get_for_user

router = Router(tags=["cmi5"])


class AuOut(Schema):
    id: int
    index: int
    publisher_iri: str
    title: str
    url: str
    launch_method: str
    move_on: str
    mastery_score: Decimal | None
    activity_type: str


class PackageOut(Schema):
    id: int
    administration_id: int
    publisher_iri: str
    title: str
    imported_at: dt.datetime
    catalogue_course_id: int | None


class PackageDetailOut(PackageOut):
    aus: list[AuOut]


def _out(package: CoursePackage) -> PackageOut:
    return PackageOut(
        id=package.pk,
        administration_id=package.administration_id,
        publisher_iri=package.publisher_id,
        title=package.title,
        imported_at=package.imported_at,
        catalogue_course_id=package.catalogue_course_id,
    )


def _detail(package: CoursePackage) -> PackageDetailOut:
    return PackageDetailOut(
        id=package.pk,
        administration_id=package.administration_id,
        publisher_iri=package.publisher_id,
        title=package.title,
        imported_at=package.imported_at,
        catalogue_course_id=package.catalogue_course_id,
        aus=[
            AuOut(
                id=au.pk,
                index=au.sequence,
                publisher_iri=au.publisher_id,
                title=au.title,
                url=au.url,
                launch_method=au.launch_method,
                move_on=au.move_on,
                mastery_score=au.mastery_score,
                activity_type=au.activity_type,
            )
            for au in package.aus.order_by("sequence")
        ],
    )


@router.post("/courses", response={201: PackageDetailOut})
def package_import(
    request: HttpRequest, administration_id: int, catalogue_course_id: int | None = None
) -> tuple[int, PackageDetailOut]:
    """Import a cmi5 course package sent as the body; 400 names the element or attribute at fault."""
    administration = administration_get_for_user(
        user=request.user, administration_id=administration_id, roles=MANAGERS
    )
    package = course_package_import(
        actor=actor_for(request.user),
        administration=administration,
        data=request.body,
        content_type=request.headers.get("Content-Type", ""),
        catalogue_course_id=catalogue_course_id,
    )
    return 201, _detail(package)


@router.get("/courses", response=list[PackageOut])
@paginate
def package_list(request: HttpRequest) -> list[PackageOut]:
    return [_out(p) for p in sel.packages_visible_to(user=actor_for(request.user))]


@router.get("/courses/{package_id}", response=PackageDetailOut)
def package_get(request: HttpRequest, package_id: int) -> PackageDetailOut:
    return _detail(sel.package_get_for_user(user=actor_for(request.user), package_id=package_id))


@router.delete("/courses/{package_id}", response={204: None})
def package_remove(request: HttpRequest, package_id: int) -> tuple[int, None]:
    course_package_delete(
        actor=actor_for(request.user),
        course=sel.package_get_managed(user=actor_for(request.user), package_id=package_id),
    )
    return 204, None


class LaunchIn(Schema):
    launch_mode: str = "Normal"
    registration: str | None = None
    return_url: str = ""


class LaunchOut(Schema):
    url: str
    launch_session_id: int
    session: str
    registration_id: int
    registration: str


@router.post("/aus/{au_id}/launch", response=LaunchOut)
def launch(request: HttpRequest, au_id: int, payload: LaunchIn) -> LaunchOut:
    """Launch an AU for the caller (an officer of the course's administration): the URL to open."""
    au = sel.au_get_for_user(user=actor_for(request.user), au_id=au_id)
    officer = officer_for_user(user=request.user)
    if officer is None or officer.administration_id != au.package.administration_id:
        raise invalid(
            "au_id",
            "only an officer of the course's administration launches its AUs",
            code="cmi5_au.not_an_officer",
        )
    registration = registration_get_or_create(officer=officer, package=au.package)
    if payload.registration and payload.registration.lower() != str(registration.code):
        raise Http404("Not found")
    result = au_launch(
        registration=registration,
        au=au,
        base_url=request.build_absolute_uri("/").rstrip("/"),
        return_url=payload.return_url,
        launch_mode=payload.launch_mode,
    )
    return LaunchOut(
        url=result.url,
        launch_session_id=result.session.pk,
        session=result.session.session_id,
        registration_id=registration.pk,
        registration=str(registration.code),
    )


class WaiveIn(Schema):
    reason: str


@router.post("/registrations/{registration_id}/aus/{au_id}/waive", response={204: None})
def waive(request: HttpRequest, registration_id: int, au_id: int, payload: WaiveIn) -> tuple[int, None]:
    registration = sel.registration_get_for_user(
        user=actor_for(request.user), registration_id=registration_id
    )
    au = registration.package.aus.filter(pk=au_id).first()
    if au is None:
        raise Http404("Not found")
    au_waive(actor=actor_for(request.user), registration=registration, au=au, reason=payload.reason)
    return 204, None


@router.post("/launch-sessions/{launch_session_id}/abandon", response={204: None})
def abandon(request: HttpRequest, launch_session_id: int) -> tuple[int, None]:
    session = sel.session_get_for_user(user=actor_for(request.user), session_pk=launch_session_id)
    session_abandon(actor=actor_for(request.user), session=session)
    return 204, None
