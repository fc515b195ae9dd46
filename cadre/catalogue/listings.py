"""The catalogue's list declarations (see cadre.core.listing): courses, modules, editions, notices."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from cadre.catalogue.models import Course, DeliveryMode, Edition, LifecycleStatus, Module
from cadre.competencies.models import Competency
from cadre.competencies.selectors import competencies_visible_to
from cadre.core.listing import Column, Filter, Listing
from cadre.core.pickers import PickerChoiceWidget


def _matching(qs: QuerySet[Course], term: str) -> QuerySet[Course]:
    matches = Q(code__icontains=term) | Q(title__icontains=term) | Q(description__icontains=term)
    if "title_tr" in qs.query.annotations:  # the viewer's translation is searched too
        matches |= Q(title_tr__icontains=term)
    return qs.filter(matches)


def _in_scope(qs: QuerySet[Course], scope: str) -> QuerySet[Course]:
    if scope == "regional":
        return qs.filter(region__isnull=False)
    return qs.filter(administration__isnull=False)


def _teaching(qs: QuerySet[Course], competency_id: int) -> QuerySet[Course]:
    # __pk: an id past 64 bits matches nothing (competency_id= overflows SQLite: a 500)
    return qs.filter(pk__in=qs.model.objects.filter(objectives__competency__pk=competency_id).values("pk"))


def _competency_choices(request: HttpRequest) -> list[tuple[Any, Any]]:
    competencies = (
        competencies_visible_to(user=request.user).filter(kind=Competency.Kind.COMPETENCY).order_by("code")
    )
    return [("", _("All")), *((c.pk, f"{c.code} {c.title}") for c in competencies)]


def _catalogue(course: Course) -> str:
    return str(_("Regional")) if course.region_id else course.administration.name  # type: ignore[union-attr]


COURSES = Listing(
    name="courses",
    noun=ngettext_lazy("%(total)s course", "%(total)s courses", "count"),
    default_sort="code",
    columns=[
        Column("code", _("Course"), order=("code",), value=lambda c: f"{c.code} {c.title}"),
        Column("title", _("Title"), order=("title",), value="title", show=False),
        Column("mode", _("Mode"), order=("delivery_mode",), value=lambda c: c.get_delivery_mode_display()),
        Column("languages", _("Languages"), value=lambda c: ", ".join(c.languages or [])),
        Column("catalogue", _("Catalogue"), order=("region", "administration__name"), value=_catalogue),
        Column("status", _("Status"), order=("status",), value=lambda c: c.get_status_display()),
        Column("days", _("Duration (days)"), order=("duration_days",), value="duration_days", show=False),
    ],
    filters=[
        Filter("q", forms.CharField(label=_("Search"), required=False, max_length=100), apply=_matching),
        Filter(
            "mode",
            forms.ChoiceField(
                label=_("Delivery mode"), required=False, choices=[("", _("All")), *DeliveryMode.choices]
            ),
            lookup="delivery_mode",
        ),
        Filter(
            "competency",
            forms.TypedChoiceField(
                label=_("Competency"),
                required=False,
                coerce=int,
                empty_value=None,
                widget=PickerChoiceWidget(source="competencies"),
            ),
            apply=_teaching,
            choices=_competency_choices,
        ),
        Filter(
            "language",
            forms.RegexField(
                label=_("Language"), required=False, regex=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$", max_length=12
            ),
            # The JSON text of the list holds each code in quotes: works on SQLite and PostgreSQL alike.
            apply=lambda qs, v: qs.filter(languages__icontains=f'"{v}"'),
        ),
        Filter(
            "status",
            forms.ChoiceField(
                label=_("Status"), required=False, choices=[("", _("All")), *LifecycleStatus.choices]
            ),
            lookup="status",
        ),
        Filter(
            "scope",
            forms.ChoiceField(
                label=_("Catalogue"),
                required=False,
                choices=[("", _("All")), ("regional", _("Regional")), ("national", _("National"))],
            ),
            apply=_in_scope,
        ),
    ],
)


def _module_matching(qs: QuerySet[Module], term: str) -> QuerySet[Module]:
    return qs.filter(Q(code__icontains=term) | Q(title__icontains=term))


MODULES = Listing(
    name="modules",
    noun=ngettext_lazy("%(total)s module", "%(total)s modules", "count"),
    default_sort="code",
    columns=[
        Column("title", _("Module"), order=("title",), value="title"),
        Column("code", _("Code"), order=("code",)),
        Column("minutes", _("Minutes"), order=("minutes",), numeric=True),
        Column("kind", _("Kind"), order=("kind",), value=lambda m: m.get_kind_display()),
        Column(
            "course", _("Course"), order=("course__code",), value=lambda m: m.course.code if m.course else ""
        ),
        Column("status", _("Status"), order=("status",), value=lambda m: m.get_status_display()),
    ],
    filters=[
        Filter(
            "q", forms.CharField(label=_("Search"), required=False, max_length=100), apply=_module_matching
        ),
        Filter(
            "standalone",
            forms.BooleanField(label=_("Standalone modules only"), required=False),
            apply=lambda qs, v: qs.filter(course__isnull=True) if v else qs,
        ),
        Filter(
            "kind",
            forms.ChoiceField(
                label=_("Kind"), required=False, choices=[("", _("All")), *Module.Kind.choices]
            ),
            lookup="kind",
        ),
        Filter(
            "status",
            forms.ChoiceField(
                label=_("Status"), required=False, choices=[("", _("All")), *LifecycleStatus.choices]
            ),
            lookup="status",
        ),
    ],
)


NOTICES = Listing(
    name="notices",
    noun=ngettext_lazy("%(total)s notice", "%(total)s notices", "count"),
    default_sort="-created",
    columns=[
        Column("created", _("Time"), order=("created_at",), value="created_at"),
        Column("message", _("Notice"), order=("message",), value="message"),
        Column("read", _("Read"), order=("read_at",), value="read_at"),
        Column("url", _("Link"), value="url", show=False),
    ],
    filters=[
        Filter(
            "read",
            forms.ChoiceField(
                label=_("Read"),
                required=False,
                choices=[("", _("All")), ("no", _("Unread")), ("yes", _("Read"))],
            ),
            apply=lambda qs, v: qs.filter(read_at__isnull=v == "no"),
        ),
    ],
)


def _edition_matching(qs: QuerySet[Edition], term: str) -> QuerySet[Edition]:
    return qs.filter(
        Q(instrument__title__icontains=term) | Q(instrument__code__icontains=term) | Q(label__icontains=term)
    )


EDITIONS = Listing(
    name="legal-editions",
    noun=ngettext_lazy("%(total)s edition", "%(total)s editions", "count"),
    default_sort="instrument",
    columns=[
        Column(
            "instrument",
            _("Instrument"),
            order=("instrument__code", "in_force_from", "label"),
            value="instrument.title",
        ),
        Column("edition", _("Edition"), order=("label",), value="label"),
        Column("in_force", _("In force from"), order=("in_force_from",), value="in_force_from"),
        Column(
            "scope",
            _("Scope"),
            value=lambda e: (
                str(_("Regional")) if e.instrument.region_id else e.instrument.administration.name
            ),
        ),
        Column(
            "state",
            _("State"),
            order=("superseded_on",),
            value=lambda e: e.superseded_by.label if e.superseded_by_id else str(_("current")),
        ),
    ],
    filters=[
        Filter(
            "q", forms.CharField(label=_("Search"), required=False, max_length=100), apply=_edition_matching
        ),
        Filter(
            "current",
            forms.ChoiceField(
                label=_("State"),
                required=False,
                choices=[("", _("All")), ("yes", _("current")), ("no", _("Superseded"))],
            ),
            apply=lambda qs, v: qs.filter(superseded_by__isnull=v == "yes"),
        ),
    ],
)
