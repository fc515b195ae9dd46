"""Planning's services (its writes), by entity: plans, locks, solving, publishing.

``plan_problem`` (the solver's input, cadre.planning.instances), ``plan_store_result``
(cadre.planning.storing) and ``SWEEP`` (cadre.planning.execution) are named here too, for callers that
know planning only by its services.
"""

from __future__ import annotations

from cadre.planning.execution import SWEEP
from cadre.planning.instances import plan_problem
from cadre.planning.services.locks import plan_assignment_lock, plan_session_lock
from cadre.planning.services.plans import (
    plan_capacity_derive,
    plan_capacity_set,
    plan_check,
    plan_create,
)
from cadre.planning.services.publishing import (
    PUBLISHED_VENUE,
    SESSION_END,
    SESSION_START,
    PublishResult,
    period_first_day,
    plan_publish,
    session_times,
)
from cadre.planning.services.solving import plan_scenarios_run, plan_solve
from cadre.planning.storing import plan_store_result

__all__ = [
    "PUBLISHED_VENUE",
    "SESSION_END",
    "SESSION_START",
    "SWEEP",
    "PublishResult",
    "period_first_day",
    "plan_assignment_lock",
    "plan_capacity_derive",
    "plan_capacity_set",
    "plan_check",
    "plan_create",
    "plan_problem",
    "plan_publish",
    "plan_scenarios_run",
    "plan_session_lock",
    "plan_solve",
    "plan_store_result",
    "session_times",
]
