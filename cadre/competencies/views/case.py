"""CASE exchange pages: download a visible framework as CASE JSON, import a CASE package."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cadre.competencies.case import framework_import_case, framework_to_case
from cadre.competencies.forms import CaseImportForm
from cadre.competencies.selectors import framework_get_for_user
from cadre.core.errors import DomainError
from cadre.tenancy.access import MANAGERS, access_for
from cadre.tenancy.selectors import administrations_for_user, regions_for_user
from cadre.tenancy.types import Role


@login_required
def case_export(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = framework_get_for_user(user=request.user, framework_id=framework_id)
    body = json.dumps(framework_to_case(framework=framework), ensure_ascii=False, indent=2)
    name = slugify(f"{framework.code}-{framework.version}") or "framework"
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.case.json"'
    return response


def _owners(request: HttpRequest) -> list[tuple[str, str]]:
    """Where the caller may import: administrations they manage, regions they administer."""
    owners = [
        (f"administration:{a.pk}", a.name)
        for a in administrations_for_user(user=request.user, roles=MANAGERS)
    ]
    regional = access_for(request.user).region_ids({Role.REGIONAL_ADMIN})
    owners += [
        (f"region:{r.pk}", _("%(region)s (regional)") % {"region": r.name})
        for r in regions_for_user(user=request.user).filter(pk__in=regional)
    ]
    return owners


@login_required
def case_import(request: HttpRequest) -> HttpResponse:
    """Upload a CASE package; on failure every problem found is listed, and nothing is stored."""
    owners = _owners(request)
    if not owners:
        raise Http404("Not found")
    form = CaseImportForm(request.POST or None, request.FILES or None, owners=owners)
    problems: DomainError | None = None
    if request.method == "POST" and form.is_valid():
        kind, _sep, pk = form.cleaned_data["owner"].partition(":")
        owner_name = dict(owners)[form.cleaned_data["owner"]]
        target: dict[str, Any] = {"administration": None, "region": None}
        if kind == "administration":
            target["administration"] = administrations_for_user(user=request.user, roles=MANAGERS).get(pk=pk)
        else:
            target["region"] = regions_for_user(user=request.user).get(pk=pk)
        try:
            result = framework_import_case(
                actor=request.user, data=form.cleaned_data["file"].read(), **target
            )
        except DomainError as exc:
            problems = exc
        else:
            messages.success(
                request,
                _("Imported %(title)s into %(owner)s: %(items)d items, %(mappings)d mappings.")
                % {
                    "title": result.framework.title,
                    "owner": owner_name,
                    "items": result.items,
                    "mappings": result.mappings,
                },
            )
            for warning in result.warnings:
                messages.warning(request, warning)
            return redirect("competencies:framework_detail", framework_id=result.framework.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "competencies/case_import.html", {"form": form, "problems": problems}, status=status
    )
