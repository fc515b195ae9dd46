"""The tenancy lists (see cadre.core.listing): the organisation in tree order, members and roles."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from cadre.core.listing import Column, Filter, Listing
from cadre.tenancy.access import access_for
from cadre.tenancy.models import Membership, OrgUnit
from cadre.tenancy.selectors import OrgUnitRow
from cadre.tenancy.types import ADMINISTRATION_ROLES, REGIONAL_ROLES, Role


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


def _member_matching(qs: QuerySet[Membership], term: str) -> QuerySet[Membership]:
    for word in term.split():
        qs = qs.filter(
            Q(user__username__icontains=word)
            | Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
        )
    return qs


def _role_choices(request: HttpRequest) -> list[tuple[str, Any]]:
    """The roles the caller grants: administration roles to its admins, regional ones to regional admins."""
    access = access_for(request.user)
    offered: set[str] = set()
    if access.administration_ids({Role.ADMIN}):
        offered |= ADMINISTRATION_ROLES
    if access.region_ids({Role.REGIONAL_ADMIN}):
        offered |= REGIONAL_ROLES
    return [("", _("All")), *((value, label) for value, label in Role.choices if value in offered)]


MEMBERSHIPS = Listing(
    name="memberships",
    noun=ngettext_lazy("%(total)s role", "%(total)s roles", "count"),
    default_sort="user",
    columns=[
        Column("user", _("User"), order=("user__username", "role"), value=lambda m: m.user.get_username()),
        Column("name", _("Name"), value=lambda m: m.user.get_full_name(), show=False),
        Column("role", _("Role"), order=("role",), value=lambda m: m.get_role_display()),
        Column(
            "scope",
            _("Administration or region"),
            order=("administration__name", "region__name"),
            value=lambda m: (
                m.administration.name if m.administration else (m.region.name if m.region else "")
            ),
        ),
        Column(
            "unit",
            _("Supervised unit"),
            order=("org_unit__name",),
            value=lambda m: m.org_unit.name if m.org_unit else "",
        ),
        Column("since", _("Since"), order=("created_at",), value="created_at"),
    ],
    filters=[
        Filter(
            "q",
            forms.CharField(label=_("Username or name"), required=False, max_length=150),
            apply=_member_matching,
        ),
        Filter(
            "role",
            forms.ChoiceField(label=_("Role"), required=False),
            lookup="role",
            choices=_role_choices,
        ),
    ],
)
