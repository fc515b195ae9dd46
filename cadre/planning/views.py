"""Annual plan pages: list and create, detail with costs and assignments, locks, scenarios, explanations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cadre.core.errors import DomainError, not_found_as
from cadre.core.http import HtmxHttpRequest
from cadre.needs.selectors import snapshot_get_for_user
from cadre.planning import budgets, runs, services
from cadre.planning import selectors as sel
from cadre.planning.charts import bars_svg, closure_svg, sweep_svg
from cadre.planning.forms import UnitBudgetForm
from cadre.planning.listings import ASSIGNMENTS, PLANS, plans_with_result_figures
from cadre.tenancy.access import actor_for
from cadre.tenancy.selectors import managed_administration


def _int(raw: str | None) -> int | None:
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError as exc:
        raise Http404("Not found") from exc


@require_GET
@login_required
def plan_list(request: HttpRequest) -> HttpResponseBase:
    administration = managed_administration(
        user=request.user, administration_id=_int(request.GET.get("administration"))
    )
    plans = plans_with_result_figures(
        sel.plans_for_user(user=actor_for(request.user)).filter(administration=administration)
    )
    result = PLANS.respond(request, plans)
    if isinstance(result, HttpResponseBase):
        return result
    return render(request, "planning/plan_list.html", {"administration": administration, "listing": result})


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
            actor=actor_for(request.user),
            administration=administration,
            name=data.get("name", ""),
            year=_int(data.get("year")) or 0,
            budget=data.get("budget", ""),
            snapshot_row=snap,
            period_kind=data.get("period_kind", "quarter"),
            officer_day_cap=data.get("officer_day_cap", "10"),
        )
    except DomainError as exc:
        plans = sel.plans_for_user(user=actor_for(request.user)).filter(administration=administration)[:100]
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
    detail = sel.plan_detail(user=actor_for(request.user), plan_id=plan_id)
    plan = detail.plan
    report = sel.plan_report(user=actor_for(request.user), plan=plan)
    charts = {}
    if report is not None:
        charts = {
            "units": bars_svg(report.cost_by_unit, label=_("Cost by unit")),
            "competencies": bars_svg(report.cost_by_competency, label=_("Cost by competency")),
            "objectives": closure_svg(
                [(o.name, o.closed, o.demand) for o in report.objectives],
                label=_("Gap closure by strategic objective"),
            ),
        }
    return render(
        request,
        "planning/plan_detail.html",
        {
            "detail": detail,
            "plan": plan,
            "report": report,
            "charts": charts,
            "runs": sel.plan_runs(plan=plan),
            "active_run": sel.plan_active_run(plan=plan),
            "by_period": sel.sessions_by_period(sessions=detail.sessions, periods=plan.periods),
            "chart": sweep_svg(plan.scenarios.get("sweep", [])),
        },
    )


def _request_run(request: HttpRequest, plan_id: int, kind: str, source_id: int | None = None) -> HttpResponse:
    plan = sel.plan_get_for_user(user=actor_for(request.user), plan_id=plan_id)
    source = None
    if source_id is not None:
        source = sel.plan_run_get_for_user(user=actor_for(request.user), plan_id=plan.pk, run_id=source_id)
    try:
        run = runs.plan_run_request(actor=actor_for(request.user), plan=plan, kind=kind, source=source)
    except DomainError as exc:
        messages.error(request, "; ".join(f"{e.field}: {e.reason}" for e in exc.errors) or exc.detail)
        return redirect("planning:detail", plan_id=plan.pk)
    return redirect(f"{reverse('planning:detail', args=[plan.pk])}#run-{run.pk}")


@require_POST
@login_required
def plan_solve(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _request_run(request, plan_id, "solve")


@require_POST
@login_required
def plan_scenarios(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _request_run(request, plan_id, "scenarios")


@require_POST
@login_required
def run_reproduce(request: HttpRequest, plan_id: int, run_id: int) -> HttpResponse:
    return _request_run(request, plan_id, "reproduce", source_id=run_id)


@require_GET
@login_required
def run_status(request: HtmxHttpRequest, plan_id: int, run_id: int) -> HttpResponse:
    """The run's progress: a fragment the plan page polls every second while the run is active."""
    run = sel.plan_run_get_for_user(user=actor_for(request.user), plan_id=plan_id, run_id=run_id)
    template = "planning/_run_status.html" if request.htmx else "planning/run_detail.html"
    return render(request, template, {"run": run, "plan": run.plan})


@require_POST
@login_required
def run_cancel(request: HttpRequest, plan_id: int, run_id: int) -> HttpResponse:
    run = sel.plan_run_get_for_user(user=actor_for(request.user), plan_id=plan_id, run_id=run_id)
    try:
        run = runs.plan_run_cancel(actor=actor_for(request.user), run=run)
    except DomainError as exc:
        messages.error(request, "; ".join(f"{e.field}: {e.reason}" for e in exc.errors) or exc.detail)
    if getattr(request, "htmx", False):
        return render(request, "planning/_run_status.html", {"run": run, "plan": run.plan})
    return redirect("planning:detail", plan_id=run.plan_id)


@require_GET
@login_required
def run_input(request: HttpRequest, plan_id: int, run_id: int) -> HttpResponse:
    """The solver input stored with a run, as a JSON download (to reproduce it elsewhere)."""
    body = sel.plan_run_input(user=actor_for(request.user), plan_id=plan_id, run_id=run_id)
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="plan-{plan_id}-run-{run_id}-input.json"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def plan_resources(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Budgets per org unit and instructor-days per qualification and period: list, add, change."""
    plan = sel.plan_get_for_user(user=actor_for(request.user), plan_id=plan_id)
    error, status = None, 200
    if request.method == "POST":
        data = request.POST
        try:
            if data.get("form") == "capacity":
                services.plan_capacity_set(
                    actor=actor_for(request.user),
                    plan=plan,
                    qualification=data.get("qualification", ""),
                    period=_period(data.get("period")),
                    days=data.get("days", ""),
                )
            else:
                units = sel.plan_resources(user=actor_for(request.user), plan=plan)["units"]
                budgets.unit_budget_set(
                    actor=actor_for(request.user),
                    plan=plan,
                    org_unit_id=UnitBudgetForm(data, units=units).unit_id(),
                    amount=data.get("amount", ""),
                )
        except DomainError as exc:
            error, status = exc, exc.status
        else:
            messages.success(request, _("Saved."))
            return redirect("planning:resources", plan_id=plan.pk)
    resources = sel.plan_resources(user=actor_for(request.user), plan=plan)
    return render(
        request,
        "planning/resources.html",
        {"plan": plan, "error": error, **resources, "unit_form": UnitBudgetForm(units=resources["units"])},
        status=status,
    )


def _period(raw: str | None) -> int:
    """A 1-based period from a form, as the 0-based index the plan stores (-1: not a number)."""
    try:
        return int(raw or "") - 1
    except ValueError:
        return -1


@require_POST
@login_required
def budget_remove(request: HttpRequest, plan_id: int, budget_id: int) -> HttpResponse:
    plan = sel.plan_get_for_user(user=actor_for(request.user), plan_id=plan_id)
    try:
        budgets.unit_budget_remove(actor=actor_for(request.user), plan=plan, budget_id=budget_id)
    except DomainError as exc:
        raise Http404("Not found") from exc
    messages.success(request, _("Unit budget removed."))
    return redirect("planning:resources", plan_id=plan.pk)


@require_GET
@login_required
def plan_assignments(request: HttpRequest, plan_id: int) -> HttpResponseBase:
    """The plan's assignments, a page at a time, each with its lock."""
    plan = sel.plan_get_for_user(user=actor_for(request.user), plan_id=plan_id)
    result = ASSIGNMENTS.respond(request, sel.plan_assignments(plan=plan))
    if isinstance(result, HttpResponseBase):
        return result
    return render(request, "planning/plan_assignments.html", {"plan": plan, "listing": result})


@require_POST
@login_required
def assignment_lock(request: HttpRequest, plan_id: int, assignment_id: int) -> HttpResponse:
    plan = sel.plan_get_for_user(user=actor_for(request.user), plan_id=plan_id)
    try:
        services.plan_assignment_lock(
            actor=actor_for(request.user),
            plan=plan,
            assignment_id=assignment_id,
            locked=request.POST.get("locked") == "1",
        )
    except DomainError as exc:
        raise Http404("Not found") from exc
    back = request.POST.get("next", "")
    if back.startswith(reverse("planning:assignments", args=[plan.pk])):  # only back to this plan's list
        return redirect(back)
    return redirect("planning:detail", plan_id=plan.pk)


@require_POST
@login_required
def session_lock(request: HttpRequest, plan_id: int, session_id: int) -> HttpResponse:
    plan = sel.plan_get_for_user(user=actor_for(request.user), plan_id=plan_id)
    try:
        services.plan_session_lock(
            actor=actor_for(request.user),
            plan=plan,
            session_id=session_id,
            locked=request.POST.get("locked") == "1",
        )
    except DomainError as exc:
        raise Http404("Not found") from exc
    return redirect("planning:detail", plan_id=plan.pk)


@require_GET
@login_required
def officer_explanation(request: HttpRequest, plan_id: int, officer_id: int) -> HttpResponse:
    explanation = sel.plan_officer_explanation(
        user=actor_for(request.user), plan_id=plan_id, officer_id=officer_id
    )
    plan = sel.plan_get_for_user(user=actor_for(request.user), plan_id=plan_id)
    return render(request, "planning/explanation.html", {"plan": plan, "explanation": explanation})


@require_POST
@login_required
def plan_publish(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = sel.plan_get_for_user(user=actor_for(request.user), plan_id=plan_id)
    try:
        result = services.plan_publish(actor=actor_for(request.user), plan=plan)
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
