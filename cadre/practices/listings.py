"""The good practices download (see cadre.core.listing): the search's matches, one row each."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from cadre.core.listing import Column, Listing

PRACTICES = Listing(
    name="good-practices",
    noun=ngettext_lazy("%(total)s practice", "%(total)s practices", "count"),
    default_sort="year",
    columns=[
        Column("title", _("Title"), value="title"),
        Column("administration", _("Administration"), value="administration.name"),
        Column("year", _("Year"), value="year"),
        Column("language", _("Language"), value="language"),
        Column("state", _("State"), value=lambda p: p.get_state_display()),
        Column(
            "mode",
            _("Delivery mode"),
            value=lambda p: p.get_delivery_mode_display() if p.delivery_mode else "",
        ),
        Column("summary", _("Summary"), value="summary"),
    ],
)
