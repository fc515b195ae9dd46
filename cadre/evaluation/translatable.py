"""Evaluation's translatable records (questionnaires and their questions), registered in ``ready()``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadre.evaluation.models import Question
from cadre.evaluation.selectors.access import templates_for_user
from cadre.translations.hooks import TranslatableKind, text_of, translatable_kind_register

if TYPE_CHECKING:
    from cadre.tenancy.access import Actor


def _questionnaires(actor: Actor) -> QuerySet[Any]:
    return templates_for_user(user=actor.user)


def _questions(actor: Actor) -> QuerySet[Any]:
    return Question.objects.filter(template__in=_questionnaires(actor)).select_related("template")


QUESTIONNAIRE = TranslatableKind(
    "questionnaire",
    _("Questionnaire"),
    {"name": (_("Name"), text_of("name"))},
    _questionnaires,
    lambda r: (r.administration_id, r.region_id),
    lambda r: reverse("evaluation:templates"),
)

QUESTION = TranslatableKind(
    "question",
    _("Question"),
    {"prompt": (_("Question"), text_of("prompt"))},
    _questions,
    lambda r: (r.template.administration_id, r.template.region_id),
    lambda r: reverse("evaluation:templates"),
)


def register() -> None:
    """Register evaluation's translatable kinds with translations (from ``ready()``)."""
    translatable_kind_register(QUESTIONNAIRE)
    translatable_kind_register(QUESTION)
