"""The cmi5 course packages list declaration (see cadre.core.listing)."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from cadre.cmi5.models import CoursePackage
from cadre.core.listing import Column, Filter, Listing


def _package_matching(qs: QuerySet[CoursePackage], term: str) -> QuerySet[CoursePackage]:
    return qs.filter(Q(title__icontains=term) | Q(publisher_id__icontains=term))


PACKAGES = Listing(
    name="cmi5-courses",
    noun=ngettext_lazy("%(total)s cmi5 course", "%(total)s cmi5 courses", "count"),
    default_sort="title",
    columns=[
        Column("title", _("Course"), order=("title",)),
        Column(
            "administration",
            _("Administration"),
            order=("administration__name",),
            value="administration.name",
        ),
        Column("imported", _("Imported"), order=("imported_at",), value="imported_at"),
        Column("publisher_id", _("Course IRI"), value="publisher_id", show=False),
    ],
    filters=[
        Filter(
            "q", forms.CharField(label=_("Search"), required=False, max_length=120), apply=_package_matching
        ),
    ],
)
