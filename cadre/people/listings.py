"""The officer list's declaration: its columns, filters and export (see cadre.core.listing)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from cadre.competencies.selectors import GapCounts, officers_gap_counts
from cadre.core.listing import Column, Filter, Listing
from cadre.core.pickers import PickerChoiceWidget
from cadre.people.models import Officer
from cadre.people.selectors import officers_in_unit_subtree, officers_matching, positions_for_user
from cadre.tenancy.access import MANAGERS
from cadre.tenancy.selectors import org_units_for_user
from cadre.tenancy.types import Role

LIST_ROLES = MANAGERS | {Role.SUPERVISOR}


def _with_gap_counts(officers: list[Officer]) -> list[tuple[Officer, GapCounts]]:
    counts = officers_gap_counts(officers=officers)
    return [(o, counts[o.pk]) for o in officers]


def _unit_choices(request: HttpRequest) -> list[tuple[Any, Any]]:
    units = org_units_for_user(user=request.user, roles=LIST_ROLES).order_by("administration_id", "path")
    return [("", _("All units"))] + [(u.pk, "\u00a0\u00a0" * u.depth + u.name) for u in units]


def _position_choices(request: HttpRequest) -> list[tuple[Any, Any]]:
    positions = positions_for_user(user=request.user, roles=LIST_ROLES).order_by("title", "pk")
    return [("", _("All positions"))] + [(p.pk, p.title) for p in positions]


OFFICERS = Listing(
    name="officers",
    noun=ngettext_lazy("%(total)s officer", "%(total)s officers", "count"),
    default_sort="name",
    decorate=_with_gap_counts,
    columns=[
        Column("name", _("Name"), order=("family_name", "given_name"), value=lambda r: r[0].full_name),
        Column(
            "number", _("Employee number"), order=("employee_number",), value=lambda r: r[0].employee_number
        ),
        Column("unit", _("Org unit"), order=("org_unit__name",), value=lambda r: r[0].org_unit.name),
        Column(
            "position",
            _("Position"),
            order=("position__title",),
            value=lambda r: r[0].position.title if r[0].position else "",
        ),
        Column("below", _("Below required level"), value=lambda r: r[1].below, numeric=True),
        Column("required", _("Required competencies"), value=lambda r: r[1].required, show=False),
        Column("unknown", _("Not yet assessed"), value=lambda r: r[1].not_assessed, numeric=True),
        Column("active", _("Active"), value=lambda r: r[0].active, show=False),
    ],
    filters=[
        Filter(
            "q",
            forms.CharField(label=_("Name or employee number"), required=False, max_length=120),
            apply=lambda qs, v: officers_matching(qs, search=v),
        ),
        Filter(
            "org_unit",
            forms.TypedChoiceField(
                label=_("Org unit"),
                required=False,
                coerce=int,
                empty_value=None,
                widget=PickerChoiceWidget(source="org-units"),
            ),
            apply=lambda qs, v: officers_in_unit_subtree(qs, org_unit_id=v),
            choices=_unit_choices,
        ),
        Filter(
            "position",
            forms.TypedChoiceField(label=_("Position"), required=False, coerce=int, empty_value=None),
            lookup="position_id",
            choices=_position_choices,
        ),
    ],
)
