"""Read annual plans, their decisions and explanations, scoped to the administration's managers."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cadre.core.scoping import MANAGERS, get_scoped_or_404, scope_to_administrations
from cadre.people.selectors import officers_visible_to
from cadre.planning.models import AnnualPlan, PlannedAssignment, PlannedSession


def plans_for_user(*, user: Any) -> QuerySet[AnnualPlan]:
    return scope_to_administrations(AnnualPlan.objects.all(), user=user, roles=MANAGERS).select_related(
        "administration", "snapshot"
    )


def plan_get_for_user(*, user: Any, plan_id: int) -> AnnualPlan:
    return get_scoped_or_404(plans_for_user(user=user), pk=plan_id)


@dataclass
class UnitLine:
    name: str
    assignments: list[PlannedAssignment] = field(default_factory=list)

    @property
    def cost(self) -> float:
        return sum(float(a.course.cost_per_participant) for a in self.assignments)


@dataclass
class PlanDetail:
    plan: AnnualPlan
    sessions: list[PlannedSession]
    units: list[UnitLine]
    assignments: int


def plan_detail(*, user: Any, plan_id: int) -> PlanDetail:
    plan = plan_get_for_user(user=user, plan_id=plan_id)
    sessions = list(plan.sessions.select_related("course"))
    units: dict[int, UnitLine] = {}
    rows = plan.assignments.select_related("officer", "officer__org_unit", "course").order_by(
        "officer__org_unit__path", "period", "officer__family_name"
    )
    for a in rows:
        unit = a.officer.org_unit
        units.setdefault(unit.pk, UnitLine(name=unit.name)).assignments.append(a)
    return PlanDetail(plan=plan, sessions=sessions, units=list(units.values()), assignments=len(rows))


@dataclass
class Explanation:
    officer_id: int
    assigned: list[PlannedAssignment]
    reasons: list[str]
    rank: int | None
    ranked: int


def plan_officer_explanation(*, user: Any, plan_id: int, officer_id: int) -> Explanation:
    """Why an officer got a course, or why not: rank of their weighted gap, budget, eligibility."""
    from cadre.planning.services import plan_problem
    from cadre.planning.solver import candidates, officer_value

    plan = plan_get_for_user(user=user, plan_id=plan_id)
    get_scoped_or_404(
        officers_visible_to(user=user).filter(administration_id=plan.administration_id), pk=officer_id
    )
    problem = plan_problem(plan=plan)
    officers = {o.key: o for o in problem.officers}
    demand = sorted(
        ((sum(g.weight * (g.required - g.current) for g in o.gaps), o.key) for o in problem.officers),
        reverse=True,
    )
    rank = next((i + 1 for i, (_v, key) in enumerate(demand) if key == officer_id), None)
    assigned = list(plan.assignments.filter(officer_id=officer_id).select_related("course"))
    if rank is None and not assigned:
        return Explanation(
            officer_id, [], [_("No assessed gap in the plan's needs snapshot.")], None, len(demand)
        )
    reasons: list[str] = []
    courses = {c.key: c for c in problem.courses}
    for a in assigned:
        reasons.append(
            _("Assigned to %(course)s in period %(period)s: closes %(value).2f of weighted gap%(locked)s.")
            % {
                "course": a.course.code,
                "period": a.period + 1,
                "value": a.value,
                "locked": _(" (locked by hand)") if a.locked else "",
            }
        )
    if not assigned and rank is not None:
        officer = officers[officer_id]
        options = candidates(problem).get(officer_id, [])
        if not options:
            reasons.append(
                _("No eligible course closes any of the gaps (language, prerequisites or day cap).")
            )
        else:
            cheapest = min(
                options, key=lambda k: courses[k].participant_cost + courses[k].fixed_cost / courses[k].seats
            )
            c = courses[cheapest]
            spent = float(plan.result.get("cost_total", 0))
            reasons.append(
                _(
                    "Not assigned: weighted gap ranks %(rank)s of %(total)s; budget used %(spent).0f of %(budget).0f; "
                    "the cheapest helpful course (id %(course)s) costs %(cost).0f per participant plus %(fixed).0f "
                    "per session and would close %(value).2f."
                )
                % {
                    "rank": rank,
                    "total": len(demand),
                    "spent": spent,
                    "budget": float(plan.budget),
                    "course": cheapest,
                    "cost": c.participant_cost,
                    "fixed": c.fixed_cost,
                    "value": officer_value(officer, [c]),
                }
            )
    return Explanation(officer_id, assigned, reasons, rank, len(demand))


def sessions_by_period(*, sessions: list[PlannedSession], periods: int) -> list[list[PlannedSession]]:
    out: dict[int, list[PlannedSession]] = defaultdict(list)
    for s in sessions:
        out[s.period].append(s)
    return [out[p] for p in range(periods)]
