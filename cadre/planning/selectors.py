"""Read annual plans, their decisions and explanations, scoped to the administration's managers."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext as _

from cadre.core.errors import NotFound
from cadre.people.selectors import officers_visible_to
from cadre.planning.instances import plan_problem
from cadre.planning.models import AnnualPlan, PlannedAssignment, PlannedSession, PlanRun
from cadre.planning.solver import candidates, officer_value
from cadre.planning.solver.problem_io import problem_json_bytes
from cadre.strategy.selectors import objectives_of_administration
from cadre.tenancy.access import MANAGERS, Actor, get_scoped_or_404, scope_to_administrations
from cadre.tenancy.selectors import org_units_for_user


def plans_for_user(*, user: Actor) -> QuerySet[AnnualPlan]:
    return scope_to_administrations(AnnualPlan.objects.all(), user=user, roles=MANAGERS).select_related(
        "administration", "snapshot"
    )


def plan_get_for_user(*, user: Actor, plan_id: int) -> AnnualPlan:
    return get_scoped_or_404(plans_for_user(user=user), pk=plan_id)


@dataclass(frozen=True)
class UnitLine:
    unit_id: int
    name: str
    assignments: int
    cost: float  # the per-participant costs of the unit's assignments


@dataclass
class PlanDetail:
    plan: AnnualPlan
    sessions: list[PlannedSession]
    units: list[UnitLine]
    assignments: int


def plan_detail(*, user: Actor, plan_id: int) -> PlanDetail:
    """The plan with its sessions and, per unit, how many assignments and what they cost (one query)."""
    plan = plan_get_for_user(user=user, plan_id=plan_id)
    sessions = list(plan.sessions.select_related("course"))
    per_unit = (
        plan.assignments.values("officer__org_unit_id", "officer__org_unit__name", "officer__org_unit__path")
        .annotate(count=Count("pk"), cost=Sum("course__cost_per_participant"))
        .order_by("officer__org_unit__path")
    )
    units = [
        UnitLine(
            unit_id=row["officer__org_unit_id"],
            name=row["officer__org_unit__name"],
            assignments=row["count"],
            cost=float(row["cost"] or 0),
        )
        for row in per_unit
    ]
    return PlanDetail(
        plan=plan, sessions=sessions, units=units, assignments=sum(u.assignments for u in units)
    )


def plan_assignments(*, plan: AnnualPlan) -> QuerySet[PlannedAssignment]:
    """The plan's assignments with their officer, unit and course, for the assignments list."""
    return plan.assignments.select_related("officer", "officer__org_unit", "course")


@dataclass
class Explanation:
    officer_id: int
    assigned: list[PlannedAssignment]
    reasons: list[str]
    rank: int | None
    ranked: int


def plan_officer_explanation(*, user: Actor, plan_id: int, officer_id: int) -> Explanation:
    """Why an officer got a course, or why not: rank of their weighted gap, budget, eligibility."""

    plan = plan_get_for_user(user=user, plan_id=plan_id)
    get_scoped_or_404(
        officers_visible_to(user=user.user).filter(administration_id=plan.administration_id), pk=officer_id
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


# --- runs ---------------------------------------------------------------------------------------


def plan_run_get_for_user(*, user: Actor, plan_id: int, run_id: int) -> PlanRun:
    """A run of a plan the user manages (404 for a foreign or missing plan or run, alike)."""
    plan = plan_get_for_user(user=user, plan_id=plan_id)
    return get_scoped_or_404(plan.runs.select_related("plan", "source").defer("problem"), pk=run_id)


def plan_runs(*, plan: AnnualPlan, limit: int = 8) -> list[PlanRun]:
    return list(plan.runs.defer("problem").select_related("requested_by")[:limit])


def plan_active_run(*, plan: AnnualPlan) -> PlanRun | None:
    return plan.runs.defer("problem").filter(status__in=PlanRun.ACTIVE).first()


def plan_run_input(*, user: Actor, plan_id: int, run_id: int) -> bytes:
    """The stored solver input of a run, as JSON (404 when the run stored none)."""
    run = plan_run_get_for_user(user=user, plan_id=plan_id, run_id=run_id)
    blob = PlanRun.objects.filter(pk=run.pk).values_list("problem", flat=True).first()
    if not blob:
        raise NotFound(code="plan_run.input_not_found")
    return problem_json_bytes(blob)


# --- what the plan buys --------------------------------------------------------------------------

REASON_LABELS = {
    "no_course": _("no course reaches it"),
    "not_eligible": _("no eligible course (language, prerequisites, day cap)"),
    "not_planned": _("not planned (budget, seats, instructor-days, unit caps)"),
}


@dataclass
class Closure:
    name: str
    demand: float
    closed: float
    competencies: int = 0

    @property
    def pct(self) -> float:
        return self.closed / self.demand * 100 if self.demand else 0.0


@dataclass
class Unmet:
    name: str
    demand: float
    closed: float
    reasons: list[tuple[str, float, int]]  # label, weighted gap left, officers

    @property
    def left(self) -> float:
        return sum(v for _r, v, _n in self.reasons)


@dataclass(frozen=True)
class MethodFigure:
    """One figure of the greedy baseline beside the optimiser; ``kind`` tells how to format it."""

    label: str
    kind: str  # count, money, percent, seconds, number
    greedy: Any
    optimiser: Any


@dataclass
class PlanReport:
    cost_by_unit: list[tuple[str, float]]
    cost_by_competency: list[tuple[str, float]]
    cost_unallocated: float
    competencies: list[Closure]
    objectives: list[Closure]
    unmet: list[Unmet]
    methods: list[MethodFigure]


def plan_report(*, user: Actor, plan: AnnualPlan) -> PlanReport | None:
    """Costs by unit and competency, closure by competency and strategic objective, what is left, and
    greedy beside the optimiser; from the breakdown stored with the last solve (None before it)."""

    b = (plan.result or {}).get("breakdown")
    if not b:
        return None
    units, comps = b.get("unit_names", {}), b.get("competency_names", {})
    per_comp = b.get("competencies", {})
    closures = [Closure(comps.get(c, c), v["demand"], v["closed"]) for c, v in per_comp.items()]
    objectives = []
    links = objectives_of_administration(
        user=user.user, administration_id=plan.administration_id
    ).prefetch_related("competency_links")
    for objective in links.order_by("-priority_weight", "title"):
        ids = {str(link.competency_id) for link in objective.competency_links.all()} & set(per_comp)
        objectives.append(
            Closure(
                getattr(objective, "title_tr", None) or objective.title,
                sum(per_comp[c]["demand"] for c in ids),
                sum(per_comp[c]["closed"] for c in ids),
                len(ids),
            )
        )
    unmet = [
        Unmet(
            comps.get(c, c),
            v["demand"],
            v["closed"],
            [
                (str(REASON_LABELS[r]), v["left"][r], v["officers_left"][r])
                for r in REASON_LABELS
                if v["left"].get(r, 0) > 1e-9
            ],
        )
        for c, v in per_comp.items()
    ]
    unmet = sorted((u for u in unmet if u.reasons), key=lambda u: -u.left)
    g, o = plan.result.get("greedy", {}), plan.result.get("optimiser", {})
    methods = [
        MethodFigure(_("Objective (weighted gap closure)"), "number", g.get("objective"), o.get("objective")),
        MethodFigure(_("Best bound proved"), "number", None, o.get("bound")),
        MethodFigure(_("Gap to bound (%)"), "percent", None, o.get("gap_pct")),
        MethodFigure(_("Cost"), "money", g.get("cost_total"), o.get("cost_total")),
        MethodFigure(_("Sessions"), "count", g.get("sessions"), o.get("sessions")),
        MethodFigure(_("Officers assigned"), "count", g.get("officers_assigned"), o.get("officers_assigned")),
        MethodFigure(_("Seconds"), "seconds", g.get("seconds"), o.get("seconds")),
    ]
    return PlanReport(
        cost_by_unit=[(units.get(u, u), v) for u, v in b.get("cost_by_unit", {}).items()],
        cost_by_competency=[(comps.get(c, c), v) for c, v in b.get("cost_by_competency", {}).items()],
        cost_unallocated=b.get("cost_unallocated", 0.0),
        competencies=closures,
        objectives=objectives,
        unmet=unmet,
        methods=methods,
    )


def plan_resources(*, user: Actor, plan: AnnualPlan) -> dict[str, Any]:
    """Unit budgets, the org units one may be set for, and instructor-days per qualification."""

    units = org_units_for_user(user=user.user, roles=MANAGERS).filter(
        administration_id=plan.administration_id
    )
    capacity: dict[str, list[Any]] = {}
    for row in plan.capacities.all():
        capacity.setdefault(row.qualification, [None] * plan.periods)
        if row.period < plan.periods:
            capacity[row.qualification][row.period] = row
    return {
        "budgets": list(plan.unit_budgets.select_related("org_unit").order_by("org_unit__path")),
        "units": units.order_by("path"),  # offered through a picker: never loaded whole
        "capacity": sorted(capacity.items()),
        "period_numbers": list(range(1, plan.periods + 1)),
    }
