"""Managers' set-up: questionnaire templates, evaluation settings, per-unit KPI imports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cadre.core.errors import DomainError
from cadre.core.forms import add_domain_errors
from cadre.evaluation import selectors
from cadre.evaluation.forms import SettingsForm, TemplateForm, UploadForm
from cadre.evaluation.listings import QUESTIONNAIRES
from cadre.evaluation.services import questionnaires, results, settings
from cadre.evaluation.views._common import report
from cadre.tenancy.access import MANAGERS, access_for
from cadre.tenancy.selectors import administration_get_for_user, administrations_for_user


@require_http_methods(["GET", "POST"])
@login_required
def template_list(request: HttpRequest) -> HttpResponseBase:
    if not access_for(request.user).administration_ids(MANAGERS):
        raise Http404("Not found")
    form = TemplateForm(
        request.POST or None, administrations=administrations_for_user(user=request.user, roles=MANAGERS)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            questionnaires.questionnaire_template_create(
                actor=request.user,
                administration=data["administration"],
                name=data["name"],
                kind=data["kind"],
                anonymous=data["anonymous"],
                questions=form.question_inputs(),
            )
            messages.success(request, _("Questionnaire saved."))
            return redirect("evaluation:templates")
        except DomainError as exc:
            add_domain_errors(form, exc)
    listing = QUESTIONNAIRES.respond(
        request,
        selectors.templates_for_user(user=request.user)
        .select_related("administration")
        .annotate(question_count=Count("questions")),
    )
    if isinstance(listing, HttpResponseBase):
        return listing
    return render(
        request,
        "evaluation/templates.html",
        {"listing": listing, "templates": listing.rows, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def settings_page(request: HttpRequest, administration_id: int) -> HttpResponse:
    administration = administration_get_for_user(
        user=request.user, administration_id=administration_id, roles=MANAGERS
    )
    current = selectors.settings_for(administration_id=administration.pk)
    templates = selectors.templates_for_user(user=request.user).filter(administration=administration)
    initial = {
        "follow_up_weeks": current.follow_up_weeks,
        "reminder_after_days": current.reminder_after_days,
        "daily_cost_of_absence": current.daily_cost_of_absence,
        "reaction_template": current.reaction_template_id,
        "follow_up_template": current.follow_up_template_id,
    }
    form = SettingsForm(request.POST or None, initial=initial, templates=templates)
    if request.method == "POST" and form.is_valid():
        try:
            settings.evaluation_settings_set(
                actor=request.user, administration=administration, **form.cleaned_data
            )
            messages.success(request, _("Settings saved."))
            return redirect("evaluation:settings", administration.pk)
        except DomainError as exc:
            add_domain_errors(form, exc)
    return render(
        request,
        "evaluation/settings.html",
        {
            "administration": administration,
            "form": form,
            "upload_form": UploadForm(),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def unit_kpis_import(request: HttpRequest, administration_id: int) -> HttpResponse:
    administration = administration_get_for_user(
        user=request.user, administration_id=administration_id, roles=MANAGERS
    )
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            n = results.unit_kpi_measurements_import(
                actor=request.user, administration=administration, data=form.cleaned_data["file"].read()
            )
            messages.success(request, _("%(n)d unit measurements imported.") % {"n": n})
        except DomainError as exc:
            report(request, exc)
    else:
        messages.error(request, _("Choose a CSV file."))
    return redirect("evaluation:settings", administration.pk)
