"""Community pages: regional events with nominations and participants, and the expert pool."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cadre.community import selectors, services
from cadre.community.bulk import nominations_bulk_decide
from cadre.community.certificates import participation_pdf
from cadre.community.forms import (
    CallForm,
    EventEvaluationForm,
    EventForm,
    MissionForm,
    NominateForm,
)
from cadre.community.listings import EVENTS, EXPERTS
from cadre.community.models import Nomination
from cadre.core.bulk import bulk_result_read, bulk_result_store
from cadre.core.errors import DomainError
from cadre.core.forms import add_domain_errors
from cadre.needs.demand import demand_administration_get
from cadre.tenancy.access import MANAGERS, access_for
from cadre.tenancy.selectors import administrations_for_user, regions_for_user
from cadre.tenancy.types import REGIONAL_ROLES


def _member(request: HttpRequest) -> None:
    if not access_for(request.user).region_ids():
        raise Http404("Not found")


def _errors(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, "; ".join(f"{e.field}: {e.reason}" for e in exc.errors) or exc.detail)


@require_GET
@login_required
def event_list(request: HttpRequest) -> HttpResponseBase:
    _member(request)
    result = EVENTS.respond(request, selectors.events_visible_to(user=request.user))
    if isinstance(result, HttpResponseBase):
        return result
    return render(
        request,
        "community/event_list.html",
        {"listing": result, "is_regional": bool(access_for(request.user).region_ids(REGIONAL_ROLES))},
    )


@require_http_methods(["GET", "POST"])
@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    regions = regions_for_user(user=request.user).filter(
        id__in=access_for(request.user).region_ids(REGIONAL_ROLES)
    )
    region = regions.first()
    if region is None:
        raise Http404("Not found")
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(actor=request.user, region=region, **form.cleaned_data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            return redirect("community:event_detail", event.pk)
    return render(request, "community/form.html", {"form": form, "title": _("New regional event")})


@require_GET
@login_required
def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.event_get_for_user(user=request.user, event_id=event_id)
    regional = selectors.is_coordinator_of(user=request.user, region_id=event.region_id)
    focal = bool(access_for(request.user).administration_ids(MANAGERS))
    return render(
        request,
        "community/event_detail.html",
        {
            "event": event,
            "call": getattr(event, "call", None),
            "is_regional": regional,
            "is_focal": focal,
            "sees_participants": selectors.participant_list_visible(user=request.user, event=event),
            "mine": selectors.own_participation(user=request.user, event=event),
            "nominations": selectors.event_nominations(user=request.user, event=event),
            "quotas": selectors.quota_status(user=request.user, event=event),
            "nominate_form": NominateForm(
                officers=selectors.officers_nominable_for(user=request.user, event=event)
            )
            if focal
            else None,
            "call_form": CallForm() if regional else None,
            "evaluation": selectors.event_evaluation(user=request.user, event=event),
            "evaluation_form": EventEvaluationForm(
                templates=selectors.event_questionnaires(user=request.user, event=event)
            )
            if regional and event.survey_id is None
            else None,
            "evaluation_pending": selectors.event_evaluation_pending_for(user=request.user, event=event),
        },
    )


@require_GET
@login_required
def participants(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.event_get_for_user(user=request.user, event_id=event_id)
    return render(
        request,
        "community/participants.html",
        {"event": event, "participants": selectors.participant_list(user=request.user, event=event)},
    )


@require_POST
@login_required
def call_open(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.event_get_coordinated_by(user=request.user, event_id=event_id)
    form = CallForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(f"{k}: {v[0]}" for k, v in form.errors.items()))
        return redirect("community:event_detail", event.pk)
    try:
        services.call_open(
            actor=request.user,
            event=event,
            closes_on=form.cleaned_data["closes_on"],
            quota_per_administration=form.cleaned_data["quota_per_administration"],
            eligible_position_titles=form.split("eligible_position_titles"),
            required_languages=form.split("required_languages"),
        )
    except DomainError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The call for nominations is open."))
    return redirect("community:event_detail", event.pk)


@require_POST
@login_required
def event_evaluation_send(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.event_get_coordinated_by(user=request.user, event_id=event_id)
    form = EventEvaluationForm(
        request.POST, templates=selectors.event_questionnaires(user=request.user, event=event)
    )
    if not form.is_valid():
        if "template" in form.errors:  # another region's questionnaire: as if missing
            raise Http404("Not found")
        messages.error(request, "; ".join(f"{k}: {v[0]}" for k, v in form.errors.items()))
        return redirect("community:event_detail", event.pk)
    try:
        survey = services.event_evaluation_send(actor=request.user, event=event, **form.cleaned_data)
    except DomainError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request,
            _("Evaluation form sent to %(n)d participants.") % {"n": survey.invitations.count()},
        )
    return redirect("community:event_detail", event.pk)


@require_POST
@login_required
def nominate(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.event_get_for_user(user=request.user, event_id=event_id)
    form = NominateForm(
        request.POST, officers=selectors.officers_nominable_for(user=request.user, event=event)
    )
    if not form.is_valid():
        if "officer" in form.errors:  # an officer outside the caller's administrations: as if missing
            raise Http404("Not found")
        messages.error(request, "; ".join(f"{k}: {v[0]}" for k, v in form.errors.items()))
        return redirect("community:event_detail", event.pk)
    try:
        services.nomination_create(actor=request.user, event=event, **form.cleaned_data)
    except DomainError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Nominated."))
    return redirect("community:event_detail", event.pk)


def _ids(values: list[str]) -> list[int]:
    try:
        ids = [int(v) for v in values]
    except ValueError as exc:
        raise Http404("Not found") from exc
    if any(not 0 < i < 2**63 for i in ids):
        raise Http404("Not found")
    return ids


@require_POST
@login_required
def nominations_bulk(request: HttpRequest, event_id: int) -> HttpResponse:
    """The coordinator selects, waitlists or declines many nominations; the page shows what was done."""
    event = selectors.event_get_coordinated_by(user=request.user, event_id=event_id)
    scope = request.POST.get("scope", "ticked")
    state = scope if scope in (Nomination.State.NOMINATED, Nomination.State.WAITLISTED) else ""
    try:
        summary = nominations_bulk_decide(
            actor=request.user,
            event=event,
            action=request.POST.get("action", ""),
            ids=[] if state else _ids(request.POST.getlist("ids")),
            state=state,
        )
    except DomainError as exc:
        if exc.status == 404:
            raise Http404("Not found") from exc
        _errors(request, exc)
        return redirect("community:event_detail", event.pk)
    bulk_result_store(
        request.session,
        app="community",
        summary=summary,
        title=_("Nominations for %(event)s: what was done") % {"event": event.title},
        what_label=_("Event"),
        back_url=reverse("community:event_detail", args=[event.pk]),
    )
    return redirect("community:bulk_result")


@require_GET
@login_required
def bulk_result(request: HttpRequest) -> HttpResponse:
    """What the coordinator's last bulk decision did (after the POST's redirect, again on reload)."""
    stored = bulk_result_read(request.session, app="community")
    if stored is None:
        return redirect("community:event_list")
    return render(request, "cadre/bulk_summary_page.html", stored)


def _decide(request: HttpRequest, nomination_id: int, run: Callable[..., Any], done: str) -> HttpResponse:
    nomination = selectors.nomination_get_for_user(user=request.user, nomination_id=nomination_id)
    try:
        run(actor=request.user, nomination=nomination)
    except DomainError as exc:
        _errors(request, exc)
    else:
        messages.success(request, done)
    return redirect("community:event_detail", nomination.event_id)


@require_POST
@login_required
def nomination_select(request: HttpRequest, nomination_id: int) -> HttpResponse:
    return _decide(request, nomination_id, services.nomination_select, _("Selected."))


@require_POST
@login_required
def nomination_waitlist(request: HttpRequest, nomination_id: int) -> HttpResponse:
    return _decide(request, nomination_id, services.nomination_waitlist, _("Put on the waiting list."))


@require_POST
@login_required
def nomination_decline(request: HttpRequest, nomination_id: int) -> HttpResponse:
    return _decide(request, nomination_id, services.nomination_decline, _("Not selected."))


@require_POST
@login_required
def nomination_withdraw(request: HttpRequest, nomination_id: int) -> HttpResponse:
    return _decide(request, nomination_id, services.nomination_withdraw, _("Withdrawn."))


@require_POST
@login_required
def nomination_attended(request: HttpRequest, nomination_id: int) -> HttpResponse:
    return _decide(
        request,
        nomination_id,
        lambda actor, nomination: services.attendance_record(
            actor=actor, nomination=nomination, attended=True
        ),
        _("Attendance recorded."),
    )


@require_GET
@login_required
def certificate(request: HttpRequest, nomination_id: int) -> HttpResponse:
    nomination = selectors.participation_get_for_user(user=request.user, nomination_id=nomination_id)
    if not nomination.attended:
        raise Http404("Not found")
    pdf = participation_pdf(nomination=nomination, language=getattr(request, "LANGUAGE_CODE", "en"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="participation-{nomination.pk}.pdf"'
    return response


@require_GET
@login_required
def expert_list(request: HttpRequest) -> HttpResponseBase:
    _member(request)
    result = EXPERTS.respond(request, selectors.experts_visible_to(user=request.user))
    if isinstance(result, HttpResponseBase):
        return result
    return render(
        request,
        "community/expert_list.html",
        {
            "listing": result,
            "supply": selectors.expert_supply(user=request.user),
            "is_regional": bool(access_for(request.user).region_ids(REGIONAL_ROLES)),
            "managed": administrations_for_user(user=request.user, roles=MANAGERS),
        },
    )


def _supply_demand(request: HttpRequest, administration: Any = None) -> HttpResponse:
    include_in_field = request.GET.get("in_field") == "1"
    rows = selectors.expert_supply_vs_demand(
        user=request.user, administration=administration, include_in_field=include_in_field
    )
    return render(
        request,
        "community/supply_demand.html",
        {
            "rows": rows,
            "administration": administration,
            "include_in_field": include_in_field,
            "shortfalls": sum(1 for r in rows if not r.covered),
        },
    )


@require_GET
@login_required
def supply_demand(request: HttpRequest) -> HttpResponse:
    """The region's needs against its expert pool (regional coordinator and admin)."""
    return _supply_demand(request)


@require_GET
@login_required
def supply_demand_administration(request: HttpRequest, administration_id: int) -> HttpResponse:
    """One administration's needs against the pool (its focal points, its region's coordinator)."""
    administration = demand_administration_get(user=request.user, administration_id=administration_id)
    return _supply_demand(request, administration)


@require_http_methods(["GET", "POST"])
@login_required
def expert_detail(request: HttpRequest, expert_id: int) -> HttpResponse:
    expert = selectors.expert_get_for_user(user=request.user, expert_id=expert_id)
    form = MissionForm(
        request.POST or None,
        administrations=administrations_for_user(user=request.user, roles=MANAGERS),
        initial={"purpose": request.GET.get("purpose", "")[:500]},  # from the supply-demand page
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.mission_request(actor=request.user, expert=expert, **form.cleaned_data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Mission requested; the expert's home administration decides."))
            return redirect("community:expert_detail", expert.pk)
    missions = selectors.missions_visible_to(user=request.user).filter(expert=expert)
    return render(
        request, "community/expert_detail.html", {"expert": expert, "form": form, "missions": missions}
    )


@require_POST
@login_required
def mission_decide(request: HttpRequest, mission_id: int) -> HttpResponse:
    mission = selectors.mission_get_for_user(user=request.user, mission_id=mission_id)
    try:
        services.mission_decide(
            actor=request.user, mission=mission, approve=request.POST.get("approve") == "1"
        )
    except DomainError as exc:
        _errors(request, exc)
    return redirect("community:expert_detail", mission.expert_id)
