"""Declarations of the delivery list pages (see cadre.core.listing): sessions and instructors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from cadre.core.listing import Column, Filter, Listing
from cadre.delivery.models import Instructor, Session


def _sessions_when(qs: QuerySet[Session], when: str) -> QuerySet[Session]:
    now = timezone.now()
    if when == "upcoming":
        return qs.filter(ends_at__gte=now, status=Session.Status.SCHEDULED)
    if when == "past":
        return qs.filter(ends_at__lt=now)
    return qs


def _course_matching(qs: QuerySet[Any], term: str, prefix: str = "course__") -> QuerySet[Any]:
    for word in term.split():
        qs = qs.filter(Q(**{f"{prefix}code__icontains": word}) | Q(**{f"{prefix}title__icontains": word}))
    return qs


def _where(session: Session) -> str:
    if not session.venue:
        return str(_("Online"))
    return f"{session.venue} · {session.room}" if session.room else session.venue


SESSIONS = Listing(
    name="sessions",
    noun=ngettext_lazy("%(total)s session", "%(total)s sessions", "count"),
    default_sort="starts",
    columns=[
        Column(
            "course",
            _("Course"),
            order=("course__code",),
            value=lambda s: f"{s.course.code} {s.course.title}",
        ),
        Column("starts", _("Starts"), order=("starts_at",), value="starts_at"),
        Column("ends", _("Ends"), order=("ends_at",), value="ends_at", show=False),
        Column("where", _("Where"), order=("venue", "room"), value=_where),
        Column("language", _("Language"), order=("language",)),
        Column("seats", _("Seats"), value="seats", show=False),
        Column("taken", _("Seats taken"), order=("confirmed_count",), value="confirmed_count", numeric=True),
        Column("waiting", _("Waiting list"), value="waiting_count", show=False),
        Column("status", _("Status"), value=lambda s: s.get_status_display(), show=False),
    ],
    filters=[
        Filter(
            "q", forms.CharField(label=_("Course"), required=False, max_length=120), apply=_course_matching
        ),
        Filter(
            "when",
            forms.ChoiceField(
                label=_("When"),
                required=False,
                choices=[
                    ("upcoming", _("Upcoming")),
                    ("past", _("Past")),
                    ("all", _("All, past and cancelled too")),
                ],
            ),
            apply=_sessions_when,
            default="upcoming",
        ),
        Filter(
            "status",
            forms.ChoiceField(
                label=_("Status"), required=False, choices=[("", _("Any")), *Session.Status.choices]
            ),
            lookup="status",
        ),
        Filter(
            "language",
            forms.CharField(label=_("Language"), required=False, max_length=10),
            lookup="language__iexact",
        ),
    ],
)


def _instructor_matching(qs: QuerySet[Instructor], term: str) -> QuerySet[Instructor]:
    for word in term.split():
        qs = qs.filter(
            Q(name__icontains=word)
            | Q(officer__given_name__icontains=word)
            | Q(officer__family_name__icontains=word)
            | Q(qualifications__code__icontains=word)
        )
    return qs.distinct()


INSTRUCTORS = Listing(
    name="instructors",
    noun=ngettext_lazy("%(total)s instructor", "%(total)s instructors", "count"),
    default_sort="name",
    columns=[
        Column(
            "name",
            _("Name"),
            order=("name", "officer__family_name", "officer__given_name"),
            value=lambda r: r[0].display_name,
        ),
        Column(
            "organisation",
            _("Organisation"),
            order=("organisation",),
            value=lambda r: r[0].organisation,
            show=False,
        ),
        Column("kind", _("Kind"), order=("kind",), value=lambda r: r[0].get_kind_display()),
        Column(
            "qualifications",
            _("Qualifications"),
            value=lambda r: ", ".join(str(q) for q in r[0].qualifications.all()),
        ),
        Column("days", _("Days available"), value=lambda r: r[1], numeric=True),
        Column(
            "max_days",
            _("Maximum days per year"),
            order=("max_days_per_year",),
            value=lambda r: r[0].max_days_per_year,
            show=False,
        ),
        Column("active", _("Active"), order=("active",), value=lambda r: r[0].active, show=False),
    ],
    filters=[
        Filter(
            "q",
            forms.CharField(label=_("Name or qualification"), required=False, max_length=120),
            apply=_instructor_matching,
        ),
        Filter(
            "kind",
            forms.ChoiceField(
                label=_("Kind"), required=False, choices=[("", _("Any")), *Instructor.Kind.choices]
            ),
            lookup="kind",
        ),
        Filter(
            "active",
            forms.ChoiceField(
                label=_("Active"),
                required=False,
                choices=[("yes", _("Active")), ("no", _("Inactive")), ("all", _("All"))],
            ),
            apply=lambda qs, v: qs if v == "all" else qs.filter(active=v == "yes"),
            default="yes",
        ),
    ],
)
