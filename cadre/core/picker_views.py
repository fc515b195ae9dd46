"""The typeahead endpoint behind every picker: options for one query, as an htmx fragment."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cadre.core.pickers import PICKER_MAX_QUERY, picker_search, picker_source

_LISTBOX_ID = re.compile(r"^[A-Za-z][\w-]{0,80}$")


@require_GET
@login_required
def picker_options(request: HttpRequest) -> HttpResponse:
    source = request.GET.get("source", "")
    picker = picker_source(source)
    if picker is None:
        raise Http404("Not found")
    query = request.GET.get("q", "")[:PICKER_MAX_QUERY]
    listbox = request.GET.get("listbox", "")
    if not _LISTBOX_ID.match(listbox):
        listbox = "picker"
    result = picker_search(name=source, user=request.user, query=query)
    response = render(
        request,
        "cadre/pickers/options.html",
        {"result": result, "query": query.strip(), "listbox": listbox, "hint": picker.hint},
    )
    response["Cache-Control"] = "private, no-store"
    return response
