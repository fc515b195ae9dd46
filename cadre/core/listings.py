"""The audit log's list declaration (see cadre.core.listing)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from cadre.core.listing import Column, Filter, Listing
from cadre.core.models import AuditEvent
from cadre.core.selectors import audit_day_start, audit_entity_types_for_user


def _json(value: Any) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _entity_types(request: HttpRequest) -> list[tuple[str, str]]:
    return [("", str(_("All"))), *((t, t) for t in audit_entity_types_for_user(user=request.user))]


def _dates_in_order(data: dict[str, Any]) -> dict[str, Any]:
    since, until = data.get("since"), data.get("until")
    if since and until and since > until:
        return {"until": _("The end date is before the start date.")}
    return {}


def _until(qs: QuerySet[AuditEvent], day: dt.date) -> QuerySet[AuditEvent]:
    return qs.filter(at__lt=audit_day_start(day + dt.timedelta(days=1)))


AUDIT_EVENTS = Listing(
    name="audit-log",
    noun=ngettext_lazy("%(total)s event", "%(total)s events", "count"),
    default_sort="-at",
    default_per_page=50,
    check=_dates_in_order,
    columns=[
        Column("at", _("Time"), order=("at",), value="at"),
        Column("actor", _("Changed by"), order=("actor_name",), value="actor_name"),
        Column("action", _("Action"), order=("action",), value=lambda e: e.get_action_display()),
        Column("type", _("Record type"), order=("entity_type", "entity_id"), value="entity_type"),
        Column("id", _("Record"), value="entity_id", show=False),
        Column("repr", _("Description"), value="entity_repr", show=False),
        Column(
            "scope",
            _("Administration"),
            value=lambda e: (
                e.administration.name if e.administration else (e.region.name if e.region else "")
            ),
            show=False,
        ),
        Column("before", _("Before"), value=lambda e: _json(e.before), show=False),
        Column("after", _("After"), value=lambda e: _json(e.after), show=False),
    ],
    filters=[
        Filter(
            "entity_type",
            forms.ChoiceField(label=_("Record type"), required=False),
            lookup="entity_type",
            choices=_entity_types,
        ),
        Filter(
            "actor",
            forms.CharField(label=_("Changed by (username)"), required=False, max_length=150),
            apply=lambda qs, v: qs.filter(actor_name__iexact=v.strip()),
        ),
        Filter(
            "since",
            forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})),
            apply=lambda qs, v: qs.filter(at__gte=audit_day_start(v)),
        ),
        Filter(
            "until",
            forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})),
            apply=_until,
        ),
    ],
)
