"""Declarations of the evaluation list pages (see cadre.core.listing): follow-ups, questionnaires."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from cadre.core.listing import Column, Filter, Listing
from cadre.evaluation.models import FollowUp, QuestionnaireTemplate


def _follow_up_matching(qs: QuerySet[FollowUp], term: str) -> QuerySet[FollowUp]:
    for word in term.split():
        qs = qs.filter(
            Q(enrolment__officer__given_name__icontains=word)
            | Q(enrolment__officer__family_name__icontains=word)
            | Q(enrolment__officer__employee_number__icontains=word)
            | Q(enrolment__session__course__code__icontains=word)
            | Q(enrolment__session__course__title__icontains=word)
        )
    return qs


def _in_state(qs: QuerySet[FollowUp], state: str) -> QuerySet[FollowUp]:
    if state == "all":
        return qs.exclude(state=FollowUp.State.CANCELLED)
    return qs.filter(state=state)


FOLLOW_UPS = Listing(
    name="follow-ups",
    noun=ngettext_lazy("%(total)s follow-up", "%(total)s follow-ups", "count"),
    default_sort="due",
    columns=[
        Column(
            "officer",
            _("Officer"),
            order=("enrolment__officer__family_name", "enrolment__officer__given_name"),
            value=lambda fu: fu.enrolment.officer.full_name,
        ),
        Column(
            "number", _("Employee number"), value=lambda fu: fu.enrolment.officer.employee_number, show=False
        ),
        Column(
            "unit",
            _("Org unit"),
            order=("enrolment__officer__org_unit__name",),
            value=lambda fu: fu.enrolment.officer.org_unit.name,
        ),
        Column(
            "course",
            _("Course"),
            order=("enrolment__session__course__code",),
            value=lambda fu: f"{fu.enrolment.session.course.code} {fu.enrolment.session.course.title}",
        ),
        Column("due", _("Due on"), order=("due_on",), value="due_on"),
        Column("state", _("Status"), order=("state",), value=lambda fu: fu.get_state_display()),
        Column("completed", _("Completed"), order=("completed_at",), value="completed_at", show=False),
    ],
    filters=[
        Filter(
            "q",
            forms.CharField(label=_("Officer or course"), required=False, max_length=120),
            apply=_follow_up_matching,
        ),
        Filter(
            "state",
            forms.ChoiceField(
                label=_("Status"),
                required=False,
                choices=[
                    (FollowUp.State.OPEN, _("Due")),
                    (FollowUp.State.SCHEDULED, _("Scheduled")),
                    (FollowUp.State.COMPLETED, _("Completed")),
                    ("all", _("All")),
                ],
            ),
            apply=_in_state,
            default=FollowUp.State.OPEN,
        ),
    ],
)


QUESTIONNAIRES = Listing(
    name="questionnaires",
    noun=ngettext_lazy("%(total)s questionnaire", "%(total)s questionnaires", "count"),
    default_sort="name",
    columns=[
        Column("name", _("Name"), order=("name",)),
        Column("kind", _("Kind"), order=("kind",), value=lambda t: t.get_kind_display()),
        Column("anonymous", _("Anonymous"), order=("anonymous",), value="anonymous"),
        Column("questions", _("Questions"), order=("question_count",), value="question_count", numeric=True),
        Column(
            "administration",
            _("Administration"),
            order=("administration__name",),
            value="administration.name",
            show=False,
        ),
    ],
    filters=[
        Filter(
            "q", forms.CharField(label=_("Search"), required=False, max_length=100), lookup="name__icontains"
        ),
        Filter(
            "kind",
            forms.ChoiceField(
                label=_("Kind"), required=False, choices=[("", _("All")), *QuestionnaireTemplate.Kind.choices]
            ),
            lookup="kind",
        ),
    ],
)


PROGRAMMES = Listing(
    name="programmes",
    noun=ngettext_lazy("%(total)s programme", "%(total)s programmes", "count"),
    default_sort="-start",
    columns=[
        Column("name", _("Name"), order=("name",)),
        Column("start", _("From"), order=("period_start",), value="period_start"),
        Column("end", _("To"), order=("period_end",), value="period_end"),
        Column(
            "courses", _("Courses"), value=lambda p: ", ".join(c.code for c in p.courses.all()), show=False
        ),
    ],
    filters=[
        Filter(
            "q", forms.CharField(label=_("Search"), required=False, max_length=100), lookup="name__icontains"
        ),
    ],
)
