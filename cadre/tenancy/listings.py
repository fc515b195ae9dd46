"""The organisation list declaration (see cadre.core.listing): every unit, in tree order by default."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from cadre.core.listing import Column, Filter, Listing
from cadre.tenancy.models import OrgUnit
from cadre.tenancy.selectors import OrgUnitRow


def _matching(rows: list[OrgUnitRow], term: str) -> list[OrgUnitRow]:
    folded = term.casefold()
    return [r for r in rows if folded in r.unit.name.casefold() or folded in r.unit.code.casefold()]


ORG_UNITS = Listing(
    name="org-units",
    noun=ngettext_lazy("%(total)s unit", "%(total)s units", "count"),
    default_sort="tree",
    columns=[
        # The rows come depth first, siblings by name: "tree" keeps that order.
        Column("tree", _("Tree order"), show=False, export=False),
        Column("name", _("Unit"), sort_key=lambda r: r.unit.name.casefold(), value=lambda r: r.unit.name),
        Column("code", _("Code"), sort_key=lambda r: r.unit.code, value=lambda r: r.unit.code, show=False),
        Column("kind", _("Kind"), sort_key=lambda r: r.unit.kind, value=lambda r: r.unit.get_kind_display()),
        Column(
            "officers", _("Officers"), sort_key=lambda r: r.officers, value=lambda r: r.officers, numeric=True
        ),
        Column(
            "subtree",
            _("Including sub-units"),
            sort_key=lambda r: r.subtree_officers,
            value=lambda r: r.subtree_officers,
            numeric=True,
        ),
        Column("administration", _("Administration"), value=lambda r: r.unit.administration.name, show=False),
        Column("path", _("Path"), value=lambda r: r.unit.path, show=False),
    ],
    filters=[
        Filter(
            "q", forms.CharField(label=_("Name or code"), required=False, max_length=100), apply=_matching
        ),
        Filter(
            "kind",
            forms.ChoiceField(
                label=_("Kind"), required=False, choices=[("", _("All")), *OrgUnit.Kind.choices]
            ),
            apply=lambda rows, v: [r for r in rows if r.unit.kind == v],
        ),
    ],
)
