"""Writing working calendars: the worked weekdays and country, and an administration's closures."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from cadre.calendars.models import Closure, WorkingCalendar
from cadre.calendars.selectors import supported_countries
from cadre.calendars.types import ClosureKind
from cadre.core.audit import audit_record, snapshot
from cadre.core.errors import invalid
from cadre.tenancy.access import MANAGERS, Actor, UserLike, actor_for, require_role

if TYPE_CHECKING:
    from cadre.tenancy.models import Administration

#: A closure longer than a year is a typing error, not a closure.
MAX_CLOSURE_DAYS = 366


def _weekdays(value: str | list[int] | tuple[int, ...]) -> str | None:
    """Worked ISO weekdays as a sorted digit string ("12345"), or None when any entry is not 1-7."""
    items = [str(d).strip() for d in value if str(d).strip()]
    if not items or any(d not in "1234567" or len(d) != 1 for d in items):
        return None
    return "".join(sorted(set(items)))


@transaction.atomic
def working_calendar_update(
    *,
    actor: Actor | UserLike,
    administration: Administration,
    country: str,
    subdivision: str = "",
    weekdays: str | list[int] | tuple[int, ...] = "12345",
) -> WorkingCalendar:
    """Set the country whose holidays apply and the weekdays worked; nothing is stored on a refusal."""
    actor = actor_for(actor)
    require_role(user=actor, administration_id=administration.pk, roles=MANAGERS)
    country, subdivision = country.strip().upper(), subdivision.strip().upper()
    if country not in supported_countries():
        raise invalid(
            "country",
            _("is not a country whose public holidays Cadre knows"),
            _("Calendar not saved"),
            code="calendar.country_unknown",
        )
    if subdivision and subdivision not in supported_countries()[country]:
        raise invalid(
            "subdivision",
            _("is not a subdivision of %(country)s") % {"country": country},
            _("Calendar not saved"),
            code="calendar.subdivision_unknown",
        )
    days = _weekdays(weekdays)
    if days is None:
        raise invalid(
            "weekdays",
            _("must name at least one day from 1 (Monday) to 7 (Sunday)"),
            _("Calendar not saved"),
            code="calendar.weekdays_invalid",
        )
    calendar = WorkingCalendar.objects.select_for_update().filter(administration=administration).first()
    before = snapshot(calendar, ["country", "subdivision", "weekdays"]) if calendar else None
    if calendar is None:
        calendar = WorkingCalendar(administration=administration)
    calendar.country, calendar.subdivision, calendar.weekdays = country, subdivision, days
    calendar.save()
    audit_record(
        actor=actor.user,
        action="update" if before else "create",
        instance=calendar,
        before=before,
        after=snapshot(calendar, ["country", "subdivision", "weekdays"]),
        administration_id=administration.pk,
    )
    return calendar


@transaction.atomic
def closure_add(
    *,
    actor: Actor | UserLike,
    administration: Administration,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    kind: str = ClosureKind.CLOSURE,
) -> Closure:
    """Close days to training (a closure), or keep officers at their posts (a peak season)."""
    actor = actor_for(actor)
    require_role(user=actor, administration_id=administration.pk, roles=MANAGERS)
    name = name.strip()
    refused = _("Closure not added")
    if not name:
        raise invalid("name", _("is required"), refused, code="closure.name_required")
    if kind not in ClosureKind.values:
        raise invalid("kind", _("must be a closure or a peak season"), refused, code="closure.kind_invalid")
    if ends_on < starts_on:
        raise invalid(
            "ends_on", _("must be on or after the first day"), refused, code="closure.dates_invalid"
        )
    if (ends_on - starts_on).days + 1 > MAX_CLOSURE_DAYS:
        raise invalid(
            "ends_on",
            _("a closure lasts at most %(days)s days") % {"days": MAX_CLOSURE_DAYS},
            refused,
            code="closure.dates_invalid",
        )
    closure = Closure.objects.create(
        administration=administration,
        name=name,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by_id=actor.user_id,
    )
    audit_record(
        actor=actor.user,
        action="create",
        instance=closure,
        after=snapshot(closure, ["name", "kind", "starts_on", "ends_on"]),
        administration_id=administration.pk,
    )
    return closure


@transaction.atomic
def closure_remove(*, actor: Actor | UserLike, closure: Closure) -> None:
    actor = actor_for(actor)
    require_role(user=actor, administration_id=closure.administration_id, roles=MANAGERS)
    before = snapshot(closure, ["name", "kind", "starts_on", "ends_on"])
    audit_record(
        actor=actor.user,
        action="delete",
        instance=closure,
        before=before,
        administration_id=closure.administration_id,
    )
    closure.delete()
