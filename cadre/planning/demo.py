"""Demo annual plan for the big administration: next year's plan from its latest needs snapshot, solved.

Small and fast: a modest budget (a handful of sessions) and a solver time limit of a few seconds,
so the demo loads quickly; the plan page then shows the quality gap, the greedy baseline and the
explanations, and the training manager can publish it. A second call changes nothing.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from cadre.needs.selectors import latest_snapshot
from cadre.planning.models import AnnualPlan
from cadre.planning.services import plan_create, plan_solve
from cadre.tenancy.access import Actor

if TYPE_CHECKING:
    from cadre.tenancy.models import Administration

DEMO_PLAN_NAME = "Annual training plan (demo)"
DEMO_BUDGET = Decimal("60000")
#: Seconds the solver may spend; the whole loader stays well under 10 s.
DEMO_TIME_LIMIT = 3


def load_planning_demo(*, big_administration: Administration, actor: Actor) -> AnnualPlan | None:
    """Create and solve the demo plan (or return the existing one); None without a finished snapshot."""
    existing = AnnualPlan.objects.filter(administration=big_administration, name=DEMO_PLAN_NAME).first()
    if existing is not None:
        return existing
    snapshot_row = latest_snapshot(administration_id=big_administration.pk)
    if snapshot_row is None:
        return None
    plan = plan_create(
        actor=actor,
        administration=big_administration,
        name=DEMO_PLAN_NAME,
        year=timezone.localdate().year + 1,
        budget=DEMO_BUDGET,
        snapshot_row=snapshot_row,
    )
    plan.time_limit = DEMO_TIME_LIMIT
    plan.save(update_fields=["time_limit"])
    return plan_solve(actor=actor, plan=plan, time_limit=DEMO_TIME_LIMIT)
