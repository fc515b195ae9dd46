"""Declarations of the competency list pages (see cadre.core.listing): frameworks and role profiles."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from cadre.competencies.models import Framework
from cadre.core.listing import Column, Filter, Listing
from cadre.people.models import Position


def _framework_matching(qs: QuerySet[Framework], term: str) -> QuerySet[Framework]:
    return qs.filter(Q(title__icontains=term) | Q(code__icontains=term))


def _framework_scope(qs: QuerySet[Framework], scope: str) -> QuerySet[Framework]:
    return qs.filter(region__isnull=False) if scope == "regional" else qs.filter(administration__isnull=False)


def _owner(fw: Framework) -> str:
    owner = fw.administration if fw.administration_id else fw.region
    return owner.name if owner else ""


FRAMEWORKS = Listing(
    name="frameworks",
    noun=ngettext_lazy("%(total)s framework", "%(total)s frameworks", "count"),
    default_sort="title",
    columns=[
        Column("title", _("Framework"), order=("title", "version"), value="title"),
        Column("code", _("Code"), order=("code",), value="code", show=False),
        Column("version", _("Version"), order=("version",)),
        Column("owner", _("Owner"), order=("region", "administration__name"), value=_owner),
        Column("status", _("Status"), order=("status",), value=lambda fw: fw.get_status_display()),
        Column("extends", _("Extends"), value=lambda fw: fw.extends.title if fw.extends else "", show=False),
    ],
    filters=[
        Filter(
            "q", forms.CharField(label=_("Search"), required=False, max_length=100), apply=_framework_matching
        ),
        Filter(
            "scope",
            forms.ChoiceField(
                label=_("Owner"),
                required=False,
                choices=[("", _("All")), ("national", _("My administration")), ("regional", _("Regional"))],
            ),
            apply=_framework_scope,
        ),
        Filter(
            "status",
            forms.ChoiceField(
                label=_("Status"), required=False, choices=[("", _("All")), *Framework.Status.choices]
            ),
            lookup="status",
        ),
    ],
)


def _position_matching(qs: QuerySet[Position], term: str) -> QuerySet[Position]:
    return qs.filter(Q(title__icontains=term) | Q(code__icontains=term))


def _with_profile(qs: QuerySet[Position], value: str) -> QuerySet[Position]:
    return qs.filter(role_profile__isnull=value != "yes")


ROLE_PROFILES = Listing(
    name="role-profiles",
    noun=ngettext_lazy("%(total)s position", "%(total)s positions", "count"),
    default_sort="title",
    columns=[
        Column("title", _("Position"), order=("title",), value="title"),
        Column("code", _("Code"), order=("code",)),
        Column(
            "administration",
            _("Administration"),
            order=("administration__name",),
            value="administration.name",
        ),
        Column(
            "requirements",
            _("Requirements"),
            order=("requirement_count",),
            value="requirement_count",
            numeric=True,
        ),
    ],
    filters=[
        Filter(
            "q", forms.CharField(label=_("Search"), required=False, max_length=100), apply=_position_matching
        ),
        Filter(
            "profile",
            forms.ChoiceField(
                label=_("Role profile"),
                required=False,
                choices=[
                    ("", _("All")),
                    ("yes", _("With a role profile")),
                    ("no", _("Without a role profile")),
                ],
            ),
            apply=_with_profile,
        ),
    ],
)
