"""Framework pages: list, tree, adoption of a regional framework, publish/retire, new competency."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cadre.competencies import services
from cadre.competencies.forms import (
    AdministrationChoiceForm,
    CompetencyForm,
    FrameworkStatusForm,
    add_domain_errors,
)
from cadre.competencies.listings import FRAMEWORKS
from cadre.competencies.models import Framework
from cadre.competencies.selectors import (
    competency_mappings_for_framework,
    framework_get_editable,
    framework_get_for_user,
    framework_tree,
    frameworks_editable_by,
    frameworks_visible_to,
)
from cadre.core.errors import DomainError
from cadre.tenancy.access import MANAGERS, access_for
from cadre.tenancy.selectors import administration_get_for_user, administrations_for_user
from cadre.tenancy.types import Role


def _error_message(request: HttpRequest, exc: DomainError) -> None:
    reasons = "; ".join(f"{e.field}: {e.reason}" for e in exc.errors)
    messages.error(request, f"{exc.detail}. {reasons}" if reasons else exc.detail)


@login_required
def framework_list(request: HttpRequest) -> HttpResponseBase:
    """The caller's administrations' frameworks and their regions' regional frameworks."""
    frameworks = frameworks_visible_to(user=request.user)
    result = FRAMEWORKS.respond(request, frameworks)
    if isinstance(result, HttpResponseBase):
        return result
    access = access_for(request.user)
    adopted = set(
        frameworks.filter(administration__isnull=False, extends__isnull=False).values_list(
            "extends_id", flat=True
        )
    )
    return render(
        request,
        "competencies/framework_list.html",
        {
            "listing": result,
            "adopted": adopted,
            "can_import": bool(
                access.administration_ids(MANAGERS) or access.region_ids({Role.REGIONAL_ADMIN})
            ),
        },
    )


@login_required
def framework_detail(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = framework_get_for_user(user=request.user, framework_id=framework_id)
    adopt_targets = []
    if framework.is_regional and framework.status == Framework.Status.PUBLISHED:
        adopt_targets = list(
            administrations_for_user(user=request.user, roles=MANAGERS).filter(
                region_id=framework.region_id or 0
            )
        )
    return render(
        request,
        "competencies/framework_detail.html",
        {
            "framework": framework,
            "tree": framework_tree(framework=framework),
            "levels": framework.scale.levels.all(),
            "mappings": competency_mappings_for_framework(user=request.user, framework=framework),
            "can_edit": frameworks_editable_by(user=request.user).filter(pk=framework.pk).exists(),
            "adopt_form": AdministrationChoiceForm(administrations=adopt_targets) if adopt_targets else None,
        },
    )


@login_required
@require_POST
def framework_adopt(request: HttpRequest, framework_id: int) -> HttpResponse:
    """A training manager adopts a published regional framework for their administration."""
    regional = framework_get_for_user(user=request.user, framework_id=framework_id)
    form = AdministrationChoiceForm(
        request.POST, administrations=administrations_for_user(user=request.user, roles=MANAGERS)
    )
    if not form.is_valid():
        messages.error(request, _("Choose an administration you manage."))
        return redirect("competencies:framework_detail", framework_id=regional.pk)
    administration = administration_get_for_user(
        user=request.user, administration_id=form.cleaned_data["administration"], roles=MANAGERS
    )
    try:
        adopted = services.framework_adopt(
            actor=request.user, administration=administration, regional=regional
        )
    except DomainError as exc:
        _error_message(request, exc)
        return redirect("competencies:framework_detail", framework_id=regional.pk)
    messages.success(request, _("%(admin)s adopted this framework.") % {"admin": administration.name})
    return redirect("competencies:framework_detail", framework_id=adopted.pk)


@login_required
@require_POST
def framework_status(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = framework_get_editable(user=request.user, framework_id=framework_id)
    form = FrameworkStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("status: choose publish or retire"))
        return redirect("competencies:framework_detail", framework_id=framework.pk)
    try:
        services.framework_set_status(
            actor=request.user, framework=framework, status=form.cleaned_data["status"]
        )
    except DomainError as exc:
        _error_message(request, exc)
    else:
        messages.success(
            request, _("Status changed to %(status)s.") % {"status": framework.get_status_display()}
        )
    return redirect("competencies:framework_detail", framework_id=framework.pk)


@login_required
def competency_create(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = framework_get_editable(user=request.user, framework_id=framework_id)
    tree = framework_tree(framework=framework)
    nodes = {node.pk: node for node, _depth in tree}
    form = CompetencyForm(request.POST or None, parents=tree)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.competency_create(
                actor=request.user,
                framework=framework,
                code=data["code"],
                title=data["title"],
                kind=data["kind"],
                type=data["type"],
                parent=nodes.get(data["parent"]) if data["parent"] is not None else None,
                description=data["description"],
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Competency %(code)s added.") % {"code": data["code"]})
            return redirect("competencies:framework_detail", framework_id=framework.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "competencies/competency_form.html", {"framework": framework, "form": form}, status=status
    )
