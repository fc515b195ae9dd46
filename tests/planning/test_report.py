"""The plan page's content: greedy beside the optimiser, costs by unit and competency, closure by
strategic objective, what is left and why, scenarios side by side."""

import datetime as dt

import pytest
from django.urls import reverse

from cadre.planning import selectors as sel
from cadre.planning import services
from cadre.strategy.services import objective_competency_link, objective_create
from cadre.tenancy.access import actor_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def solved(planned):
    a = planned.a
    objective = objective_create(
        actor=a.tm,
        administration=a.administration,
        title="Alpha smart enforcement",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2030, 12, 31),
    )
    objective_competency_link(actor=a.tm, objective=objective, competency=planned.competencies[0])
    objective_create(
        actor=a.tm,
        administration=a.administration,
        title="Alpha objective without links",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2030, 12, 31),
    )
    # a budget for one session and three of the officers: the others are left "not planned"
    plan = services.plan_create(
        actor=actor_for(a.tm),
        administration=a.administration,
        name="2027",
        year=2027,
        budget="130",
        snapshot_row=a.snapshot,
    )
    return services.plan_solve(actor=actor_for(a.tm), plan=plan, time_limit=5)


def test_report_adds_up_and_names_the_objective(planned, solved):
    report = sel.plan_report(user=actor_for(planned.a.tm), plan=solved)
    assert report is not None
    r = solved.result
    # greedy beside the optimiser, with the bound and the gap on the optimiser's side only
    methods = {m.label: (m.greedy, m.optimiser) for m in report.methods}
    assert methods["Objective (weighted gap closure)"] == (r["greedy_objective"], r["objective"])
    assert methods["Best bound proved"] == (None, r["bound"])
    # costs by unit and competency are the plan's cost, and name the unit and competency
    assert sum(v for _n, v in report.cost_by_unit) == pytest.approx(r["cost_total"])
    assert sum(v for _n, v in report.cost_by_competency) == pytest.approx(r["cost_total"])
    assert {n for n, _v in report.cost_by_unit} <= {u.name for u in planned.a.administration.org_units.all()}
    assert report.cost_by_competency[0][0].startswith(planned.competencies[0].code)
    # closure by objective: the linked competency's closure; the unlinked objective closes nothing
    closure = {o.name: o for o in report.objectives}
    assert closure["Alpha smart enforcement"].closed == pytest.approx(r["objective"], rel=1e-6)
    assert closure["Alpha objective without links"].demand == 0
    # what is left: officers not planned for lack of budget
    (left,) = report.unmet
    assert [label for label, _v, _n in left.reasons] == [str(sel.REASON_LABELS["not_planned"])]
    assert left.closed + left.left == pytest.approx(left.demand, rel=1e-6)


def test_plan_page_shows_the_report_and_scenarios_side_by_side(planned, solved, client_for):
    services.plan_scenarios_run(actor=actor_for(planned.a.tm), plan=solved, time_limit=1)
    page = client_for(planned.a.tm).get(reverse("planning:detail", args=[solved.pk])).content.decode()
    for text in (
        "Greedy baseline",
        "Best bound proved",
        "Cost by unit",
        "Cost by competency",
        "Gap closure by strategic objective",
        "Alpha smart enforcement",
        "What is left unmet, and why",
        "not planned (budget, seats, instructor-days, unit caps)",
        'id="scenarios"',
        "(×1.1)",
        "<svg",
    ):
        assert text in page, text
    # Beta's manager sees none of it
    assert client_for(planned.b.tm).get(reverse("planning:detail", args=[solved.pk])).status_code == 404


def test_no_report_before_the_first_solve(planned):
    plan = services.plan_create(
        actor=actor_for(planned.a.tm),
        administration=planned.a.administration,
        name="draft",
        year=2027,
        budget="100",
        snapshot_row=planned.a.snapshot,
    )
    assert sel.plan_report(user=actor_for(planned.a.tm), plan=plan) is None
