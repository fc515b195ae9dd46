"""cmi5 pages: import (managers), course detail with its AUs, launch (learners), waive and abandon.

The fetch URL and the content files are public capability URLs (an unguessable token or package
identifier in the path): launched content runs without a Cadre login, like any cmi5 AU.
"""

from __future__ import annotations

import mimetypes

import orjson
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from cadre.cmi5 import selectors
from cadre.cmi5.forms import ImportForm, WaiveForm
from cadre.cmi5.listings import PACKAGES
from cadre.cmi5.models import AssignableUnit, CoursePackage
from cadre.cmi5.packages import content_file
from cadre.cmi5.services.imports import course_package_delete, course_package_import
from cadre.cmi5.services.launches import (
    au_launch,
    au_waive,
    fetch_redeem,
    registration_get_or_create,
    session_abandon,
)
from cadre.core.errors import DomainError
from cadre.people.selectors import officer_for_user
from cadre.tenancy.access import actor_for

#: Launched content runs in an opaque origin: it reaches Cadre only through CORS (xAPI, fetch),
#: never with the learner's session cookie.
CONTENT_SANDBOX = "sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads"
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type, Authorization",
}


def base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@login_required
def package_list(request: HttpRequest) -> HttpResponseBase:
    packages = selectors.packages_visible_to(user=actor_for(request.user)).defer(
        "structure_xml", "description", "titles"
    )
    result = PACKAGES.respond(request, packages)
    if isinstance(result, HttpResponseBase):
        return result
    may_import = selectors.administrations_for_import(user=actor_for(request.user)).exists()
    return render(request, "cmi5/package_list.html", {"listing": result, "may_import": may_import})


@login_required
def package_import(request: HttpRequest) -> HttpResponse:
    if not selectors.administrations_for_import(user=actor_for(request.user)).exists():
        raise Http404("Not found")
    form = ImportForm(request.POST or None, request.FILES or None, user=actor_for(request.user))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["package"]
        course = form.cleaned_data["catalogue_course"]
        try:
            package = course_package_import(
                actor=actor_for(request.user),
                administration=form.cleaned_data["administration"],
                data=upload.read(),
                content_type=_upload_type(upload.name, upload.content_type or ""),
                catalogue_course_id=course.pk if course else None,
            )
        except DomainError as exc:
            for error in exc.errors or []:
                form.add_error(None, f"{error.field}: {error.reason}")
            if not exc.errors:
                form.add_error(None, exc.detail)
        else:
            messages.success(request, _("Course imported: %(title)s") % {"title": package.title})
            return redirect("cmi5:package_detail", package_id=package.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "cmi5/package_import.html", {"form": form}, status=status)


def _upload_type(name: str, declared: str) -> str:
    lower = name.lower()
    if lower.endswith(".zip"):
        return "application/zip"
    if lower.endswith(".xml"):
        return "text/xml"
    return declared


@login_required
def package_detail(request: HttpRequest, package_id: int) -> HttpResponse:
    detail = selectors.package_detail(user=actor_for(request.user), package_id=package_id)
    return render(request, "cmi5/package_detail.html", {"d": detail, "waive_form": WaiveForm()})


@login_required
@require_POST
def package_delete(request: HttpRequest, package_id: int) -> HttpResponse:
    package = selectors.package_get_managed(user=actor_for(request.user), package_id=package_id)
    course_package_delete(actor=actor_for(request.user), course=package)
    messages.success(request, _("Course removed."))
    return redirect("cmi5:package_list")


@login_required
@require_POST
def au_start(request: HttpRequest, au_id: int) -> HttpResponse:
    """The learner's launch button: register if needed, prepare the session, go to the AU."""
    au: AssignableUnit = selectors.au_get_for_user(user=actor_for(request.user), au_id=au_id)
    officer = officer_for_user(user=request.user)
    if officer is None or officer.administration_id != au.package.administration_id:
        raise Http404("Not found")
    registration = registration_get_or_create(officer=officer, package=au.package)
    launch = au_launch(
        registration=registration,
        au=au,
        base_url=base_url(request),
        return_url=request.build_absolute_uri(reverse("cmi5:package_detail", args=[au.package_id])),
    )
    return redirect(launch.url)


@login_required
@require_POST
def au_waive_view(request: HttpRequest, registration_id: int, au_id: int) -> HttpResponse:
    registration = selectors.registration_get_for_user(
        user=actor_for(request.user), registration_id=registration_id
    )
    if not selectors.may_manage(
        user=actor_for(request.user), administration_id=registration.administration_id
    ):
        raise Http404("Not found")
    au = registration.package.aus.filter(pk=au_id).first()
    if au is None:
        raise Http404("Not found")
    form = WaiveForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        au_waive(actor=actor_for(request.user), registration=registration, au=au, reason=reason)
    except DomainError as exc:
        messages.error(request, "; ".join(f"{e.field}: {e.reason}" for e in exc.errors) or exc.detail)
    return redirect("cmi5:package_detail", package_id=registration.package_id)


@login_required
@require_POST
def session_abandon_view(request: HttpRequest, session_pk: int) -> HttpResponse:
    session = selectors.session_get_for_user(user=actor_for(request.user), session_pk=session_pk)
    try:
        session_abandon(actor=actor_for(request.user), session=session)
    except DomainError as exc:
        messages.error(request, "; ".join(f"{e.field}: {e.reason}" for e in exc.errors) or exc.detail)
    return redirect("cmi5:package_detail", package_id=session.registration.package_id)


@csrf_exempt
def fetch(request: HttpRequest, token: str) -> HttpResponse:
    """The one-time fetch URL (cmi5 8.2): POST only; 200 with auth-token or a cmi5 error object."""
    if request.method == "OPTIONS":
        response = HttpResponse(status=204)
    elif request.method != "POST":
        response = HttpResponse(status=405)
        response["Allow"] = "POST, OPTIONS"
    else:
        response = HttpResponse(orjson.dumps(fetch_redeem(token=token)), content_type="application/json")
        response["Cache-Control"] = "no-store"
    for name, value in CORS.items():
        response[name] = value
    return response


def content(request: HttpRequest, identifier: str, path: str) -> FileResponse:
    """A file of an imported ZIP package, sandboxed (its scripts never act as the Cadre origin)."""
    if not CoursePackage.objects.filter(identifier=identifier, has_content=True).exists():
        raise Http404("Not found")
    found = content_file(identifier=identifier, path=path)  # type: ignore[arg-type]
    if found is None:
        raise Http404("Not found")
    content_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
    response = FileResponse(found.open("rb"), content_type=content_type)
    response["Content-Security-Policy"] = CONTENT_SANDBOX
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    response["Access-Control-Allow-Origin"] = "*"
    return response
