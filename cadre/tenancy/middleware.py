"""Request middleware: every page runs in the viewer's administration's time zone and currency."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from cadre.core.l10n import activate_currency, deactivate_currency
from cadre.tenancy.access import access_for
from cadre.tenancy.models import Administration


class AdministrationTimezoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tz_name = currency = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            tz_name = request.session.get("cadre_tz")
            currency = request.session.get("cadre_currency")
            if tz_name is None or currency is None:
                ids = sorted(access_for(user).roles)
                admin = (
                    Administration.objects.filter(pk__in=ids)
                    .only("time_zone", "currency")
                    .order_by("pk")
                    .first()
                )
                tz_name = admin.time_zone if admin else "UTC"
                currency = (admin.currency if admin else "") or ""
                request.session["cadre_tz"] = tz_name
                request.session["cadre_currency"] = currency
        if tz_name:
            try:
                timezone.activate(zoneinfo.ZoneInfo(tz_name))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        token = activate_currency(currency or None)
        try:
            return self.get_response(request)
        finally:
            deactivate_currency(token)
            timezone.deactivate()
