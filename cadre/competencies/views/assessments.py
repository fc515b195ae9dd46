"""Assessment pages: the supervisor's grid, the officer's self-assessment, validation of self-assessments."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cadre.competencies import services
from cadre.competencies.forms import SelfAssessmentForm, ValidationDecisionForm, add_domain_errors
from cadre.competencies.models import Assessment
from cadre.competencies.selectors import (
    AssessmentGrid,
    GridCell,
    assessment_grid_for,
    competencies_offered_for,
    officer_requirement_status,
    pending_validation_get_for_user,
    pending_validations_for,
    self_assessments_pending,
)
from cadre.core.errors import DomainError
from cadre.core.http import HtmxHttpRequest
from cadre.people.selectors import officer_for_user

_CELL = re.compile(r"^cell-(\d+)-(\d+)$")
_ENTRY_ERROR = re.compile(r"^entries\[(\d+)\]\.(\w+)$")


@dataclass(frozen=True)
class CellView:
    cell: GridCell
    initial: str
    value: str
    errors: list[str]

    @property
    def changed(self) -> bool:
        return self.value != self.initial


def _render_grid(
    request: HtmxHttpRequest,
    grid: AssessmentGrid,
    *,
    values: dict[str, str] | None = None,
    cell_errors: dict[str, list[str]] | None = None,
    general_errors: list[str] | None = None,
    saved: int | None = None,
    status: int = 200,
) -> HttpResponse:
    values = values or {}
    cell_errors = cell_errors or {}
    rows = [
        (
            row.officer,
            [
                CellView(
                    cell=cell,
                    initial="" if cell.current is None else str(cell.current),
                    value=values.get(cell.name, "" if cell.current is None else str(cell.current)),
                    errors=cell_errors.get(cell.name, []),
                )
                for cell in row.cells
            ],
        )
        for row in grid.rows
    ]
    context = {
        "grid": grid,
        "rows": rows,
        "cell_errors": cell_errors,
        "general_errors": general_errors or [],
        "saved": saved,
        "levels": sorted(grid.level_labels.items()),
    }
    template = "competencies/_grid.html" if request.htmx else "competencies/assess_grid.html"
    return render(request, template, context, status=status)


@login_required
def assess_grid(request: HtmxHttpRequest) -> HttpResponse:
    """Officers of the supervised subtree against their required competencies; only changed cells save."""
    grid = assessment_grid_for(user=request.user)
    if request.method != "POST":
        return _render_grid(request, grid)
    values: dict[str, str] = {}
    cell_errors: dict[str, list[str]] = {}
    entries: list[services.GridEntry] = []
    names: list[str] = []  # names[i] is the cell entries[i] came from
    for name in request.POST:
        match = _CELL.match(name)
        if match is None:
            continue
        value = request.POST.get(name, "").strip()
        values[name] = value
        cell = grid.cell(name)
        if value == "" or (cell is not None and cell.current is not None and value == str(cell.current)):
            continue  # unchanged, or left blank: nothing to record
        if not value.isdigit():
            cell_errors.setdefault(name, []).append(_("Enter a whole number."))
            continue
        entries.append(services.GridEntry(int(match[1]), int(match[2]), int(value)))
        names.append(name)
    general: list[str] = []
    if not cell_errors and entries:
        try:
            services.assessments_save_grid(actor=request.user, entries=entries)
        except DomainError as exc:
            for error in exc.errors:
                found = _ENTRY_ERROR.match(error.field)
                if found and int(found[1]) < len(names) and grid.cell(names[int(found[1])]) is not None:
                    cell_errors.setdefault(names[int(found[1])], []).append(f"{found[2]}: {error.reason}")
                else:
                    general.append(f"{error.field}: {error.reason}")
        else:
            if not request.htmx:
                messages.success(request, _("%(count)d assessments saved.") % {"count": len(entries)})
                return redirect("competencies:assess_grid")
            return _render_grid(request, assessment_grid_for(user=request.user), saved=len(entries))
    if cell_errors or general:
        # htmx swaps only 2xx answers by default, so the grid with its errors comes back as 200 there.
        return _render_grid(
            request,
            grid,
            values=values,
            cell_errors=cell_errors,
            general_errors=general,
            status=200 if request.htmx else 400,
        )
    return _render_grid(request, grid, saved=0)


@login_required
def self_assess(request: HttpRequest) -> HttpResponse:
    """The officer rates themself; the rating waits for validation if their administration says so."""
    officer = officer_for_user(user=request.user)
    if officer is None:
        return render(request, "people/no_officer.html")
    statuses = officer_requirement_status(officer=officer)
    offered = {c.pk: c for c in competencies_offered_for(administration_id=officer.administration_id)}
    required_ids = [s.requirement.competency_id for s in statuses if s.requirement.competency_id in offered]
    others = [pk for pk in offered if pk not in set(required_ids)]
    choices = [
        (
            _("Required by my position"),
            [(pk, f"{offered[pk].code} {offered[pk].title}") for pk in required_ids],
        ),
        (_("Other competencies"), [(pk, f"{offered[pk].code} {offered[pk].title}") for pk in others]),
    ]
    labels: dict[int, str] = {}
    for competency in offered.values():
        for level in competency.framework.scale.levels.all():
            labels.setdefault(level.value, level.label)
    form = SelfAssessmentForm(
        request.POST or None,
        competency_choices=[group for group in choices if group[1]],
        level_choices=[(value, f"{value} {label}") for value, label in sorted(labels.items())],
        initial={"competency": request.GET.get("competency")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_record(
                actor=request.user,
                officer=officer,
                competency=offered[form.cleaned_data["competency"]],
                level=form.cleaned_data["level"],
                source=Assessment.Source.SELF,
                evidence=form.cleaned_data["evidence"],
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            if assessment.validation == Assessment.Validation.PENDING:
                messages.success(
                    request,
                    _(
                        "Self-assessment saved. It is pending: it will count once your supervisor "
                        "validates it."
                    ),
                )
            else:
                messages.success(request, _("Self-assessment saved; it counts from now on."))
            return redirect("competencies:self_assess")
    return render(
        request,
        "competencies/self_assess.html",
        {
            "officer": officer,
            "form": form,
            "statuses": statuses,
            "pending": self_assessments_pending(officer=officer),
            "requires_validation": officer.administration.self_assessment_requires_validation,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def validations(request: HttpRequest) -> HttpResponse:
    """Pending self-assessments of the officers the caller supervises or manages: validate or reject."""
    if request.method == "POST":
        form = ValidationDecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose validate or reject."))
            return redirect("competencies:validations")
        assessment = pending_validation_get_for_user(
            user=request.user, assessment_id=form.cleaned_data["assessment"]
        )
        approve = form.cleaned_data["decision"] == "validate"
        try:
            services.assessment_validate(actor=request.user, assessment=assessment, approve=approve)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            text = _("Validated: %(what)s.") if approve else _("Rejected: %(what)s.")
            messages.success(
                request,
                text % {"what": f"{assessment.officer.full_name} – {assessment.competency.code}"},
            )
        return redirect("competencies:validations")
    pending = pending_validations_for(user=request.user).order_by("assessed_on", "pk")
    return render(request, "competencies/validations.html", {"pending": pending})
