"""The participant's side: open questionnaires and the phone-friendly answer form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cadre.core.errors import DomainError
from cadre.evaluation import selectors
from cadre.evaluation.models import Invitation
from cadre.evaluation.services import questionnaires


@require_GET
@login_required
def my_questionnaires(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "evaluation/my_questionnaires.html",
        {
            "invitations": selectors.open_invitations_for(user=request.user),
        },
    )


def _form(request: HttpRequest, invitation: Invitation, token: str | None) -> HttpResponse:
    errors: dict[str, str] = {}
    if request.method == "POST" and not invitation.responded:
        try:
            questionnaires.survey_respond(
                actor=request.user, answers=request.POST, token=token, survey_id=invitation.survey_id
            )
            messages.success(request, _("Thank you: your answers are saved."))
            return redirect("evaluation:my_questionnaires")
        except DomainError as exc:
            errors = {e.field: e.reason for e in exc.errors}
    questions = selectors.template_questions(template=invitation.survey.template)
    return render(
        request,
        "evaluation/respond.html",
        {
            "invitation": invitation,
            "survey": invitation.survey,
            "questions": [
                (q, f"q{q.pk}", request.POST.get(f"q{q.pk}", ""), errors.get(f"q{q.pk}")) for q in questions
            ],
            "errors": errors,
            "likert": [1, 2, 3, 4, 5],
        },
        status=400 if errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def respond(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.invitation_for_token(user=request.user, token=token)
    return _form(request, invitation, token)


@require_http_methods(["GET", "POST"])
@login_required
def respond_survey(request: HttpRequest, survey_id: int) -> HttpResponse:
    invitation = selectors.invitation_for_survey(user=request.user, survey_id=survey_id)
    return _form(request, invitation, None)
