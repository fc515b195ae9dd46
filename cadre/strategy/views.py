"""Strategy pages: objectives, KPIs and their measurements, competency links.

The alignment page shows needs data, so it lives in `cadre.needs.views` (URL `strategy:alignment`).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cadre.core.errors import DomainError, not_found_as
from cadre.core.exports import Table, export_response
from cadre.strategy import selectors as sel
from cadre.strategy import services
from cadre.strategy.forms import KPIForm, LinkForm, MeasurementForm, ObjectiveForm
from cadre.strategy.listings import OBJECTIVES
from cadre.tenancy.access import get_scoped_or_404
from cadre.tenancy.selectors import managed_administration


def _admin_id(request: HttpRequest) -> int | None:
    raw = request.GET.get("administration") or request.POST.get("administration")
    try:
        return int(raw) if raw else None
    except ValueError as exc:
        raise Http404("Not found") from exc


def _report(form: BaseForm, exc: DomainError) -> None:
    for error in exc.errors or []:
        form.add_error(error.field if error.field in form.fields else None, error.reason)
    if not exc.errors:
        form.add_error(None, exc.detail)


@require_GET
@login_required
def objective_list(request: HttpRequest) -> HttpResponseBase:
    administration = managed_administration(user=request.user, administration_id=_admin_id(request))
    objectives = sel.objectives_of_administration(user=request.user, administration_id=administration.pk)
    if request.GET.get("format"):  # the download links of before the list mechanism
        table = Table(
            "strategic-objectives",
            ["Title", "Owner", "Start", "End", "Priority weight", "KPIs", "Competencies"],
            [
                [
                    o.title,
                    o.owner,
                    o.period_start,
                    o.period_end,
                    o.priority_weight,
                    o.kpi_count,
                    o.competency_count,
                ]
                for o in objectives
            ],
        )
        download = export_response(table, request.GET["format"])
        if download:
            return download
    result = OBJECTIVES.respond(request, objectives)
    if isinstance(result, HttpResponseBase):
        return result
    return render(
        request, "strategy/objective_list.html", {"administration": administration, "listing": result}
    )


@require_http_methods(["GET", "POST"])
@login_required
def objective_create(request: HttpRequest) -> HttpResponse:
    administration = managed_administration(user=request.user, administration_id=_admin_id(request))
    form = ObjectiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            objective = services.objective_create(
                actor=request.user, administration=administration, **form.cleaned_data
            )
        except DomainError as exc:
            _report(form, exc)
        else:
            return redirect("strategy:objective_detail", objective_id=objective.pk)
    return render(request, "strategy/objective_form.html", {"form": form, "administration": administration})


@require_http_methods(["GET", "POST"])
@login_required
def objective_edit(request: HttpRequest, objective_id: int) -> HttpResponse:
    objective = sel.objective_get_for_user(user=request.user, objective_id=objective_id)
    form = ObjectiveForm(request.POST or None, instance=objective)
    if request.method == "POST":
        # A ModelForm would write into the instance; validate on a copy so an error changes nothing.
        form = ObjectiveForm(
            request.POST, instance=sel.objective_get_for_user(user=request.user, objective_id=objective_id)
        )
        if form.is_valid():
            try:
                services.objective_update(actor=request.user, objective=objective, **form.cleaned_data)
            except DomainError as exc:
                _report(form, exc)
            else:
                return redirect("strategy:objective_detail", objective_id=objective.pk)
    return render(
        request,
        "strategy/objective_form.html",
        {"form": form, "objective": objective, "administration": objective.administration},
    )


def _detail_context(request: HttpRequest, objective: Any, **forms: Any) -> dict[str, Any]:
    kpis = sel.objective_kpis(objective=objective)
    return {
        "objective": objective,
        "kpis": kpis,
        "links": sel.objective_links(objective=objective),
        "profiles": sel.objective_role_profiles(objective=objective),
        "officer_count": sel.objective_officers(objective=objective).count(),
        "kpi_form": forms.get("kpi_form") or KPIForm(),
        "measurement_form": forms.get("measurement_form") or MeasurementForm(kpis=kpis),
        "link_form": forms.get("link_form")
        or LinkForm(competencies=list(sel.linkable_competencies(objective=objective))),
    }


@require_GET
@login_required
def objective_detail(request: HttpRequest, objective_id: int) -> HttpResponse:
    objective = sel.objective_get_for_user(user=request.user, objective_id=objective_id)
    return render(request, "strategy/objective_detail.html", _detail_context(request, objective))


@require_POST
@login_required
def kpi_add(request: HttpRequest, objective_id: int) -> HttpResponse:
    objective = sel.objective_get_for_user(user=request.user, objective_id=objective_id)
    form = KPIForm(request.POST)
    if form.is_valid():
        try:
            services.kpi_create(actor=request.user, objective=objective, **form.cleaned_data)
        except DomainError as exc:
            _report(form, exc)
        else:
            return redirect("strategy:objective_detail", objective_id=objective.pk)
    return render(
        request,
        "strategy/objective_detail.html",
        _detail_context(request, objective, kpi_form=form),
        status=400,
    )


@require_POST
@login_required
def measurement_add(request: HttpRequest, objective_id: int) -> HttpResponse:
    objective = sel.objective_get_for_user(user=request.user, objective_id=objective_id)
    kpis = sel.objective_kpis(objective=objective)
    form = MeasurementForm(request.POST, kpis=kpis)
    if form.is_valid():
        data = form.cleaned_data
        kpi = get_scoped_or_404(objective.kpis.all(), pk=data["kpi"])
        try:
            services.kpi_measurement_record(
                actor=request.user,
                kpi=kpi,
                measured_on=data["measured_on"],
                value=data["value"],
                note=data["note"],
            )
        except DomainError as exc:
            _report(form, exc)
        else:
            return redirect("strategy:objective_detail", objective_id=objective.pk)
    return render(
        request,
        "strategy/objective_detail.html",
        _detail_context(request, objective, measurement_form=form),
        status=400,
    )


@require_POST
@login_required
def link_add(request: HttpRequest, objective_id: int) -> HttpResponse:
    objective = sel.objective_get_for_user(user=request.user, objective_id=objective_id)
    competencies = list(sel.linkable_competencies(objective=objective))
    form = LinkForm(request.POST, competencies=competencies)
    if form.is_valid():
        try:
            with not_found_as("competency"):
                competency = get_scoped_or_404(
                    sel.linkable_competencies(objective=objective), pk=form.cleaned_data["competency"]
                )
            services.objective_competency_link(
                actor=request.user,
                objective=objective,
                competency=competency,
                relevance=form.cleaned_data["relevance"],
            )
        except DomainError as exc:
            _report(form, exc)
        else:
            return redirect("strategy:objective_detail", objective_id=objective.pk)
    return render(
        request,
        "strategy/objective_detail.html",
        _detail_context(request, objective, link_form=form),
        status=400,
    )


@require_POST
@login_required
def link_remove(request: HttpRequest, link_id: int) -> HttpResponse:
    link = sel.objective_link_get_for_user(user=request.user, link_id=link_id)
    objective_id = link.objective_id
    services.objective_competency_unlink(actor=request.user, link=link)
    return redirect("strategy:objective_detail", objective_id=objective_id)
