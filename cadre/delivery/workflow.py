"""The enrolment workflow, kept importable for callers: it now lives in ``cadre.delivery.services``."""

from cadre.delivery.services import (
    ResultRow,
    attendance_record,
    completion_evidence_record,
    completion_record,
    enrolment_approve,
    enrolment_cancel,
    enrolment_confirm,
    enrolment_nominate,
    enrolment_nominate_planned,
    enrolment_reject,
    enrolment_request,
    enrolment_waitlist,
    session_results_record,
    waiting_list_promote,
)

__all__ = [
    "ResultRow",
    "attendance_record",
    "completion_evidence_record",
    "completion_record",
    "enrolment_approve",
    "enrolment_cancel",
    "enrolment_confirm",
    "enrolment_nominate",
    "enrolment_nominate_planned",
    "enrolment_reject",
    "enrolment_request",
    "enrolment_waitlist",
    "session_results_record",
    "waiting_list_promote",
]
