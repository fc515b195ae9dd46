"""The LRS clients list declaration (see cadre.core.listing)."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from cadre.core.listing import Column, Filter, Listing
from cadre.lrs.models import LrsClient


def _client_matching(qs: QuerySet[LrsClient], term: str) -> QuerySet[LrsClient]:
    return qs.filter(Q(name__icontains=term) | Q(key__icontains=term))


def _client_state(qs: QuerySet[LrsClient], state: str) -> QuerySet[LrsClient]:
    return qs.filter(revoked_at__isnull=state == "active")


CLIENTS = Listing(
    name="xapi-clients",
    noun=ngettext_lazy("%(total)s client", "%(total)s clients", "count"),
    default_sort="name",
    columns=[
        Column("name", _("Tool"), order=("name",)),
        Column(
            "administration",
            _("Administration"),
            order=("administration__name",),
            value="administration.name",
        ),
        Column("key", _("Key"), order=("key",)),
        Column("scopes", _("Scopes"), value=lambda c: " ".join(c.scopes or [])),
        Column("revoked", _("Status"), order=("revoked_at",), value=lambda c: c.revoked_at or "active"),
        Column(
            "rate",
            _("Requests per minute"),
            order=("rate_limit_per_minute",),
            value="rate_limit_per_minute",
            show=False,
        ),
    ],
    filters=[
        Filter(
            "q",
            forms.CharField(label=_("Tool or key"), required=False, max_length=120),
            apply=_client_matching,
        ),
        Filter(
            "state",
            forms.ChoiceField(
                label=_("Status"),
                required=False,
                choices=[("", _("All")), ("active", _("active")), ("revoked", _("revoked"))],
            ),
            apply=_client_state,
        ),
    ],
)
