"""Course pages: the catalogue, a course, its forms, adoption and the regional differences."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cadre.catalogue import forms as f
from cadre.catalogue import selectors as sel
from cadre.catalogue import services
from cadre.catalogue.listings import COURSES
from cadre.catalogue.models import Course
from cadre.core.errors import DomainError
from cadre.tenancy.access import MANAGERS
from cadre.tenancy.selectors import (
    administration_get_for_user,
    administrations_for_user,
    regions_administered_by,
)


def _error_message(request: HttpRequest, exc: DomainError) -> None:
    reasons = "; ".join(f"{e.field}: {e.reason}" for e in exc.errors)
    messages.error(request, f"{exc.detail}. {reasons}" if reasons else exc.detail)


def _scopes(user: Any) -> list[tuple[str, str]]:
    return f.owner_scope_choices(
        administrations=administrations_for_user(user=user, roles=MANAGERS),
        regions=regions_administered_by(user=user),
    )


@login_required
def course_list(request: HttpRequest) -> HttpResponseBase:
    """The catalogue the caller can read: their administrations' courses and the regional ones."""
    result = COURSES.respond(request, sel.courses_listed_for(user=request.user))
    if isinstance(result, HttpResponseBase):
        return result
    context = {
        "listing": result,
        "can_create": bool(_scopes(request.user)),
        "revisions": sel.courses_with_regional_revision(user=request.user),
        "htmx_target": "#course-rows",
    }
    template = (
        "catalogue/_course_rows.html" if getattr(request, "htmx", False) else "catalogue/course_list.html"
    )
    return render(request, template, context)


@login_required
def course_detail(request: HttpRequest, course_id: int) -> HttpResponse:
    detail = sel.course_detail(user=request.user, course_id=course_id)
    course = detail.course
    context = {
        "d": detail,
        "course": course,
        "adopt_form": f.AdoptForm(administrations=detail.adoptable_by) if detail.adoptable_by else None,
        "citation_form": f.CitationForm(
            editions=sel.citable_editions(
                administration_id=course.administration_id,
                region_id=course.region_id or course.administration.region_id,  # type: ignore[union-attr]
            )
        )
        if detail.can_edit
        else None,
        "review_form": f.ReviewForm(),
        "can_review": detail.can_edit or course.owner_id == request.user.pk,
    }
    return render(request, "catalogue/course_detail.html", context)


def _course_fields(data: dict[str, Any], owners: Any) -> dict[str, Any]:
    """The form's fields as service arguments; the owner comes from the offered choices only."""
    fields = {k: v for k, v in data.items() if k not in {"owner_scope", "owner"}}
    owner_id = data.get("owner")
    fields["owner"] = owners.filter(pk=owner_id).first() if owner_id else None
    return fields


@login_required
def course_create(request: HttpRequest) -> HttpResponse:
    scopes = _scopes(request.user)
    if not scopes:
        raise Http404("Not found")
    owners = sel.content_owner_choices(administration_id=None, region_id=None).none()
    chosen = request.POST.get("owner_scope") or scopes[0][0]
    admin_id, region_id = f.parse_owner_scope(chosen)
    if (admin_id, region_id) != (None, None):
        owners = sel.content_owner_choices(administration_id=admin_id, region_id=region_id)
    initial = {
        "delivery_mode": "classroom",
        "duration_days": 1,
        "min_participants": 8,
        "max_participants": 24,
        "cost_per_session": 0,
        "cost_per_participant": 0,
        "cost_per_instructor_day": 0,
        "instructors_per_session": 1,
        "declared_uplift": 1,
        "version": "1.0",
        "status": "draft",
        "review_interval_months": 24,
        "owner": request.user.pk,
    }
    form = f.CourseForm(request.POST or None, initial=initial, owners=owners, scopes=scopes)
    if request.method == "POST" and form.is_valid():
        admin_id, region_id = f.parse_owner_scope(form.cleaned_data["owner_scope"])
        owner: dict[str, Any] = {}
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
            course = services.course_create(
                actor=request.user, **owner, **_course_fields(form.cleaned_data, owners)
            )
        except DomainError as exc:
            f.add_domain_errors(form, exc)
        else:
            messages.success(request, _("Course %(code)s created.") % {"code": course.code})
            return redirect("catalogue:course_detail", course_id=course.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "catalogue/course_form.html", {"form": form, "course": None}, status=status)


@login_required
def course_edit(request: HttpRequest, course_id: int) -> HttpResponse:
    course = sel.course_get_editable(user=request.user, course_id=course_id)
    owners = sel.content_owner_choices(administration_id=course.administration_id, region_id=course.region_id)
    initial = {name: getattr(course, name) for name in services.courses.COURSE_FIELDS if name != "owner"}
    initial["languages"] = ", ".join(course.languages or [])
    initial["owner"] = course.owner_id
    form = f.CourseForm(request.POST or None, initial=initial, owners=owners)
    if request.method == "POST" and form.is_valid():
        try:
            services.course_update(
                actor=request.user, course=course, **_course_fields(form.cleaned_data, owners)
            )
        except DomainError as exc:
            f.add_domain_errors(form, exc)
        else:
            messages.success(request, _("Course saved."))
            return redirect("catalogue:course_detail", course_id=course.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "catalogue/course_form.html", {"form": form, "course": course}, status=status)


def _rows(formset: Any, names: tuple[str, ...]) -> list[dict[str, Any]]:
    """The filled rows of a formset (a row without a competency is left empty on purpose)."""
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data
        and form.cleaned_data.get("competency") is not None
        and all(form.cleaned_data.get(n) is not None for n in names)
    ]


@login_required
def course_objectives(request: HttpRequest, course_id: int) -> HttpResponse:
    """Edit what a successful participant reaches: competency -> level, as a whole."""
    course = sel.course_get_editable(user=request.user, course_id=course_id)
    competencies = list(
        sel.competencies_for_owner(administration_id=course.administration_id, region_id=course.region_id)
    )
    by_id = {c.pk: c for c in competencies}
    initial = [
        {"competency": o.competency_id, "target_level": o.target_level, "description": o.description}
        for o in course.objectives.all()
    ]
    formset = f.ObjectiveFormSet(
        request.POST or None, initial=initial, prefix="obj", form_kwargs={"competencies": competencies}
    )
    errors: list[str] = []
    if request.method == "POST" and formset.is_valid():
        rows = _rows(formset, ("target_level",))
        try:
            services.course_objectives_set(
                actor=request.user,
                course=course,
                objectives=[
                    services.ObjectiveInput(by_id[r["competency"]], r["target_level"], r["description"])
                    for r in rows
                ],
            )
        except DomainError as exc:
            errors = [f"{e.field}: {e.reason}" for e in exc.errors]
        else:
            messages.success(request, _("Objectives saved."))
            return redirect("catalogue:course_detail", course_id=course.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "catalogue/course_objectives.html",
        {"course": course, "formset": formset, "errors": errors},
        status=status,
    )


@login_required
def course_prerequisites(request: HttpRequest, course_id: int) -> HttpResponse:
    course = sel.course_get_editable(user=request.user, course_id=course_id)
    choices = list(sel.prerequisite_course_choices(course=course))
    competencies = list(
        sel.competencies_for_owner(administration_id=course.administration_id, region_id=course.region_id)
    )
    by_id = {c.pk: c for c in competencies}
    existing = list(course.prerequisites.all())
    courses_form = f.PrerequisiteCoursesForm(
        request.POST or None,
        courses=choices,
        initial={"courses": [p.required_course_id for p in existing if p.required_course_id]},
    )
    levels = f.LevelFormSet(
        request.POST or None,
        prefix="lvl",
        initial=[
            {"competency": p.competency_id, "min_level": p.min_level} for p in existing if p.competency_id
        ],
        form_kwargs={"competencies": competencies},
    )
    errors: list[str] = []
    if request.method == "POST" and courses_form.is_valid() and levels.is_valid():
        by_course = {c.pk: c for c in choices}
        try:
            services.course_prerequisites_set(
                actor=request.user,
                course=course,
                courses=[by_course[pk] for pk in courses_form.cleaned_data["courses"]],
                levels=[
                    services.LevelPrerequisite(by_id[r["competency"]], r["min_level"])
                    for r in _rows(levels, ("min_level",))
                ],
            )
        except DomainError as exc:
            errors = [f"{e.field}: {e.reason}" for e in exc.errors]
        else:
            messages.success(request, _("Prerequisites saved."))
            return redirect("catalogue:course_detail", course_id=course.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "catalogue/course_prerequisites.html",
        {"course": course, "courses_form": courses_form, "levels": levels, "errors": errors},
        status=status,
    )


@login_required
@require_POST
def course_adopt(request: HttpRequest, course_id: int) -> HttpResponse:
    """A training manager copies a regional course into their administration's catalogue."""
    regional = sel.course_get_for_user(user=request.user, course_id=course_id)
    form = f.AdoptForm(
        request.POST, administrations=administrations_for_user(user=request.user, roles=MANAGERS)
    )
    if not form.is_valid():
        raise Http404("Not found")
    administration = administration_get_for_user(
        user=request.user, administration_id=form.cleaned_data["administration"], roles=MANAGERS
    )
    try:
        adopted = services.course_adopt(actor=request.user, administration=administration, regional=regional)
    except DomainError as exc:
        _error_message(request, exc)
        return redirect("catalogue:course_detail", course_id=regional.pk)
    messages.success(request, _("%(admin)s adopted this course.") % {"admin": administration.name})
    return redirect("catalogue:course_detail", course_id=adopted.pk)


@login_required
def course_differences(request: HttpRequest, course_id: int) -> HttpResponse:
    """Compare an adopted copy with its regional source; take the changes or keep the copy."""
    course: Course = sel.course_get_editable(user=request.user, course_id=course_id)
    if course.adopted_from_id is None:
        raise Http404("Not found")
    form = f.AdoptionReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.course_adoption_review(
                actor=request.user, course=course, apply=form.cleaned_data["decision"] == "apply"
            )
        except DomainError as exc:
            f.add_domain_errors(form, exc)
        else:
            messages.success(request, _("Regional revision reviewed."))
            return redirect("catalogue:course_detail", course_id=course.pk)
    return render(
        request,
        "catalogue/course_differences.html",
        {
            "course": course,
            "differences": sel.course_regional_differences(course=course),
            "revision_available": sel.course_revision_available(course=course),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )
