"""Supervisors' follow-ups: the list of those due and the form (questionnaire + re-assessment)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cadre.core.errors import DomainError
from cadre.evaluation import selectors
from cadre.evaluation.listings import FOLLOW_UPS
from cadre.evaluation.services import followups


@require_GET
@login_required
def follow_up_list(request: HttpRequest) -> HttpResponseBase:
    result = FOLLOW_UPS.respond(request, selectors.follow_ups_for_user(user=request.user))
    if isinstance(result, HttpResponseBase):
        return result
    return render(request, "evaluation/follow_up_list.html", {"listing": result})


@require_http_methods(["GET", "POST"])
@login_required
def follow_up_detail(request: HttpRequest, follow_up_id: int) -> HttpResponse:
    follow_up = selectors.follow_up_get_for_user(user=request.user, follow_up_id=follow_up_id)
    errors: dict[str, str] = {}
    if request.method == "POST":
        levels = {
            int(k.removeprefix("level_")): v
            for k, v in request.POST.items()
            if k.startswith("level_") and k.removeprefix("level_").isdigit()
        }
        try:
            followups.follow_up_complete(
                actor=request.user, follow_up=follow_up, levels=levels, answers=request.POST
            )
            messages.success(request, _("Follow-up saved."))
            return redirect("evaluation:follow_up_list")
        except DomainError as exc:
            errors = {e.field: e.reason for e in exc.errors}
    objectives = list(
        follow_up.enrolment.session.course.objectives.select_related("competency__framework__scale")
    )
    questions = selectors.template_questions(template=follow_up.template) if follow_up.template else []
    return render(
        request,
        "evaluation/follow_up.html",
        {
            "follow_up": follow_up,
            "objectives": [
                (
                    o,
                    f"level_{o.competency_id}",
                    range(o.competency.framework.scale.max_level + 1),
                    request.POST.get(f"level_{o.competency_id}", ""),
                    errors.get(f"level_{o.competency_id}"),
                )
                for o in objectives
            ],
            "questions": [
                (q, f"q{q.pk}", request.POST.get(f"q{q.pk}", ""), errors.get(f"q{q.pk}")) for q in questions
            ],
            "ratings": follow_up.ratings.select_related("competency"),
            "errors": errors,
            "likert": [1, 2, 3, 4, 5],
        },
        status=400 if errors else 200,
    )
