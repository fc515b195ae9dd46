"""The strategic objectives list declaration (see cadre.core.listing)."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from cadre.core.listing import Column, Filter, Listing
from cadre.strategy.models import StrategicObjective


def _matching(qs: QuerySet[StrategicObjective], term: str) -> QuerySet[StrategicObjective]:
    return qs.filter(Q(title__icontains=term) | Q(owner__icontains=term))


def _current(qs: QuerySet[StrategicObjective], when: str) -> QuerySet[StrategicObjective]:
    today = timezone.localdate()
    if when == "current":
        return qs.filter(period_start__lte=today, period_end__gte=today)
    if when == "ended":
        return qs.filter(period_end__lt=today)
    if when == "future":
        return qs.filter(period_start__gt=today)
    return qs


OBJECTIVES = Listing(
    name="strategic-objectives",
    noun=ngettext_lazy("%(total)s objective", "%(total)s objectives", "count"),
    default_sort="-weight",
    columns=[
        Column("title", _("Objective"), order=("title",)),
        Column("owner", _("Owner"), order=("owner",)),
        Column("period", _("Period"), order=("period_start", "period_end"), value="period_start"),
        Column("end", _("Ends"), order=("period_end",), value="period_end", show=False),
        Column(
            "weight", _("Priority weight"), order=("priority_weight",), value="priority_weight", numeric=True
        ),
        Column("kpis", _("KPIs"), order=("kpi_count",), value="kpi_count", numeric=True),
        Column(
            "competencies",
            _("Competencies"),
            order=("competency_count",),
            value="competency_count",
            numeric=True,
        ),
    ],
    filters=[
        Filter("q", forms.CharField(label=_("Search"), required=False, max_length=100), apply=_matching),
        Filter(
            "when",
            forms.ChoiceField(
                label=_("When"),
                required=False,
                choices=[
                    ("", _("All")),
                    ("current", _("Current")),
                    ("future", _("Future")),
                    ("ended", _("Ended")),
                ],
            ),
            apply=_current,
        ),
    ],
)
