"""Request middleware: the administration's time zone and currency; services' NotFound as a 404 page."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.core.handlers.exception import response_for_exception
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from cadre.core.errors import NotFound
from cadre.core.l10n import activate_currency, deactivate_currency
from cadre.tenancy.access import access_for


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
                from cadre.tenancy.models import Administration

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


class NotFoundMiddleware:
    """Answer a service's ``NotFound`` with the site's ordinary 404 page (as ``Http404`` would)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotFound):
            return response_for_exception(request, Http404(exception.detail))
        return None
