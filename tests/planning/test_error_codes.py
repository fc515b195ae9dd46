"""Every refusal of planning's services carries a stable code (one per service module at least)."""

import pytest

from cadre.core.errors import DomainError, NotFound
from cadre.planning import budgets, runs, services
from cadre.planning import selectors as sel
from cadre.planning.amounts import decimal_amount
from cadre.planning.models import PlanRun
from cadre.tenancy.access import actor_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(planned):
    return services.plan_create(
        actor=actor_for(planned.a.tm),
        administration=planned.a.administration,
        name="2027",
        year=2027,
        budget="5000",
        snapshot_row=planned.a.snapshot,
    )


def _code(call) -> str:
    with pytest.raises(DomainError) as err:
        call()
    return err.value.code


def test_plan_and_capacity_refusals_have_codes(planned, plan):
    # Given a plan / when a bad plan or a bad capacity is entered / then each names its code
    bad_plan = _code(
        lambda: services.plan_create(
            actor=actor_for(planned.a.tm),
            administration=planned.a.administration,
            name=" ",
            year=2027,
            budget="5000",
            snapshot_row=planned.a.snapshot,
        )
    )
    assert bad_plan == "plan.invalid"
    bad_capacity = _code(
        lambda: services.plan_capacity_set(
            actor=actor_for(planned.a.tm), plan=plan, qualification="RISK", period=9, days="2"
        )
    )
    assert bad_capacity == "instructor_capacity.invalid"


def test_publishing_a_draft_and_bad_unit_budgets_have_codes(planned, plan):
    # Given an unsolved plan / when it is published, or a unit budget is not a number
    assert _code(lambda: services.plan_publish(actor=actor_for(planned.a.tm), plan=plan)) == "plan.not_solved"
    unit = planned.a.hq
    bad_budget = _code(
        lambda: budgets.unit_budget_set(
            actor=actor_for(planned.a.tm), plan=plan, org_unit_id=unit.pk, amount="x"
        )
    )
    # Then the refusal names what was wrong, and an amount's own check its own code
    assert bad_budget == "unit_budget.invalid"
    assert _code(lambda: decimal_amount("-1", "budget")) == "amount.negative"
    assert _code(lambda: decimal_amount("0", "cap", positive=True)) == "amount.not_positive"


def test_run_refusals_have_codes(planned, plan):
    # Given a plan / when a run of an unknown kind is asked, or a finished run is cancelled
    assert (
        _code(lambda: runs.plan_run_request(actor=actor_for(planned.a.tm), plan=plan, kind="x"))
        == "plan_run.kind_invalid"
    )
    run = runs.plan_run_request(actor=actor_for(planned.a.tm), plan=plan, background=False)
    PlanRun.objects.filter(pk=run.pk).update(status=PlanRun.Status.DONE)
    run.refresh_from_db()
    # Then each refusal carries its code
    assert (
        _code(lambda: runs.plan_run_cancel(actor=actor_for(planned.a.tm), run=run)) == "plan_run.not_active"
    )
    with pytest.raises(NotFound) as err:
        sel.plan_run_input(user=actor_for(planned.a.tm), plan_id=plan.pk, run_id=run.pk)
    assert err.value.code == "plan_run.input_not_found"
