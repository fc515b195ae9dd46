"""The needs lists (see cadre.core.listing): "Officers' gaps · <unit>" and the snapshots."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from cadre.core.listing import Column, Filter, Listing
from cadre.needs.models import GapSnapshot
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


def _mean_gap(snapshot: Any) -> float | None:
    value = (snapshot.totals or {}).get("mean_gap")
    return None if value is None else round(float(value), 4)


SNAPSHOTS = Listing(
    name="needs-snapshots",
    noun=ngettext_lazy("%(total)s snapshot", "%(total)s snapshots", "count"),
    default_sort="-started",
    columns=[
        Column("id", _("Snapshot"), order=("id",), value="pk"),
        Column("started", _("Started"), order=("created_at",), value="created_at"),
        Column(
            "by",
            _("By"),
            order=("created_by__username",),
            value=lambda s: s.created_by.username if s.created_by else "",
        ),
        Column("status", _("Status"), order=("status",), value=lambda s: s.get_status_display()),
        Column("officers", _("Officers"), value=lambda s: (s.totals or {}).get("officers"), numeric=True),
        Column("mean_gap", _("Mean gap"), value=_mean_gap, numeric=True),
    ],
    filters=[
        Filter(
            "status",
            forms.ChoiceField(
                label=_("Status"), required=False, choices=[("", _("All")), *GapSnapshot.Status.choices]
            ),
            lookup="status",
        ),
    ],
)
