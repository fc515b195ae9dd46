"""The working calendar page: a manager sets the weekdays and country, adds closures, reads the year."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cadre.calendars import selectors, services
from cadre.calendars.forms import ClosureForm, WorkingCalendarForm
from cadre.core.errors import DomainError, NotFound
from cadre.core.forms import add_domain_errors
from cadre.tenancy.access import MANAGERS, actor_for
from cadre.tenancy.selectors import administration_get_for_user


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    today = timezone.localdate()
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else today.year


@require_http_methods(["GET", "POST"])
@login_required
def calendar_page(request: HttpRequest, administration_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    administration = administration_get_for_user(
        user=actor, administration_id=administration_id, roles=MANAGERS
    )
    rules = selectors.calendar_rules(administration=administration)
    settings_form = WorkingCalendarForm(
        request.POST if request.POST.get("action") == "settings" else None,
        initial={
            "country": rules.country,
            "subdivision": rules.subdivision,
            "weekdays": [str(d) for d in rules.weekdays],
        },
    )
    closure_form = ClosureForm(request.POST if request.POST.get("action") == "closure" else None)
    if request.method == "POST":
        form = settings_form if request.POST.get("action") == "settings" else closure_form
        if form.is_valid():
            try:
                if form is settings_form:
                    services.working_calendar_update(
                        actor=actor, administration=administration, **form.cleaned_data
                    )
                    messages.success(request, _("Working calendar saved."))
                else:
                    services.closure_add(actor=actor, administration=administration, **form.cleaned_data)
                    messages.success(request, _("Closure added."))
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                return redirect("calendars:calendar", administration_id=administration.pk)
    year = _year(request)
    days_off = selectors.days_off(rules, dt.date(year, 1, 1), dt.date(year, 12, 31))
    listed = [d for d in days_off.values() if d.reason == "holiday"]  # closures are listed above
    context = {
        "administration": administration,
        "rules": rules,
        "settings_form": settings_form,
        "closure_form": closure_form,
        "closures": selectors.closures_for_user(actor=actor).filter(administration=administration),
        "year": year,
        "days_off": listed,
        "working_day_count": (dt.date(year, 12, 31) - dt.date(year, 1, 1)).days + 1 - len(days_off),
    }
    status = 400 if settings_form.errors or closure_form.errors else 200
    return render(request, "calendars/calendar.html", context, status=status)


@require_POST
@login_required
def closure_remove(request: HttpRequest, administration_id: int, closure_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    closure = selectors.closure_get_for_user(actor=actor, closure_id=closure_id)
    if closure.administration_id != administration_id:
        raise NotFound  # the URL names another administration than the closure's
    services.closure_remove(actor=actor, closure=closure)
    messages.success(request, _("Closure removed."))
    return redirect("calendars:calendar", administration_id=administration_id)
