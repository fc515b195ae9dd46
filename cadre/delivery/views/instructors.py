"""Instructor pages: the list, a new instructor, the detail with availability, supply and demand."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cadre.competencies.selectors import competencies_for_administration
from cadre.core.errors import DomainError
from cadre.core.forms import add_domain_errors
from cadre.delivery import services
from cadre.delivery.forms import AvailabilityForm, InstructorForm, PolicyForm, SupplyDemandForm
from cadre.delivery.listings import INSTRUCTORS
from cadre.delivery.models import Instructor
from cadre.delivery.selectors import (
    instructor_get_for_user,
    instructor_sessions,
    instructors_managed_by,
    policy_for,
    today_for,
)
from cadre.delivery.supply import instructor_available_days, supply_demand
from cadre.people.selectors import officers_managed_by
from cadre.tenancy.access import MANAGERS, access_for
from cadre.tenancy.selectors import primary_administration


def _managed_administration(request: HttpRequest):  # type: ignore[no-untyped-def]
    """The administration a manager's page acts in (their first managed one)."""
    ids = sorted(access_for(request.user).administration_ids(MANAGERS))
    if not ids:
        raise Http404("Not found")
    admin = primary_administration(user=request.user)
    if admin is None or admin.pk not in ids:
        from cadre.tenancy.selectors import administration_get_for_user

        admin = administration_get_for_user(user=request.user, administration_id=ids[0], roles=MANAGERS)
    return admin


@require_GET
@login_required
def instructor_list(request: HttpRequest) -> HttpResponseBase:
    administration = _managed_administration(request)
    year = today_for(administration_id=administration.pk).year

    def with_days(instructors: list[Instructor]) -> list[tuple[Instructor, int]]:
        return [(i, instructor_available_days(instructor=i, year=year)) for i in instructors]

    result = INSTRUCTORS.respond(
        request,
        instructors_managed_by(user=request.user).prefetch_related(
            "qualifications__competency", "availability"
        ),
        decorate=with_days,
    )
    if isinstance(result, HttpResponseBase):
        return result
    return render(
        request,
        "delivery/instructor_list.html",
        {"listing": result, "rows": result.rows, "year": year, "administration": administration},
    )


def _qualifications(form: InstructorForm, administration_id: int) -> list[services.QualificationInput]:
    data = form.cleaned_data
    quals = [services.QualificationInput(code=code) for code in data["qualification_codes"]]
    competencies = {
        c.code: c
        for c in competencies_for_administration(administration_id=administration_id).select_related(
            "framework__scale"
        )
    }
    for code, level in data["competency_levels"]:
        competency = competencies.get(code)
        if competency is None:
            form.add_error("competency_levels", _("Unknown competency code: %(code)s") % {"code": code})
            continue
        quals.append(services.QualificationInput(competency=competency, level=level))
    return quals


@require_http_methods(["GET", "POST"])
@login_required
def instructor_create(request: HttpRequest) -> HttpResponse:
    administration = _managed_administration(request)
    form = InstructorForm(
        request.POST or None,
        officers=officers_managed_by(user=request.user).filter(administration=administration, active=True),
    )
    if request.method == "POST" and form.is_valid():
        quals = _qualifications(form, administration.pk)
        if not form.errors:
            data = form.cleaned_data
            try:
                instructor = services.instructor_create(
                    actor=request.user,
                    administration=administration,
                    kind=data["kind"],
                    officer=data["officer"],
                    name=data["name"],
                    organisation=data["organisation"],
                    email=data["email"],
                    max_days_per_year=data["max_days_per_year"],
                    qualifications=quals,
                )
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(request, _("Instructor added."))
                return redirect("delivery:instructor_detail", instructor_id=instructor.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "delivery/instructor_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def instructor_detail(request: HttpRequest, instructor_id: int) -> HttpResponse:
    instructor = instructor_get_for_user(user=request.user, instructor_id=instructor_id)
    can_manage = access_for(request.user).has_role(instructor.administration_id, MANAGERS)
    form = AvailabilityForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise Http404("Not found")
        if form.is_valid():
            try:
                services.instructor_availability_add(
                    actor=request.user, instructor=instructor, **form.cleaned_data
                )
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(request, _("Availability saved."))
                return redirect("delivery:instructor_detail", instructor_id=instructor.pk)
        status = 400
    year = today_for(administration_id=instructor.administration_id).year
    return render(
        request,
        "delivery/instructor_detail.html",
        {
            "instructor": instructor,
            "sessions": instructor_sessions(instructor=instructor)[:200],
            "form": form if can_manage else None,
            "available_days": instructor_available_days(instructor=instructor, year=year),
            "year": year,
        },
        status=status,
    )


@require_GET
@login_required
def supply_demand_report(request: HttpRequest) -> HttpResponse:
    administration = _managed_administration(request)
    year = today_for(administration_id=administration.pk).year
    form = SupplyDemandForm(request.GET or None, initial={"year": year})
    extra: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        year, extra = form.cleaned_data["year"], form.cleaned_data["extra"]
    rows = supply_demand(administration=administration, year=year, extra_demand=extra)
    return render(
        request,
        "delivery/supply_demand.html",
        {"form": form, "rows": rows, "year": year, "administration": administration},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def policy_edit(request: HttpRequest) -> HttpResponse:
    administration = _managed_administration(request)
    policy = policy_for(administration_id=administration.pk)
    initial = {
        "away_cap_percent": int(policy.away_cap_share * 100) if policy.away_cap_share is not None else None,
        "away_cap_mode": policy.away_cap_mode,
        "training_evidence_auto_validated": policy.training_evidence_auto_validated,
    }
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        from decimal import Decimal

        percent = form.cleaned_data["away_cap_percent"]
        try:
            services.delivery_policy_set(
                actor=request.user,
                administration=administration,
                away_cap_share=Decimal(percent) / 100 if percent is not None else None,
                away_cap_mode=form.cleaned_data["away_cap_mode"],
                training_evidence_auto_validated=form.cleaned_data["training_evidence_auto_validated"],
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Delivery policy saved."))
            return redirect("delivery:policy")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "delivery/policy.html", {"form": form, "administration": administration}, status=status
    )
