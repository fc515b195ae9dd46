"""Pages of the web shell: the audit log (the home page is cadre.home's)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cadre.core.listings import AUDIT_EVENTS
from cadre.core.selectors import (
    audit_events_for_user,
    audit_viewable_by,
)


@require_GET
@login_required
def audit_log(request: HttpRequest) -> HttpResponseBase:
    if not audit_viewable_by(user=request.user):
        raise Http404("Not found")
    result = AUDIT_EVENTS.respond(request, audit_events_for_user(user=request.user))
    if isinstance(result, HttpResponseBase):
        return result
    return render(
        request, "core/audit_log.html", {"listing": result, "form": result.form, "page_obj": result.page}
    )
