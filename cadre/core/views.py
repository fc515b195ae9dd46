"""Pages of the web shell: the audit log (the home page is cadre.home's)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cadre.core.forms import AuditFilterForm
from cadre.core.selectors import (
    audit_entity_types_for_user,
    audit_events_for_user,
    audit_viewable_by,
)

AUDIT_PAGE_SIZE = 50


@require_GET
@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not audit_viewable_by(user=request.user):
        raise Http404("Not found")
    form = AuditFilterForm(request.GET or None, entity_types=audit_entity_types_for_user(user=request.user))
    filters: dict = {}
    if form.is_bound:
        form.is_valid()  # an invalid filter is reported on the form and left out of the query
        filters = form.cleaned_data
    events = audit_events_for_user(
        user=request.user,
        entity_type=filters.get("entity_type", ""),
        actor=filters.get("actor", ""),
        since=filters.get("since"),
        until=filters.get("until"),
    )
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html", {"form": form, "page_obj": page})
