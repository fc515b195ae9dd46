"""Catalogue's translatable records (a course's title and description), registered in ``ready()``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadre.catalogue.selectors import courses_editable_by
from cadre.translations.hooks import TranslatableKind, text_of, translatable_kind_register

if TYPE_CHECKING:
    from cadre.tenancy.access import Actor


def _courses(actor: Actor) -> QuerySet[Any]:
    return courses_editable_by(user=actor.user)


COURSE = TranslatableKind(
    "course",
    _("Course"),
    {"title": (_("Title"), text_of("title")), "description": (_("Description"), text_of("description"))},
    _courses,
    lambda r: (r.administration_id, r.region_id),
    lambda r: reverse("catalogue:course_detail", args=[r.pk]),
)


def register() -> None:
    """Register the catalogue's translatable kinds with translations (from ``ready()``)."""
    translatable_kind_register(COURSE)
