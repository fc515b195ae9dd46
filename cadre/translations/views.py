"""The page where a manager edits a record's texts in each language."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cadre.core.errors import DomainError
from cadre.tenancy.access import actor_for
from cadre.translations.selectors import record_translations
from cadre.translations.services import translations_save


@require_http_methods(["GET", "POST"])
@login_required
def translations_edit(request: HttpRequest, record_kind: str, record_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    page = record_translations(user=actor, kind_key=record_kind, record_id=record_id)
    error = None
    if request.method == "POST":
        texts = {
            (f.field, code): request.POST.get(f"{f.field}__{code}", "")
            for f in page.fields
            for code, _name in page.languages
        }
        try:
            translations_save(actor=actor, kind=page.kind, record=page.record, texts=texts)
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("Translations saved."))
            return redirect("translations:edit", record_kind=record_kind, record_id=record_id)
    return render(
        request,
        "translations/edit.html",
        {"page": page, "back": page.kind.url(page.record), "error": error},
        status=400 if error else 200,
    )
