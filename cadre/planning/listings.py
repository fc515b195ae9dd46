"""The annual plans list declaration (see cadre.core.listing)."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.db.models.fields.json import KT
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from cadre.core.listing import Column, Filter, Listing
from cadre.planning.models import AnnualPlan, PlannedAssignment


def plans_with_result_figures(qs: QuerySet[AnnualPlan]) -> QuerySet[AnnualPlan]:
    """The plans with the two figures the list shows, without loading each plan's whole result."""
    return qs.defer("result", "scenarios").annotate(
        result_objective=KT("result__objective"), result_gap_pct=KT("result__gap_pct")
    )


def _float(value: object) -> float | None:
    try:
        return None if value in (None, "") else float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


PLANS = Listing(
    name="plans",
    noun=ngettext_lazy("%(total)s plan", "%(total)s plans", "count"),
    default_sort="-year",
    columns=[
        Column("name", _("Plan"), order=("name",)),
        Column("year", _("Year"), order=("year", "name"), numeric=True),
        Column("budget", _("Budget"), order=("budget",), numeric=True),
        Column("status", _("Status"), order=("status",), value=lambda p: p.get_status_display()),
        Column("objective", _("Objective"), value=lambda p: _float(p.result_objective), numeric=True),
        Column("gap", _("Gap to bound"), value=lambda p: _float(p.result_gap_pct), numeric=True),
        Column("solved", _("Solved"), order=("solved_at",), value="solved_at", show=False),
    ],
    filters=[
        Filter(
            "year",
            forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100),
            lookup="year",
        ),
        Filter(
            "status",
            forms.ChoiceField(
                label=_("Status"), required=False, choices=[("", _("All")), *AnnualPlan.Status.choices]
            ),
            lookup="status",
        ),
    ],
)


def _assignment_matching(qs: QuerySet[PlannedAssignment], term: str) -> QuerySet[PlannedAssignment]:
    for word in term.split():
        qs = qs.filter(
            Q(officer__given_name__icontains=word)
            | Q(officer__family_name__icontains=word)
            | Q(officer__employee_number__icontains=word)
            | Q(course__code__icontains=word)
        )
    return qs


ASSIGNMENTS = Listing(
    name="plan-assignments",
    noun=ngettext_lazy("%(total)s assignment", "%(total)s assignments", "count"),
    default_sort="unit",
    columns=[
        Column(
            "officer",
            _("Officer"),
            order=("officer__family_name", "officer__given_name"),
            value=lambda a: a.officer.full_name,
        ),
        Column("number", _("Employee number"), value=lambda a: a.officer.employee_number, show=False),
        Column(
            "unit",
            _("Org unit"),
            order=("officer__org_unit__path", "period", "officer__family_name"),
            value=lambda a: a.officer.org_unit.name,
        ),
        Column("course", _("Course"), order=("course__code",), value=lambda a: a.course.code),
        # Periods are stored from 0; people count them from 1.
        Column("period", _("Period"), order=("period",), value=lambda a: a.period + 1, numeric=True),
        Column("value", _("Value"), order=("value",), value=lambda a: round(a.value, 4), numeric=True),
        Column("locked", _("Locked"), order=("locked",), value="locked"),
    ],
    filters=[
        Filter(
            "q",
            forms.CharField(label=_("Officer or course"), required=False, max_length=120),
            apply=_assignment_matching,
        ),
        Filter(
            "unit",
            forms.IntegerField(label=_("Org unit"), required=False, min_value=1, widget=forms.HiddenInput),
            lookup="officer__org_unit__pk",
        ),
        Filter(
            "period",
            forms.IntegerField(label=_("Period"), required=False, min_value=1, max_value=12),
            apply=lambda qs, v: qs.filter(period=v - 1),
        ),
        Filter(
            "locked",
            forms.ChoiceField(
                label=_("Locked"),
                required=False,
                choices=[("", _("All")), ("yes", _("Locked")), ("no", _("Not locked"))],
            ),
            apply=lambda qs, v: qs.filter(locked=v == "yes"),
        ),
    ],
)
