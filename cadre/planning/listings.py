"""The annual plans list declaration (see cadre.core.listing)."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.db.models.fields.json import KT
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from cadre.core.listing import Column, Filter, Listing
from cadre.planning.models import AnnualPlan


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
