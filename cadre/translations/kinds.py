"""The records whose texts can be translated, who may translate them, and where their originals are."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class TranslatableKind:
    key: str
    label: Any
    #: field key -> (label, how to read the original from the record)
    fields: dict[str, tuple[Any, Callable[[Any], str]]]
    #: the records the caller may translate (managers of the owner); others answer 404
    editable: Callable[[Any], QuerySet[Any]]
    #: the record's owner: (administration id, region id), exactly one set
    owner: Callable[[Any], tuple[int | None, int | None]]
    #: the page showing the record
    url: Callable[[Any], str]


def _attr(name: str) -> Callable[[Any], str]:
    return lambda record: getattr(record, name) or ""


def _courses(user: Any) -> QuerySet[Any]:
    from cadre.catalogue.selectors import courses_editable_by

    return courses_editable_by(user=user)


def _competencies(user: Any) -> QuerySet[Any]:
    from cadre.competencies.models import Competency
    from cadre.competencies.selectors import frameworks_editable_by

    return Competency.objects.filter(framework__in=frameworks_editable_by(user=user)).select_related(
        "framework"
    )


def _objectives(user: Any) -> QuerySet[Any]:
    from cadre.strategy.selectors import objectives_for_user

    return objectives_for_user(user=user)


def _role_profiles(user: Any) -> QuerySet[Any]:
    from cadre.competencies.selectors import role_profiles_for_user
    from cadre.tenancy.access import MANAGERS

    return role_profiles_for_user(user=user, roles=MANAGERS)


def _questionnaires(user: Any) -> QuerySet[Any]:
    from cadre.evaluation.selectors.access import templates_for_user

    return templates_for_user(user=user)


def _questions(user: Any) -> QuerySet[Any]:
    from cadre.evaluation.models import Question

    return Question.objects.filter(template__in=_questionnaires(user)).select_related("template")


KINDS: dict[str, TranslatableKind] = {
    kind.key: kind
    for kind in (
        TranslatableKind(
            "course",
            _("Course"),
            {"title": (_("Title"), _attr("title")), "description": (_("Description"), _attr("description"))},
            _courses,
            lambda r: (r.administration_id, r.region_id),
            lambda r: reverse("catalogue:course_detail", args=[r.pk]),
        ),
        TranslatableKind(
            "competency",
            _("Competency"),
            {"title": (_("Title"), _attr("title")), "description": (_("Description"), _attr("description"))},
            _competencies,
            lambda r: (r.framework.administration_id, r.framework.region_id),
            lambda r: reverse("competencies:framework_detail", args=[r.framework_id]),
        ),
        TranslatableKind(
            "objective",
            _("Strategic objective"),
            {"title": (_("Title"), _attr("title")), "description": (_("Description"), _attr("description"))},
            _objectives,
            lambda r: (r.administration_id, None),
            lambda r: reverse("strategy:objective_detail", args=[r.pk]),
        ),
        TranslatableKind(
            "role_profile",
            _("Role profile"),
            {"title": (_("Title"), lambda r: r.position.title), "notes": (_("Notes"), _attr("notes"))},
            _role_profiles,
            lambda r: (r.administration_id, None),
            lambda r: reverse("competencies:profile_detail", args=[r.pk]),
        ),
        TranslatableKind(
            "questionnaire",
            _("Questionnaire"),
            {"name": (_("Name"), _attr("name"))},
            _questionnaires,
            lambda r: (r.administration_id, r.region_id),
            lambda r: reverse("evaluation:templates"),
        ),
        TranslatableKind(
            "question",
            _("Question"),
            {"prompt": (_("Question"), _attr("prompt"))},
            _questions,
            lambda r: (r.template.administration_id, r.template.region_id),
            lambda r: reverse("evaluation:templates"),
        ),
    )
}
