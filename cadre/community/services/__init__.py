"""Write regional events, calls for nominations, selections and the expert pool.

Regional roles (coordinator, regional admin) run events and select; an administration's focal
point (its training manager or admin: the ``MANAGERS`` roles, see docs/community.md) nominates
within its quota. Every write is audited. One module per entity: ``events``, ``nominations``,
``experts``.
"""

from cadre.community.services._common import WORKSHOP_QUESTIONS
from cadre.community.services.events import (
    agenda_item_add,
    call_open,
    event_create,
    event_evaluation_send,
    event_mark_held,
    material_add,
    outcome_record,
    outcome_start_practice,
)
from cadre.community.services.experts import (
    STAGE_ORDER,
    expert_advance,
    expert_register,
    mission_decide,
    mission_request,
)
from cadre.community.services.nominations import (
    attendance_record,
    nomination_create,
    nomination_decline,
    nomination_select,
    nomination_waitlist,
    nomination_withdraw,
    selection_close,
)

__all__ = [
    "STAGE_ORDER",
    "WORKSHOP_QUESTIONS",
    "agenda_item_add",
    "attendance_record",
    "call_open",
    "event_create",
    "event_evaluation_send",
    "event_mark_held",
    "expert_advance",
    "expert_register",
    "material_add",
    "mission_decide",
    "mission_request",
    "nomination_create",
    "nomination_decline",
    "nomination_select",
    "nomination_waitlist",
    "nomination_withdraw",
    "outcome_record",
    "outcome_start_practice",
    "selection_close",
]
