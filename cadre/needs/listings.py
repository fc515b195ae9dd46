"""The drill-down list "Officers' gaps · <unit>" (see cadre.core.listing)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from cadre.core.listing import Column, Filter, Listing
from cadre.needs.selectors import OfficerGap
from cadre.people.selectors import officers_matching

Row = tuple[Any, list[OfficerGap]]


def _below(row: Row) -> int:
    return sum(1 for g in row[1] if g.gap)


def _unknown(row: Row) -> int:
    return sum(1 for g in row[1] if g.current is None)


def _top_priority(row: Row) -> float | None:
    return round(max(g.score for g in row[1]), 4) if row[1] else None


UNIT_OFFICERS = Listing(
    name="officer-gaps",
    noun=ngettext_lazy("%(total)s officer", "%(total)s officers", "count"),
    default_sort="name",
    columns=[
        Column("name", _("Officer"), order=("family_name", "given_name"), value=lambda r: r[0].full_name),
        Column(
            "number", _("Employee number"), order=("employee_number",), value=lambda r: r[0].employee_number
        ),
        Column("unit", _("Org unit"), order=("org_unit__name",), value=lambda r: r[0].org_unit.name),
        Column("below", _("Below required level"), value=_below),
        Column("unknown", _("Not yet assessed"), value=_unknown),
        Column("priority", _("Priority"), value=_top_priority),
    ],
    filters=[
        Filter(
            "q",
            forms.CharField(label=_("Name or employee number"), required=False, max_length=120),
            apply=lambda qs, v: officers_matching(qs, search=v),
        ),
    ],
)
