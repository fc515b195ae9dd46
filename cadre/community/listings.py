"""Declarations of the community list pages (see cadre.core.listing): regional events and experts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from cadre.community.models import Event, Expert, ExpertCategory
from cadre.competencies.selectors import competencies_visible_to
from cadre.core.listing import Column, Filter, Listing
from cadre.core.pickers import PickerChoiceWidget

LANGUAGE_CODE = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$"


def _event_matching(qs: QuerySet[Event], term: str) -> QuerySet[Event]:
    return qs.filter(Q(title__icontains=term) | Q(theme__icontains=term) | Q(venue__icontains=term))


def _event_when(qs: QuerySet[Event], when: str) -> QuerySet[Event]:
    today = timezone.localdate()
    if when == "upcoming":
        return qs.filter(ends_on__gte=today)
    if when == "past":
        return qs.filter(ends_on__lt=today)
    return qs


EVENTS = Listing(
    name="regional-events",
    noun=ngettext_lazy("%(total)s event", "%(total)s events", "count"),
    default_sort="starts",
    columns=[
        Column("title", _("Event"), order=("title",), value="title"),
        Column("starts", _("Dates"), order=("starts_on", "ends_on"), value="starts_on"),
        Column("ends", _("Ends"), order=("ends_on",), value="ends_on", show=False),
        Column("venue", _("Venue"), order=("venue",)),
        Column("seats", _("Seats"), order=("seats",), numeric=True),
        Column("status", _("Status"), order=("status",), value=lambda e: e.get_status_display()),
    ],
    filters=[
        Filter(
            "q", forms.CharField(label=_("Search"), required=False, max_length=100), apply=_event_matching
        ),
        Filter(
            "when",
            forms.ChoiceField(
                label=_("When"),
                required=False,
                choices=[("upcoming", _("Upcoming")), ("past", _("Past")), ("all", _("All"))],
            ),
            apply=_event_when,
            default="upcoming",
        ),
        Filter(
            "status",
            forms.ChoiceField(
                label=_("Status"), required=False, choices=[("", _("All")), *Event.Status.choices]
            ),
            lookup="status",
        ),
    ],
)


def _competency_choices(request: HttpRequest) -> list[tuple[Any, Any]]:
    competencies = competencies_visible_to(user=request.user).filter(kind="competency").order_by("code")
    return [("", "—"), *((c.pk, f"{c.code} {c.title}") for c in competencies)]


def _expert_competency(qs: QuerySet[Expert], data: dict[str, Any]) -> QuerySet[Expert]:
    """The competency and the minimum level hold on the same competency row of the expert."""
    competency_id, min_level = data.get("competency"), data.get("min_level")
    if not competency_id:
        return qs
    q = Q(competencies__competency_id=competency_id)
    if min_level:
        q &= Q(competencies__level__gte=min_level)
    return qs.filter(pk__in=Expert.objects.filter(q).values("pk"))


EXPERTS = Listing(
    name="experts",
    noun=ngettext_lazy("%(total)s expert", "%(total)s experts", "count"),
    default_sort="stage",
    combine=_expert_competency,
    columns=[
        Column("name", _("Expert"), order=("name",), value="name"),
        Column("category", _("Category"), order=("category",), value=lambda e: e.get_category_display()),
        # accredited < in_field < workshop: the most advanced stage first
        Column("stage", _("Stage"), order=("stage", "name"), value=lambda e: e.get_stage_display()),
        Column("languages", _("Languages"), value=lambda e: ", ".join(e.languages or [])),
        Column(
            "home",
            _("Home administration"),
            order=("home_administration__name",),
            value=lambda e: e.home_administration.name if e.home_administration else "",
        ),
        Column(
            "availability",
            _("Availability"),
            order=("availability",),
            value=lambda e: e.get_availability_display(),
        ),
    ],
    filters=[
        Filter(
            "competency",
            forms.TypedChoiceField(
                label=_("Competency"),
                required=False,
                coerce=int,
                empty_value=None,
                widget=PickerChoiceWidget(source="competencies"),
            ),
            apply=lambda qs, _v: qs,  # with min_level, in combine
            choices=_competency_choices,
        ),
        Filter(
            "min_level",
            forms.IntegerField(label=_("Minimum level"), min_value=1, max_value=10, required=False),
            apply=lambda qs, _v: qs,
        ),
        Filter(
            "language",
            forms.RegexField(label=_("Language"), regex=LANGUAGE_CODE, max_length=12, required=False),
            # The JSON text of the list holds each code in quotes: works on SQLite and PostgreSQL alike.
            apply=lambda qs, v: qs.filter(languages__icontains=f'"{v}"'),
        ),
        Filter(
            "category",
            forms.ChoiceField(
                label=_("Category"), choices=[("", "—"), *ExpertCategory.choices], required=False
            ),
            lookup="category",
        ),
        Filter(
            "stage",
            forms.ChoiceField(label=_("Stage"), choices=[("", "—"), *Expert.Stage.choices], required=False),
            lookup="stage",
        ),
    ],
)
