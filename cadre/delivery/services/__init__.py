"""Delivery writes, one module per entity; import them from here.

Instructors and sessions, the delivery policy, calendar tokens, and the enrolment workflow
(requests, nominations, approvals, seats, attendance, completions). Every change is audited.
"""

from cadre.delivery.services.attendance import attendance_record
from cadre.delivery.services.calendars import calendar_token_hash, calendar_token_issue, calendar_token_revoke
from cadre.delivery.services.completions import (
    ResultRow,
    completion_evidence_record,
    completion_record,
    session_results_record,
)
from cadre.delivery.services.enrolments import (
    enrolment_approve,
    enrolment_cancel,
    enrolment_confirm,
    enrolment_nominate,
    enrolment_nominate_planned,
    enrolment_reject,
    enrolment_request,
    enrolment_waitlist,
    waiting_list_promote,
)
from cadre.delivery.services.instructors import (
    QualificationInput,
    instructor_availability_add,
    instructor_create,
    instructor_update,
)
from cadre.delivery.services.policy import delivery_policy_set
from cadre.delivery.services.sessions import session_cancel, session_create, session_update

__all__ = [
    "QualificationInput",
    "ResultRow",
    "attendance_record",
    "calendar_token_hash",
    "calendar_token_issue",
    "calendar_token_revoke",
    "completion_evidence_record",
    "completion_record",
    "delivery_policy_set",
    "enrolment_approve",
    "enrolment_cancel",
    "enrolment_confirm",
    "enrolment_nominate",
    "enrolment_nominate_planned",
    "enrolment_reject",
    "enrolment_request",
    "enrolment_waitlist",
    "instructor_availability_add",
    "instructor_create",
    "instructor_update",
    "session_cancel",
    "session_create",
    "session_results_record",
    "session_update",
    "waiting_list_promote",
]
