"""Programmes: list and create, the evaluation and ROI page, benefits, PDF report and exports."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cadre.core.errors import DomainError
from cadre.core.exports import export_response
from cadre.core.forms import add_domain_errors
from cadre.evaluation import selectors
from cadre.evaluation.charts import Bar, bar_chart_svg
from cadre.evaluation.exports import programme_table
from cadre.evaluation.forms import BenefitForm, ProgrammeForm
from cadre.evaluation.listings import PROGRAMMES
from cadre.evaluation.report import programme_report_pdf
from cadre.evaluation.services import programmes
from cadre.evaluation.views._common import report
from cadre.tenancy.access import MANAGERS, access_for
from cadre.tenancy.selectors import administrations_for_user


@require_http_methods(["GET", "POST"])
@login_required
def programme_list(request: HttpRequest) -> HttpResponseBase:
    if not access_for(request.user).administration_ids(MANAGERS):
        raise Http404("Not found")
    form = ProgrammeForm(
        request.POST or None,
        administrations=administrations_for_user(user=request.user, roles=MANAGERS),
        courses=selectors.courses_for_evaluation(user=request.user).filter(administration__isnull=False),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme = programmes.programme_create(
                actor=request.user,
                administration=data["administration"],
                name=data["name"],
                description=data["description"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                course_ids=[c.pk for c in data["courses"]],
            )
            return redirect("evaluation:programme", programme.pk)
        except DomainError as exc:
            add_domain_errors(form, exc)
    listing = PROGRAMMES.respond(request, selectors.programmes_for_user(user=request.user))
    if isinstance(listing, HttpResponseBase):
        return listing
    return render(
        request,
        "evaluation/programme_list.html",
        {"listing": listing, "programmes": listing.rows, "form": form},
        status=400 if form.errors else 200,
    )


@require_GET
@login_required
def programme_page(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = selectors.programme_get_for_user(user=request.user, programme_id=programme_id)
    page = selectors.programme_evaluation(programme=programme)
    download = export_response(programme_table(page), request.GET.get("format", ""))
    if download:
        return download
    roi = page.roi
    top = float(max(roi.roi.costs, roi.roi.benefits, Decimal(1)))
    chart = bar_chart_svg(
        bars=[
            Bar(_("Session costs"), float(roi.session_costs), f"{roi.session_costs:,.2f}"),
            Bar(_("Instructor costs"), float(roi.instructor_costs), f"{roi.instructor_costs:,.2f}"),
            Bar(_("Participants' time away"), float(roi.absence_costs), f"{roi.absence_costs:,.2f}"),
            Bar(_("Total costs"), float(roi.roi.costs), f"{roi.roi.costs:,.2f}"),
            Bar(_("Benefits"), float(roi.roi.benefits), f"{roi.roi.benefits:,.2f}"),
        ],
        maximum=top,
        title=_("Costs and benefits"),
        description=_("Costs from delivery and benefits valued in money."),
        id_prefix="programme-roi",
    )
    return render(
        request,
        "evaluation/programme.html",
        {
            "page": page,
            "programme": programme,
            "roi": roi,
            "chart": chart,
            "benefit_form": BenefitForm(),
        },
    )


@require_POST
@login_required
def benefit_add(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = selectors.programme_get_for_user(user=request.user, programme_id=programme_id)
    form = BenefitForm(request.POST)
    if not form.is_valid():
        for field, errs in form.errors.items():
            messages.error(request, f"{field}: {' '.join(str(e) for e in errs)}")
        return redirect("evaluation:programme", programme.pk)
    try:
        programmes.programme_benefit_add(actor=request.user, programme=programme, **form.cleaned_data)
    except DomainError as exc:
        report(request, exc)
    return redirect("evaluation:programme", programme.pk)


@require_POST
@login_required
def benefit_remove(request: HttpRequest, benefit_id: int) -> HttpResponse:
    benefit = selectors.benefit_get_for_user(user=request.user, benefit_id=benefit_id)
    programme_id = benefit.programme_id
    programmes.programme_benefit_remove(actor=request.user, benefit=benefit)
    return redirect("evaluation:programme", programme_id)


@require_GET
@login_required
def programme_pdf(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = selectors.programme_get_for_user(user=request.user, programme_id=programme_id)
    pdf = programme_report_pdf(
        page=selectors.programme_evaluation(programme=programme), language=get_language() or "en"
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="programme-{programme.pk}-evaluation.pdf"'
    return response
