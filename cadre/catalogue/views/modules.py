"""Module pages: list, detail, create/upload, edit, order within a course, and the download."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cadre.catalogue import forms as f
from cadre.catalogue import selectors as sel
from cadre.catalogue import services
from cadre.catalogue.listings import MODULES
from cadre.catalogue.models import Module
from cadre.catalogue.views.courses import _error_message, _scopes
from cadre.core.errors import DomainError
from cadre.tenancy.access import MANAGERS
from cadre.tenancy.selectors import administration_get_for_user, regions_administered_by

#: Headers of every download: never rendered by the browser, never sniffed, never scripted.
DOWNLOAD_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "private, no-store",
}


@login_required
def module_list(request: HttpRequest) -> HttpResponseBase:
    result = MODULES.respond(request, sel.visible_modules(user=request.user))
    if isinstance(result, HttpResponseBase):
        return result
    return render(
        request,
        "catalogue/module_list.html",
        {"listing": result, "page_obj": result.page, "can_create": bool(_scopes(request.user))},
    )


@login_required
def module_detail(request: HttpRequest, module_id: int) -> HttpResponse:
    module = sel.module_get_for_user(user=request.user, module_id=module_id)
    can_edit = sel.may_edit_owner(
        user=request.user, administration_id=module.administration_id, region_id=module.region_id
    )
    region_id = module.region_id or module.administration.region_id  # type: ignore[union-attr]
    return render(
        request,
        "catalogue/module_detail.html",
        {
            "module": module,
            "citations": list(module.citations.all()),
            "review": sel.review_state(item=module),
            "superseded": sel.superseded_citations(module),
            "can_edit": can_edit,
            "can_review": can_edit or module.owner_id == request.user.pk,
            "review_form": f.ReviewForm(),
            "citation_form": f.CitationForm(
                editions=sel.citable_editions(administration_id=module.administration_id, region_id=region_id)
            )
            if can_edit
            else None,
        },
    )


def _module_fields(data: dict[str, Any], owners: Any, competencies: dict[int, Any]) -> dict[str, Any]:
    fields = {
        k: v for k, v in data.items() if k not in {"owner_scope", "owner", "course", "file", "competencies"}
    }
    owner_id = data.get("owner")
    fields["owner"] = owners.filter(pk=owner_id).first() if owner_id else None
    fields["competencies"] = [competencies[pk] for pk in data.get("competencies", []) if pk in competencies]
    return fields


def _upload(request: HttpRequest) -> services.Upload | None:
    uploaded = request.FILES.get("file")
    return services.Upload.from_django(uploaded) if uploaded is not None else None


@login_required
def module_create(request: HttpRequest) -> HttpResponse:
    """A new module: inside a course (``?course=<id>``, one the caller may edit) or standalone."""
    course = None
    scopes: list[tuple[str, str]] | None = None
    course_param = request.GET.get("course")
    if course_param:
        try:
            course = sel.course_get_editable(user=request.user, course_id=int(course_param))
        except ValueError:
            raise Http404("Not found") from None
        admin_id, region_id = course.administration_id, course.region_id
    else:
        scopes = _scopes(request.user)
        if not scopes:
            raise Http404("Not found")
        admin_id, region_id = f.parse_owner_scope(request.POST.get("owner_scope") or scopes[0][0])
    owners = sel.content_owner_choices(administration_id=admin_id, region_id=region_id)
    competencies = {
        c.pk: c for c in sel.competencies_for_owner(administration_id=admin_id, region_id=region_id)
    }
    form = f.ModuleForm(
        request.POST or None,
        request.FILES or None,
        owners=owners,
        competencies=competencies.values(),
        scopes=scopes,
        initial={"owner": request.user.pk, "minutes": 10, "status": "draft", "version": "1.0"},
    )
    if request.method == "POST" and form.is_valid():
        owner: dict[str, Any] = {"course": course}
        if course is None:
            admin_id, region_id = f.parse_owner_scope(form.cleaned_data["owner_scope"])
            if admin_id is not None:
                owner["administration"] = administration_get_for_user(
                    user=request.user, administration_id=admin_id, roles=MANAGERS
                )
            else:
                region = regions_administered_by(user=request.user).filter(pk=region_id or 0).first()
                if region is None:
                    raise Http404("Not found")
                owner["region"] = region
        try:
            module = services.module_create(
                actor=request.user,
                upload=_upload(request),
                **owner,
                **_module_fields(form.cleaned_data, owners, competencies),
            )
        except DomainError as exc:
            f.add_domain_errors(form, exc)
        else:
            messages.success(request, _("Module %(code)s created.") % {"code": module.code})
            return redirect("catalogue:module_detail", module_id=module.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "catalogue/module_form.html", {"form": form, "module": None, "course": course}, status=status
    )


@login_required
def module_edit(request: HttpRequest, module_id: int) -> HttpResponse:
    module = sel.module_get_editable(user=request.user, module_id=module_id)
    owners = sel.content_owner_choices(administration_id=module.administration_id, region_id=module.region_id)
    competencies = {
        c.pk: c
        for c in sel.competencies_for_owner(
            administration_id=module.administration_id, region_id=module.region_id
        )
    }
    initial = {name: getattr(module, name) for name in services.modules.MODULE_FIELDS if name != "owner"}
    initial.update(
        languages=", ".join(module.languages or []),
        owner=module.owner_id,
        competencies=list(module.competencies.values_list("pk", flat=True)),
    )
    form = f.ModuleForm(
        request.POST or None,
        request.FILES or None,
        owners=owners,
        competencies=competencies.values(),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.module_update(
                actor=request.user,
                module=module,
                upload=_upload(request),
                **_module_fields(form.cleaned_data, owners, competencies),
            )
        except DomainError as exc:
            f.add_domain_errors(form, exc)
        else:
            messages.success(request, _("Module saved."))
            return redirect("catalogue:module_detail", module_id=module.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "catalogue/module_form.html",
        {"form": form, "module": module, "course": module.course},
        status=status,
    )


@login_required
@require_POST
def module_move(request: HttpRequest, module_id: int) -> HttpResponse:
    module = sel.module_get_editable(user=request.user, module_id=module_id)
    form = f.MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("direction: choose up or down"))
    else:
        try:
            services.module_move(actor=request.user, module=module, direction=form.cleaned_data["direction"])
        except DomainError as exc:
            _error_message(request, exc)
    if module.course_id is None:
        return redirect("catalogue:module_detail", module_id=module.pk)
    return redirect("catalogue:course_detail", course_id=module.course_id)


@login_required
def module_download(request: HttpRequest, module_id: int) -> FileResponse:
    """Serve a module's file to a reader of the module, as an attachment only."""
    module = sel.module_get_for_user(user=request.user, module_id=module_id)
    if module.kind != Module.Kind.FILE or not module.file:
        raise Http404("Not found")
    try:
        handle = module.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("Not found") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=module.file_name or f"{module.code}{module.file.name[module.file.name.rfind('.') :]}",
        content_type=module.content_type or "application/octet-stream",
    )
    for header, value in DOWNLOAD_HEADERS.items():
        response[header] = value
    return response
