"""Strategy's translatable records (strategic objectives), registered in ``ready()``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadre.strategy.selectors import objectives_for_user
from cadre.translations.hooks import TranslatableKind, text_of, translatable_kind_register

if TYPE_CHECKING:
    from cadre.tenancy.access import Actor


def _objectives(actor: Actor) -> QuerySet[Any]:
    return objectives_for_user(user=actor.user)


OBJECTIVE = TranslatableKind(
    "objective",
    _("Strategic objective"),
    {"title": (_("Title"), text_of("title")), "description": (_("Description"), text_of("description"))},
    _objectives,
    lambda r: (r.administration_id, None),
    lambda r: reverse("strategy:objective_detail", args=[r.pk]),
)


def register() -> None:
    """Register strategy's translatable kinds with translations (from ``ready()``)."""
    translatable_kind_register(OBJECTIVE)
