"""Session pages: the list, the detail (request, nominate, the enrolments), create and cancel."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cadre.core.errors import DomainError
from cadre.core.forms import add_domain_errors
from cadre.delivery import services
from cadre.delivery.forms import NominateForm, SessionForm
from cadre.delivery.listings import SESSIONS
from cadre.delivery.selectors import (
    courses_schedulable_by,
    enrolment_actions,
    enrolments_for_list,
    instructors_managed_by,
    officers_nominable_by,
    session_days,
    session_get_for_user,
    session_get_managed_by,
    sessions_for_list,
)
from cadre.delivery.views.nominations import nominate_many_form
from cadre.people.selectors import officer_for_user
from cadre.tenancy.access import MANAGERS, access_for
from cadre.tenancy.selectors import administrations_for_user

SESSIONS_PER_PAGE = 50


@require_GET
@login_required
def session_list(request: HttpRequest) -> HttpResponseBase:
    if not access_for(request.user).roles:
        raise Http404("Not found")
    result = SESSIONS.respond(request, sessions_for_list(user=request.user))
    if isinstance(result, HttpResponseBase):
        return result
    return render(
        request,
        "delivery/session_list.html",
        {
            "listing": result,
            "sessions": result.rows,
            "can_create": bool(access_for(request.user).administration_ids(MANAGERS)),
        },
    )


def _session_form(request: HttpRequest) -> SessionForm:
    administrations = administrations_for_user(user=request.user, roles=MANAGERS)
    return SessionForm(
        request.POST or None,
        administrations=administrations,
        courses=courses_schedulable_by(user=request.user),
        instructors=instructors_managed_by(user=request.user).filter(active=True),
    )


@require_http_methods(["GET", "POST"])
@login_required
def session_create(request: HttpRequest) -> HttpResponse:
    if not access_for(request.user).administration_ids(MANAGERS):
        raise Http404("Not found")
    form = _session_form(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_create(
                actor=request.user,
                administration=data["administration"],
                course=data["course"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                language=data["language"],
                seats=data["seats"],
                venue=data["venue"],
                room=data["room"],
                online_url=data["online_url"],
                instructors=list(data["instructors"]),
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Session scheduled."))
            return redirect("delivery:session_detail", session_id=session.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "delivery/session_form.html", {"form": form}, status=status)


@require_GET
@login_required
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    session = session_get_for_user(user=request.user, session_id=session_id)
    officer = officer_for_user(user=request.user)
    enrolments = list(enrolments_for_list(user=request.user, session_id=session.pk))
    rows = [(e, enrolment_actions(user=request.user, enrolment=e)) for e in enrolments]
    own = next((e for e in enrolments if officer and e.officer_id == officer.pk and e.is_active), None)
    nominable = officers_nominable_by(user=request.user, administration_id=session.administration_id)
    access = access_for(request.user)
    # An ended session says so and offers nothing: no seat, no nomination, no cancelling.
    open_for_requests = session.status == session.Status.SCHEDULED and session.ends_at > timezone.now()
    can_nominate = open_for_requests and nominable.exists()
    return render(
        request,
        "delivery/session_detail.html",
        {
            "session": session,
            "days": session_days(session=session),
            "rows": rows,
            "own": own,
            "has_ended": session.ends_at <= timezone.now(),
            "can_request": officer is not None
            and officer.administration_id == session.administration_id
            and own is None
            and open_for_requests
            and not session.self_paced,
            "nominate_form": NominateForm(officers=nominable) if can_nominate else None,
            "nominate_many_form": nominate_many_form(request, session) if can_nominate else None,
            "is_manager": access.has_role(session.administration_id, MANAGERS),
            "can_keep_roster": access.has_role(session.administration_id, MANAGERS)
            or session.instructors.filter(officer__user_id=request.user.pk or 0).exists(),
        },
    )


@require_POST
@login_required
def session_request(request: HttpRequest, session_id: int) -> HttpResponse:
    """The logged-in officer asks for a seat."""
    session = session_get_for_user(user=request.user, session_id=session_id)
    officer = officer_for_user(user=request.user)
    if officer is None:
        raise Http404("Not found")
    try:
        services.enrolment_request(actor=request.user, session=session, officer=officer)
    except DomainError as exc:
        for error in exc.errors or []:
            messages.error(request, f"{error.field}: {error.reason}")
    else:
        messages.success(request, _("Request sent to your supervisor."))
    return redirect("delivery:session_detail", session_id=session.pk)


@require_POST
@login_required
def session_nominate(request: HttpRequest, session_id: int) -> HttpResponse:
    session = session_get_for_user(user=request.user, session_id=session_id)
    form = NominateForm(
        request.POST,
        officers=officers_nominable_by(user=request.user, administration_id=session.administration_id),
    )
    if not form.is_valid():
        messages.error(request, _("Choose an officer you may nominate."))
        return redirect("delivery:session_detail", session_id=session.pk)
    try:
        services.enrolment_nominate(actor=request.user, session=session, officer=form.cleaned_data["officer"])
    except DomainError as exc:
        for error in exc.errors or []:
            messages.error(request, f"{error.field}: {error.reason}")
    else:
        messages.success(request, _("Nomination recorded."))
    return redirect("delivery:session_detail", session_id=session.pk)


@require_POST
@login_required
def session_cancel(request: HttpRequest, session_id: int) -> HttpResponse:
    session = session_get_managed_by(user=request.user, session_id=session_id)
    try:
        services.session_cancel(actor=request.user, session=session)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Session cancelled; its participants' enrolments are cancelled."))
    return redirect("delivery:session_detail", session_id=session.pk)
