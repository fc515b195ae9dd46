"""Lifecycle pages: citations, reviews, editions and their supersession, obsolescence, notices."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cadre.catalogue import forms as f
from cadre.catalogue import hooks, services
from cadre.catalogue import selectors as sel
from cadre.catalogue.listings import EDITIONS, NOTICES
from cadre.catalogue.models import Course, Module
from cadre.catalogue.views.courses import _error_message
from cadre.core.errors import DomainError
from cadre.tenancy.access import actor_for


def _item(request: HttpRequest, kind: str, item_id: int, *, editable: bool) -> Course | Module:
    if kind == "course":
        getter = sel.course_get_editable if editable else sel.course_get_for_user
        return getter(user=request.user, course_id=item_id)
    if kind == "module":
        getter_m = sel.module_get_editable if editable else sel.module_get_for_user
        return getter_m(user=request.user, module_id=item_id)
    raise Http404("Not found")


def _back(kind: str, item: Course | Module) -> HttpResponse:
    return redirect(f"catalogue:{kind}_detail", item.pk)


@login_required
@require_POST
def citation_add(request: HttpRequest, kind: str, item_id: int) -> HttpResponse:
    item = _item(request, kind, item_id, editable=True)
    region_id = item.region_id or item.administration.region_id  # type: ignore[union-attr]
    editions = sel.citable_editions(administration_id=item.administration_id, region_id=region_id)
    form = f.CitationForm(request.POST, editions=editions)
    if not form.is_valid():
        messages.error(request, _("edition: choose a current edition"))
        return _back(kind, item)
    try:
        services.citation_add(
            actor=request.user,
            item=item,
            edition=editions.get(pk=form.cleaned_data["edition"]),
            note=form.cleaned_data["note"],
        )
    except DomainError as exc:
        _error_message(request, exc)
    else:
        messages.success(request, _("Citation added."))
    return _back(kind, item)


@login_required
@require_POST
def citation_remove(request: HttpRequest, kind: str, item_id: int, citation_id: int) -> HttpResponse:
    item = _item(request, kind, item_id, editable=True)
    citation = item.citations.filter(pk=citation_id).first()
    if citation is None:
        raise Http404("Not found")
    services.citation_remove(actor=request.user, citation=citation)
    messages.success(request, _("Citation removed."))
    return _back(kind, item)


@login_required
@require_POST
def content_review(request: HttpRequest, kind: str, item_id: int) -> HttpResponse:
    """Mark a course or module reviewed today (its owner or a manager), optionally raising its version."""
    item = _item(request, kind, item_id, editable=False)
    form = f.ReviewForm(request.POST)
    form.is_valid()
    updated = services.content_mark_reviewed(
        actor=request.user, item=item, bump_version=bool(form.cleaned_data.get("bump_version"))
    )
    messages.success(request, _("Marked as reviewed (version %(version)s).") % {"version": updated.version})
    next_url = request.POST.get("next")
    if next_url == "obsolescence":
        return redirect("catalogue:obsolescence")
    return _back(kind, item)


@login_required
def edition_list(request: HttpRequest) -> HttpResponseBase:
    """Legal instruments and their editions, which are superseded, and what can be recorded."""
    result = EDITIONS.respond(request, sel.editions_visible_to(user=request.user))
    if isinstance(result, HttpResponseBase):
        return result
    shown = [e.pk for e in result.rows]
    supersedable = set(
        sel.editions_supersedable_by(user=request.user).filter(pk__in=shown).values_list("pk", flat=True)
    )
    return render(
        request,
        "catalogue/edition_list.html",
        {"listing": result, "editions": result.rows, "supersedable": supersedable},
    )


@login_required
def edition_supersede(request: HttpRequest, edition_id: int) -> HttpResponse:
    """Record that a new edition supersedes this one; show what it will flag first."""
    edition = sel.edition_get_supersedable(user=request.user, edition_id=edition_id)
    form = f.SupersedeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.edition_supersede(
                actor=request.user,
                edition=edition,
                successor_label=form.cleaned_data["successor_label"],
                in_force_from=form.cleaned_data["in_force_from"],
            )
        except DomainError as exc:
            f.add_domain_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(old)s is now superseded by %(new)s; content citing it is flagged.")
                % {"old": result.edition, "new": result.successor},
            )
            return redirect("catalogue:obsolescence")
    return render(
        request,
        "catalogue/edition_supersede.html",
        {
            "edition": edition,
            "form": form,
            "citers": sel.edition_citing_items(user=request.user, edition=edition),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def obsolescence(request: HttpRequest) -> HttpResponse:
    """Overdue reviews and superseded citations: managers see what they manage, owners their own."""
    if not sel.obsolescence_visible_to(user=request.user):
        raise Http404("Not found")
    return render(
        request,
        "catalogue/obsolescence.html",
        {
            "report": sel.obsolescence_report(user=request.user),
            "revisions": sel.courses_with_regional_revision(user=request.user),
            "review_form": f.ReviewForm(),
            "effectiveness_flags": hooks.course_review_flags(actor=actor_for(request.user)),
        },
    )


@login_required
def notice_list(request: HttpRequest) -> HttpResponseBase:
    result = NOTICES.respond(request, sel.notices_for(user=request.user))
    if isinstance(result, HttpResponseBase):
        return result
    return render(request, "catalogue/notice_list.html", {"listing": result, "notices": result.rows})


@login_required
@require_POST
def notice_read(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = sel.notice_get_for_user(user=request.user, notice_id=notice_id)
    services.notice_mark_read(actor=request.user, notice=notice)
    return redirect("catalogue:notice_list")
