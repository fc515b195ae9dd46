"""Plan creation, solving from the database, locks kept on re-solve, scenarios, explanations."""

import pytest

from cadre.core.errors import DomainError
from cadre.planning import selectors as sel
from cadre.planning import services
from cadre.planning.models import AnnualPlan
from cadre.tenancy.access import actor_for
from tests.support.errors import NOT_FOUND

pytestmark = pytest.mark.django_db


def _plan(world, budget="5000"):
    return services.plan_create(
        actor=actor_for(world.a.tm),
        administration=world.a.administration,
        name="2027",
        year=2027,
        budget=budget,
        snapshot_row=world.a.snapshot,
    )


def test_create_reports_every_bad_field_and_stores_nothing(planned):
    with pytest.raises(DomainError) as err:
        services.plan_create(
            actor=actor_for(planned.a.tm),
            administration=planned.a.administration,
            name=" ",
            year=1990,
            budget="-1",
            snapshot_row=planned.b.snapshot,
            period_kind="week",
        )
    fields = {e.field for e in err.value.errors}
    assert fields == {"name", "year", "budget", "period_kind", "snapshot_id"}
    assert not AnnualPlan.objects.exists()


def test_create_derives_instructor_days(planned):
    plan = _plan(planned)
    assert plan.capacities.filter(qualification="RISK").count() == 4


def test_solve_respects_budget_and_reports_bound(planned):
    # given a budget for one session and three participants
    plan = _plan(planned, budget=str(100 + 2 * 2 * 0 + 3 * 10))
    # when solved
    services.plan_solve(actor=actor_for(planned.a.tm), plan=plan, time_limit=5)
    plan.refresh_from_db()
    # then three officers are planned, within budget, and the gap to the bound is reported
    assert plan.status == AnnualPlan.Status.SOLVED
    assert plan.result["cost_total"] <= float(plan.budget)
    assert plan.assignments.count() == 3
    assert plan.result["gap_pct"] is not None
    assert services.plan_check(plan=plan) == []


def test_locked_assignment_survives_resolve(planned):
    plan = _plan(planned)
    services.plan_solve(actor=actor_for(planned.a.tm), plan=plan, time_limit=5)
    row = plan.assignments.order_by("pk").first()
    services.plan_assignment_lock(actor=actor_for(planned.a.tm), plan=plan, assignment_id=row.pk, locked=True)
    services.plan_solve(actor=actor_for(planned.a.tm), plan=plan, time_limit=5)
    assert plan.assignments.filter(
        officer_id=row.officer_id, course_id=row.course_id, period=row.period, locked=True
    ).exists()


def test_foreign_manager_cannot_solve_or_lock(planned):
    plan = _plan(planned)
    services.plan_solve(actor=actor_for(planned.a.tm), plan=plan, time_limit=5)
    row = plan.assignments.first()
    with pytest.raises(NOT_FOUND):
        services.plan_solve(actor=actor_for(planned.b.tm), plan=plan)
    with pytest.raises(NOT_FOUND):
        services.plan_assignment_lock(
            actor=actor_for(planned.b.tm), plan=plan, assignment_id=row.pk, locked=True
        )
    row.refresh_from_db()
    assert not row.locked
    with pytest.raises(NOT_FOUND):
        sel.plan_get_for_user(user=actor_for(planned.b.tm), plan_id=plan.pk)


def test_scenarios_and_explanation(planned):
    plan = _plan(planned, budget="120")
    services.plan_solve(actor=actor_for(planned.a.tm), plan=plan, time_limit=5)
    services.plan_scenarios_run(actor=actor_for(planned.a.tm), plan=plan, time_limit=2)
    sweep = plan.scenarios["sweep"]
    assert [p["objective"] for p in sweep] == sorted(p["objective"] for p in sweep)
    assert "RISK|0" in plan.scenarios["duals"]["instructor_day"]
    assigned = set(plan.assignments.values_list("officer_id", flat=True))
    left = next(o for o in planned.a.officers if o.pk not in assigned)
    explanation = sel.plan_officer_explanation(
        user=actor_for(planned.a.tm), plan_id=plan.pk, officer_id=left.pk
    )
    assert "ranks" in explanation.reasons[0]
    with pytest.raises(NOT_FOUND):
        sel.plan_officer_explanation(
            user=actor_for(planned.a.tm), plan_id=plan.pk, officer_id=planned.b.officers[0].pk
        )
