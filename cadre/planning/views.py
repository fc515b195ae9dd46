"""Annual plan pages: list and create, detail with costs and assignments, locks, scenarios, explanations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cadre.core.errors import DomainError, not_found_as
from cadre.needs.selectors import managed_administration, snapshot_get_for_user
from cadre.planning import selectors as sel
from cadre.planning import services
from cadre.planning.charts import sweep_svg


def _int(raw: str | None) -> int | None:
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError as exc:
        raise Http404("Not found") from exc


@require_GET
@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    administration = managed_administration(
        user=request.user, administration_id=_int(request.GET.get("administration"))
    )
    plans = sel.plans_for_user(user=request.user).filter(administration=administration)[:100]
    return render(request, "planning/plan_list.html", {"administration": administration, "plans": plans})


@require_POST
@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    administration = managed_administration(
        user=request.user, administration_id=_int(request.POST.get("administration"))
    )
    data = request.POST
    try:
        with not_found_as("snapshot_id"):
            snap = snapshot_get_for_user(user=request.user, snapshot_id=_int(data.get("snapshot_id")) or 0)
        plan = services.plan_create(
            actor=request.user,
            administration=administration,
            name=data.get("name", ""),
            year=_int(data.get("year")) or 0,
            budget=data.get("budget", ""),
            snapshot_row=snap,
            period_kind=data.get("period_kind", "quarter"),
            officer_day_cap=data.get("officer_day_cap", "10"),
        )
    except DomainError as exc:
        plans = sel.plans_for_user(user=request.user).filter(administration=administration)[:100]
        return render(
            request,
            "planning/plan_list.html",
            {"administration": administration, "plans": plans, "error": exc},
            status=exc.status,
        )
    return redirect("planning:detail", plan_id=plan.pk)


@require_GET
@login_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    detail = sel.plan_detail(user=request.user, plan_id=plan_id)
    plan = detail.plan
    return render(
        request,
        "planning/plan_detail.html",
        {
            "detail": detail,
            "plan": plan,
            "by_period": sel.sessions_by_period(sessions=detail.sessions, periods=plan.periods),
            "chart": sweep_svg(plan.scenarios.get("sweep", [])),
        },
    )


@require_POST
@login_required
def plan_solve(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = sel.plan_get_for_user(user=request.user, plan_id=plan_id)
    services.plan_solve(actor=request.user, plan=plan)
    return redirect("planning:detail", plan_id=plan.pk)


@require_POST
@login_required
def plan_scenarios(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = sel.plan_get_for_user(user=request.user, plan_id=plan_id)
    services.plan_scenarios_run(actor=request.user, plan=plan)
    return redirect("planning:detail", plan_id=plan.pk)


@require_POST
@login_required
def assignment_lock(request: HttpRequest, plan_id: int, assignment_id: int) -> HttpResponse:
    plan = sel.plan_get_for_user(user=request.user, plan_id=plan_id)
    try:
        services.plan_assignment_lock(
            actor=request.user,
            plan=plan,
            assignment_id=assignment_id,
            locked=request.POST.get("locked") == "1",
        )
    except DomainError as exc:
        raise Http404("Not found") from exc
    return redirect("planning:detail", plan_id=plan.pk)


@require_POST
@login_required
def session_lock(request: HttpRequest, plan_id: int, session_id: int) -> HttpResponse:
    plan = sel.plan_get_for_user(user=request.user, plan_id=plan_id)
    try:
        services.plan_session_lock(
            actor=request.user, plan=plan, session_id=session_id, locked=request.POST.get("locked") == "1"
        )
    except DomainError as exc:
        raise Http404("Not found") from exc
    return redirect("planning:detail", plan_id=plan.pk)


@require_GET
@login_required
def officer_explanation(request: HttpRequest, plan_id: int, officer_id: int) -> HttpResponse:
    explanation = sel.plan_officer_explanation(user=request.user, plan_id=plan_id, officer_id=officer_id)
    plan = sel.plan_get_for_user(user=request.user, plan_id=plan_id)
    return render(request, "planning/explanation.html", {"plan": plan, "explanation": explanation})


@require_POST
@login_required
def plan_publish(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = sel.plan_get_for_user(user=request.user, plan_id=plan_id)
    try:
        result = services.plan_publish(actor=request.user, plan=plan)
    except DomainError as exc:
        messages.error(request, "; ".join(f"{e.field}: {e.reason}" for e in exc.errors) or exc.detail)
        return redirect("planning:detail", plan_id=plan.pk)
    messages.success(
        request,
        _("Published: %(sessions)s new sessions, %(nominations)s new nominations, %(skipped)s not nominated.")
        % {
            "sessions": result.sessions_created,
            "nominations": result.nominations_created,
            "skipped": len(result.skipped),
        },
    )
    return redirect("planning:detail", plan_id=plan.pk)
