"""One nomination at a time: the htmx transition buttons, and certificates."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cadre.core.errors import DomainError
from cadre.delivery import services
from cadre.delivery.certificates import certificate_pdf
from cadre.delivery.models import Enrolment
from cadre.delivery.selectors import (
    completion_get_for_user,
    enrolment_actions,
    enrolment_get_for_user,
)

ACTIONS: dict[str, Callable[..., Enrolment]] = {
    "approve": services.enrolment_approve,
    "reject": services.enrolment_reject,
    "confirm": services.enrolment_confirm,
    "waitlist": services.enrolment_waitlist,
    "cancel": services.enrolment_cancel,
}


@require_POST
@login_required
def enrolment_action(request: HttpRequest, enrolment_id: int, action: str) -> HttpResponse:
    """Approve, reject, confirm, put on the waiting list or cancel; htmx gets the updated row back, a plain form a redirect."""
    if action not in ACTIONS:
        raise Http404("Not found")
    enrolment = enrolment_get_for_user(user=request.user, enrolment_id=enrolment_id)
    error = ""
    try:
        enrolment = ACTIONS[action](actor=request.user, enrolment=enrolment)
    except DomainError as exc:
        error = "; ".join(e.reason for e in exc.errors) or exc.detail
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    if getattr(request, "htmx", False):
        # htmx swaps only 2xx answers, so a refusal comes back as the row with its reason.
        enrolment = enrolment_get_for_user(user=request.user, enrolment_id=enrolment.pk)
        return render(
            request,
            "delivery/_enrolment_row.html",
            {
                "enrolment": enrolment,
                "actions": enrolment_actions(user=request.user, enrolment=enrolment),
                "error": error,
                "show_session": request.POST.get("show_session") == "1",
                "bulk": request.POST.get("bulk") == "1",
                "next_url": target,
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Done: %(state)s.") % {"state": enrolment.get_state_display()})
    return redirect(target or "delivery:enrolment_list")


@require_GET
@login_required
def certificate(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    completion = completion_get_for_user(user=request.user, enrolment_id=enrolment_id)
    if not completion.passed:
        raise Http404("Not found")
    pdf = certificate_pdf(completion=completion, language=get_language() or "en")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{completion.certificate_number}.pdf"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
