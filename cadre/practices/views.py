"""Good Practices pages: search, detail with the review workflow, drafting, the publication."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cadre.competencies.selectors import competencies_visible_to
from cadre.core.errors import DomainError
from cadre.core.forms import add_domain_errors
from cadre.practices import services
from cadre.practices.forms import PracticeForm, PublicationForm, ReviewForm, TranslationForm
from cadre.practices.listings import PRACTICES
from cadre.practices.models import DeliveryMode, Practice, Topic
from cadre.practices.publication import Selection, collection_build, collection_html, collection_pdf
from cadre.practices.search import SearchParams, practice_search, practice_search_matches, similar_practices
from cadre.practices.selectors import (
    administrations_authoring_for,
    practice_comments,
    practice_get_for_user,
    practice_may,
    practice_translation_for_viewer,
    practice_versions,
    practices_awaiting_review,
    practices_editable_by,
)
from cadre.tenancy.access import access_for
from cadre.tenancy.types import REGIONAL_ROLES


def _member(request: HttpRequest) -> None:
    access = access_for(request.user)
    if not access.roles and not access.regional_roles:
        raise Http404("Not found")


PRACTICE_SORTS = ("newest", "oldest")


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@require_GET
@login_required
def practice_list(request: HttpRequest) -> HttpResponseBase:
    """Search the collection: ranked hits with highlighted snippets and facets."""
    _member(request)
    g = request.GET
    state = g.get("state", Practice.State.PUBLISHED)
    params = SearchParams(
        text=g.get("q", "")[:200],
        topic=g.get("topic", "") if g.get("topic", "") in Topic.values else "",
        administration_id=_int(g.get("administration")),
        year=_int(g.get("year")),
        delivery_mode=g.get("delivery_mode", "") if g.get("delivery_mode", "") in DeliveryMode.values else "",
        competency_id=_int(g.get("competency")),
        state=state if state in Practice.State.values else Practice.State.PUBLISHED,
        page=_int(g.get("page")) or 1,
        sort=g.get("sort", "") if g.get("sort", "") in PRACTICE_SORTS else "",
    )
    if request.GET.get("export"):
        return PRACTICES.download(
            practice_search_matches(user=request.user, params=params), request.GET["export"]
        )
    result = practice_search(user=request.user, params=params)
    template = "practices/_results.html" if request.htmx else "practices/practice_list.html"  # type: ignore[attr-defined]
    return render(
        request,
        template,
        {
            "result": result,
            "states": Practice.State.choices,
            "can_author": bool(access_for(request.user).roles),
            "is_regional": bool(access_for(request.user).region_ids(REGIONAL_ROLES)),
        },
    )


@require_GET
@login_required
def practice_workspace(request: HttpRequest) -> HttpResponse:
    """My administration's drafts and entries sent back; the region's review queue."""
    _member(request)
    return render(
        request,
        "practices/workspace.html",
        {
            "editable": practices_editable_by(user=request.user).order_by("-updated_at")[:200],
            "awaiting_review": practices_awaiting_review(user=request.user).order_by("updated_at")[:200],
        },
    )


@require_GET
@login_required
def practice_detail(request: HttpRequest, practice_id: int) -> HttpResponse:
    practice = practice_get_for_user(user=request.user, practice_id=practice_id)
    shown = practice_translation_for_viewer(
        practice=practice,
        language=get_language() or "en",
        show_original=request.GET.get("original") == "1",
    )
    return render(
        request,
        "practices/practice_detail.html",
        {
            "practice": practice,
            "shown": shown,
            "has_viewer_translation": shown is not None
            or any(t.language == get_language() for t in practice.translations.all()),
            "actions": practice_may(user=request.user, practice=practice),
            "comments": practice_comments(practice=practice),
            "versions": practice_versions(practice=practice),
            "similar": similar_practices(user=request.user, practice=practice)
            if practice.state == Practice.State.PUBLISHED
            else [],
            "review_form": ReviewForm(),
            "translation_form": TranslationForm(),
        },
    )


def _form(request: HttpRequest, initial: dict[str, Any] | None = None) -> PracticeForm:
    return PracticeForm(
        request.POST or None,
        initial=initial,
        administrations=administrations_authoring_for(user=request.user),
        competencies=competencies_visible_to(user=request.user).filter(kind="competency").order_by("code"),
    )


@require_http_methods(["GET", "POST"])
@login_required
def practice_create(request: HttpRequest) -> HttpResponse:
    if not access_for(request.user).roles:
        raise Http404("Not found")
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        try:
            practice = services.practice_create(
                actor=request.user, administration=form.cleaned_data["administration"], data=form.to_input()
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Draft saved. It is visible only inside your administration."))
            return redirect("practices:detail", practice.pk)
    return render(request, "practices/practice_form.html", {"form": form, "practice": None})


@require_http_methods(["GET", "POST"])
@login_required
def practice_edit(request: HttpRequest, practice_id: int) -> HttpResponse:
    practice = practice_get_for_user(user=request.user, practice_id=practice_id)
    if "edit" not in practice_may(user=request.user, practice=practice):
        raise Http404("Not found")
    form = _form(request, initial=PracticeForm.initial_from(practice))
    form.fields["administration"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.practice_update(actor=request.user, practice=practice, data=form.to_input())
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("practices:detail", practice.pk)
    return render(request, "practices/practice_form.html", {"form": form, "practice": practice})


def _step(
    request: HttpRequest, practice_id: int, run: Callable[[Practice, str], Any], done: str
) -> HttpResponse:
    practice = practice_get_for_user(user=request.user, practice_id=practice_id)
    form = ReviewForm(request.POST)
    text = form.cleaned_data["text"] if form.is_valid() else ""
    try:
        run(practice, text)
    except DomainError as exc:
        messages.error(request, "; ".join(f"{e.field}: {e.reason}" for e in exc.errors) or exc.detail)
    else:
        messages.success(request, done)
    return redirect("practices:detail", practice.pk)


@require_POST
@login_required
def practice_submit(request: HttpRequest, practice_id: int) -> HttpResponse:
    return _step(
        request,
        practice_id,
        lambda p, _t: services.practice_submit(actor=request.user, practice=p),
        _("Submitted for regional review."),
    )


@require_POST
@login_required
def practice_comment(request: HttpRequest, practice_id: int) -> HttpResponse:
    return _step(
        request,
        practice_id,
        lambda p, t: services.practice_comment(actor=request.user, practice=p, text=t),
        _("Comment added."),
    )


@require_POST
@login_required
def practice_request_changes(request: HttpRequest, practice_id: int) -> HttpResponse:
    return _step(
        request,
        practice_id,
        lambda p, t: services.practice_request_changes(actor=request.user, practice=p, text=t),
        _("Sent back to the administration."),
    )


@require_POST
@login_required
def practice_publish(request: HttpRequest, practice_id: int) -> HttpResponse:
    return _step(
        request,
        practice_id,
        lambda p, t: services.practice_publish(actor=request.user, practice=p, note=t),
        _("Published."),
    )


@require_POST
@login_required
def practice_archive(request: HttpRequest, practice_id: int) -> HttpResponse:
    return _step(
        request,
        practice_id,
        lambda p, _t: services.practice_archive(actor=request.user, practice=p),
        _("Archived."),
    )


@require_POST
@login_required
def practice_translate(request: HttpRequest, practice_id: int) -> HttpResponse:
    practice = practice_get_for_user(user=request.user, practice_id=practice_id)
    form = TranslationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The translation needs a language, a title and a summary."))
        return redirect("practices:detail", practice.pk)
    try:
        services.practice_translation_set(actor=request.user, practice=practice, **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, "; ".join(f"{e.field}: {e.reason}" for e in exc.errors))
    else:
        messages.success(request, _("Translation saved."))
    return redirect("practices:detail", practice.pk)


@require_http_methods(["GET", "POST"])
@login_required
def publication(request: HttpRequest) -> HttpResponse:
    """Choose themes and years; download the PDF or the HTML edition of the collection."""
    _member(request)
    form = PublicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        selection = Selection(
            title=d["title"],
            topics=tuple(d["topics"]),
            years=tuple(d["years"]),
            foreword=d["foreword"],
            language=request.LANGUAGE_CODE if hasattr(request, "LANGUAGE_CODE") else "en",
        )
        collection = collection_build(user=request.user, selection=selection)
        if request.POST.get("format") == "html":
            response = HttpResponse(
                collection_html(collection=collection), content_type="text/html; charset=utf-8"
            )
            response["Content-Disposition"] = 'attachment; filename="good-practices.html"'
            return response
        response = HttpResponse(collection_pdf(collection=collection), content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="good-practices.pdf"'
        return response
    return render(request, "practices/publication.html", {"form": form})
