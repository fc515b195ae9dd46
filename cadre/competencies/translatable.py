"""Competencies' translatable records (competencies, role profiles), registered in ``ready()``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadre.competencies.models import Competency
from cadre.competencies.selectors import frameworks_editable_by, role_profiles_for_user
from cadre.tenancy.access import MANAGERS
from cadre.translations.hooks import TranslatableKind, text_of, translatable_kind_register

if TYPE_CHECKING:
    from cadre.tenancy.access import Actor


def _competencies(actor: Actor) -> QuerySet[Any]:
    return Competency.objects.filter(framework__in=frameworks_editable_by(user=actor.user)).select_related(
        "framework"
    )


def _role_profiles(actor: Actor) -> QuerySet[Any]:
    return role_profiles_for_user(user=actor.user, roles=MANAGERS)


COMPETENCY = TranslatableKind(
    "competency",
    _("Competency"),
    {"title": (_("Title"), text_of("title")), "description": (_("Description"), text_of("description"))},
    _competencies,
    lambda r: (r.framework.administration_id, r.framework.region_id),
    lambda r: reverse("competencies:framework_detail", args=[r.framework_id]),
)

ROLE_PROFILE = TranslatableKind(
    "role_profile",
    _("Role profile"),
    {"title": (_("Title"), lambda r: r.position.title), "notes": (_("Notes"), text_of("notes"))},
    _role_profiles,
    lambda r: (r.administration_id, None),
    lambda r: reverse("competencies:profile_detail", args=[r.pk]),
)


def register() -> None:
    """Register the competencies app's translatable kinds with translations (from ``ready()``)."""
    translatable_kind_register(COMPETENCY)
    translatable_kind_register(ROLE_PROFILE)
