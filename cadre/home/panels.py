"""Each role's panel: the queues that wait for it, gathered from the owning apps' selectors.

Every queue costs a fixed number of queries (``cadre.core.queues.waiting``), so a panel's query count
does not grow with the number of waiting items.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from cadre.community.queues import calls_closing, missions_awaiting_decision
from cadre.competencies.selectors import officers_gap_counts, pending_validations_for
from cadre.core.queues import waiting
from cadre.delivery.queues import (
    enrolments_awaiting_approval,
    enrolments_awaiting_confirmation,
    instructor_attendance_to_take,
    instructor_results_to_enter,
    instructor_upcoming_sessions,
    officer_certificates,
    officer_enrolments_in_progress,
    sessions_needing_attention,
)
from cadre.delivery.selectors import officer_upcoming_sessions
from cadre.evaluation.selectors.queues import follow_ups_due, invitations_waiting, sessions_to_evaluate
from cadre.home.queues import (
    Fact,
    LearnerRecord,
    Link,
    Panel,
    Queue,
    QueueItem,
    queue_of,
    session_title,
    session_url,
)
from cadre.needs.selectors import latest_snapshot
from cadre.people.models import Officer
from cadre.people.selectors import officers_supervised_by
from cadre.planning.selectors import plans_for_user
from cadre.practices.selectors import practices_awaiting_review
from cadre.tenancy.access import MANAGERS, access_for

# --- training manager -------------------------------------------------------------------------------


def _attention_reasons(session: Any) -> str:
    reasons = []
    if session.confirmed_count < session.course.min_participants:
        reasons.append(
            _("%(confirmed)d confirmed of at least %(minimum)d")
            % {"confirmed": session.confirmed_count, "minimum": session.course.min_participants}
        )
    if not session.has_instructor:
        reasons.append(_("no instructor"))
    if not session.venue and not session.online_url:
        reasons.append(_("no venue"))
    return " · ".join(reasons)


def _plan_and_needs_facts(user: Any, today: dt.date) -> list[Fact]:
    facts: list[Fact] = []
    managed = sorted(access_for(user).administration_ids(MANAGERS))
    latest = plans_for_user(user=user).defer(
        "result", "scenarios", "snapshot__totals", "snapshot__parameters"
    )
    plans = {p.administration_id: p for p in latest.order_by("year", "created_at", "pk")}  # the last wins
    several = len(managed) > 1
    for administration_id in managed:
        plan = plans.get(administration_id)
        prefix = f"{plan.administration.name}: " if several and plan else ""
        if plan is None:
            facts.append(Fact(_("Annual plan"), _("No plan yet"), reverse("planning:list"), warn=True))
        else:
            facts.append(
                Fact(
                    _("Annual plan"),
                    f"{prefix}{plan.name} · {plan.get_status_display()}",
                    reverse("planning:detail", args=[plan.pk]),
                    warn=plan.status != plan.Status.SOLVED,
                )
            )
        snapshot = latest_snapshot(administration_id=administration_id)
        if snapshot is None:
            facts.append(Fact(_("Needs analysis"), _("Never run"), reverse("needs:snapshots"), warn=True))
        else:
            age = (today - timezone.localdate(snapshot.created_at)).days
            facts.append(
                Fact(
                    _("Needs analysis"),
                    ngettext("%(days)d day old", "%(days)d days old", age) % {"days": age},
                    reverse("needs:snapshots"),
                    warn=age > 90,
                )
            )
    return facts


def manager_panel(*, user: Any, today: dt.date) -> Panel:
    """Nominations to confirm, sessions that need attention, sessions to evaluate, follow-ups due."""
    queues = [
        queue_of(
            "confirmations",
            _("Nominations awaiting your confirmation"),
            enrolments_awaiting_confirmation(user=user),
            lambda e: QueueItem(
                e.officer.full_name,
                session_url(e.session),
                session_title(e.session),
                e.approved_at,
                pgettext("queue date", "approved"),
            ),
            reverse("delivery:enrolment_list") + "?state=approved",
            _("No nomination waits for your confirmation."),
        ),
        queue_of(
            "sessions",
            _("Upcoming sessions that need attention"),
            sessions_needing_attention(user=user),
            lambda s: QueueItem(
                session_title(s),
                session_url(s),
                _attention_reasons(s),
                s.starts_at,
                pgettext("queue date", "starts"),
            ),
            reverse("delivery:session_list"),
            _("Every upcoming session has its instructor, venue and minimum of participants."),
        ),
        queue_of(
            "evaluations",
            _("Ended sessions without a questionnaire"),
            sessions_to_evaluate(user=user),
            lambda s: QueueItem(
                session_title(s),
                reverse("evaluation:session", args=[s.pk]),
                "",
                s.ends_at,
                pgettext("queue date", "ended"),
            ),
            reverse("evaluation:overview"),
            _("Every recent session has its reaction questionnaire."),
        ),
        _follow_ups_queue(user=user, today=today),
    ]
    return Panel(
        "manager",
        _("Training management"),
        queues=queues,
        facts=_plan_and_needs_facts(user, today),
        next_steps=[
            Link(_("Needs analysis"), reverse("needs:heatmap")),
            Link(_("Annual plan"), reverse("planning:list")),
            Link(_("Schedule a session"), reverse("delivery:session_create")),
        ],
    )


# --- supervisor ---------------------------------------------------------------------------------------


def supervisor_panel(*, user: Any, today: dt.date) -> Panel:
    """Requests to approve, self-assessments to validate, follow-ups due, and the team's gaps."""
    queues = [
        queue_of(
            "approvals",
            _("Requests awaiting your approval"),
            enrolments_awaiting_approval(user=user),
            lambda e: QueueItem(
                e.officer.full_name,
                session_url(e.session),
                session_title(e.session),
                e.requested_at,
                pgettext("queue date", "requested"),
            ),
            reverse("delivery:enrolment_list") + "?state=requested",
            _("No request waits for your approval."),
        ),
        queue_of(
            "validations",
            _("Self-assessments to validate"),
            pending_validations_for(user=user).order_by("assessed_on", "pk"),
            lambda a: QueueItem(
                a.officer.full_name,
                reverse("competencies:validations"),
                a.competency.title,
                a.assessed_on,
                pgettext("queue date", "assessed"),
            ),
            reverse("competencies:validations"),
            _("No self-assessment waits for your validation."),
        ),
        _follow_ups_queue(user=user, today=today),
    ]
    team = list(officers_supervised_by(user=user))
    gaps = officers_gap_counts(officers=team)
    below = sum(1 for counts in gaps.values() if counts.below)
    facts = [
        Fact(
            _("Team gaps"),
            ngettext(
                "%(below)d of %(total)d officer below a required level",
                "%(below)d of %(total)d officers below a required level",
                len(team),
            )
            % {"below": below, "total": len(team)},
            reverse("competencies:assess_grid"),
            warn=below > 0,
        )
    ]
    return Panel(
        "supervisor",
        _("My team"),
        queues=queues,
        facts=facts,
        next_steps=[
            Link(_("Assess my staff"), reverse("competencies:assess_grid")),
            Link(_("Sessions"), reverse("delivery:session_list")),
        ],
    )


# --- officer ------------------------------------------------------------------------------------------


def officer_panel(*, user: Any, officer: Officer, record: LearnerRecord) -> Panel:
    """Questionnaires to answer, upcoming sessions, requests on their way, self-assessment, certificates."""
    queues = [
        queue_of(
            "feedback",
            _("Questionnaires to answer"),
            invitations_waiting(user=user),
            lambda i: QueueItem(
                i.survey.title
                or (session_title(i.survey.session) if i.survey.session else _("Questionnaire")),
                reverse("evaluation:respond_survey", args=[i.survey_id]),
                "",
                i.survey.opened_at,
                pgettext("queue date", "sent"),
            ),
            reverse("evaluation:my_questionnaires"),
            _("No questionnaire waits for your answer."),
        ),
        queue_of(
            "upcoming",
            _("My upcoming sessions"),
            officer_upcoming_sessions(officer=officer).order_by("starts_at", "pk"),
            lambda s: QueueItem(
                session_title(s), session_url(s), s.venue, s.starts_at, pgettext("queue date", "starts")
            ),
            reverse("delivery:my_learning"),
            _("No session is coming up for you."),
            is_work=False,
        ),
        queue_of(
            "requests",
            _("My requests on their way"),
            officer_enrolments_in_progress(officer=officer),
            lambda e: QueueItem(
                session_title(e.session),
                session_url(e.session),
                e.get_state_display(),
                e.session.starts_at,
                pgettext("queue date", "starts"),
            ),
            reverse("delivery:my_learning"),
            _("No request is waiting for a decision."),
            is_work=False,
        ),
    ]
    facts = []
    if record.unknown:
        facts.append(
            Fact(
                _("Self-assessment"),
                ngettext(
                    "%(count)d required competency not yet assessed",
                    "%(count)d required competencies not yet assessed",
                    record.unknown,
                )
                % {"count": record.unknown},
                reverse("competencies:self_assess"),
                warn=True,
            )
        )
    certificates = waiting(officer_certificates(officer=officer))
    certificate_queue = Queue(
        "certificates",
        _("My certificates"),
        certificates.count,
        [
            QueueItem(
                session_title(c.enrolment.session),
                reverse("delivery:certificate", args=[c.enrolment_id]),
                "",
                c.completed_on,
                pgettext("queue date", "passed"),
            )
            for c in certificates.oldest
        ],
        reverse("delivery:my_learning"),
        _("No certificate yet: a passed course gives you one."),
        is_work=False,
    )
    return Panel(
        "officer",
        _("My learning"),
        queues=[*queues, certificate_queue],
        facts=facts,
        next_steps=[
            Link(_("Find a session"), reverse("delivery:session_list")),
            Link(_("My gaps"), reverse("needs:my_gaps")),
            Link(_("Self-assessment"), reverse("competencies:self_assess")),
        ],
    )


# --- instructor ---------------------------------------------------------------------------------------


def instructor_panel(*, instructor: Any) -> Panel:
    """Attendance to take, results to enter, and the sessions coming up (with their course materials)."""

    def roster(s: Any) -> QueueItem:
        return QueueItem(
            session_title(s),
            reverse("delivery:session_roster", args=[s.pk]),
            "",
            s.starts_at,
            pgettext("queue date", "started"),
        )

    queues = [
        queue_of(
            "attendance",
            _("Attendance to take"),
            instructor_attendance_to_take(instructor=instructor),
            roster,
            reverse("delivery:instructor_detail", args=[instructor.pk]),
            _("Attendance is taken for every session you started."),
        ),
        queue_of(
            "results",
            _("Results to enter"),
            instructor_results_to_enter(instructor=instructor),
            lambda s: QueueItem(
                session_title(s),
                reverse("delivery:session_roster", args=[s.pk]),
                "",
                s.ends_at,
                pgettext("queue date", "ended"),
            ),
            reverse("delivery:instructor_detail", args=[instructor.pk]),
            _("Results are entered for every session you taught."),
        ),
        queue_of(
            "teaching",
            _("My sessions"),
            instructor_upcoming_sessions(instructor=instructor),
            lambda s: QueueItem(
                session_title(s),
                session_url(s),
                s.venue,
                s.starts_at,
                pgettext("queue date", "starts"),
                _("Course materials"),
                reverse("catalogue:course_detail", args=[s.course_id]),
            ),
            reverse("delivery:instructor_detail", args=[instructor.pk]),
            _("No session of yours is coming up."),
            is_work=False,
        ),
    ]
    return Panel(
        "instructor",
        _("My teaching"),
        queues=queues,
        next_steps=[
            Link(_("My instructor record"), reverse("delivery:instructor_detail", args=[instructor.pk])),
            Link(_("Calendar"), reverse("delivery:calendar")),
        ],
    )


# --- regional coordinator -----------------------------------------------------------------------------


def coordinator_panel(*, user: Any, today: dt.date, members: int) -> Panel:
    """Calls for nominations closing, practices to review, expert mission requests."""
    queues = [
        queue_of(
            "calls",
            _("Calls for nominations closing"),
            calls_closing(user=user, today=today),
            lambda e: QueueItem(
                e.title,
                reverse("community:event_detail", args=[e.pk]),
                ngettext(
                    "%(nominated)d nomination from %(admins)d of %(members)d administrations",
                    "%(nominated)d nominations from %(admins)d of %(members)d administrations",
                    e.nominated,
                )
                % {"nominated": e.nominated, "admins": e.administrations_nominating, "members": members},
                e.call.closes_on,
                pgettext("queue date", "closes"),
            ),
            reverse("community:event_list"),
            _("No call for nominations is open."),
        ),
        queue_of(
            "practices",
            _("Good practices to review"),
            practices_awaiting_review(user=user).order_by("updated_at", "pk"),
            lambda p: QueueItem(
                p.title,
                reverse("practices:detail", args=[p.pk]),
                "",
                p.updated_at,
                pgettext("queue date", "submitted"),
            ),
            reverse("practices:list"),
            _("No practice waits for review."),
        ),
        queue_of(
            "missions",
            _("Expert mission requests"),
            missions_awaiting_decision(user=user),
            lambda m: QueueItem(
                str(m.expert),
                reverse("community:expert_detail", args=[m.expert_id]),
                m.requesting_administration.name if m.requesting_administration else "",
                m.created_at,
                pgettext("queue date", "requested"),
            ),
            reverse("community:expert_list"),
            _("No mission request waits."),
        ),
    ]
    return Panel(
        "coordinator",
        _("Regional coordination"),
        queues=queues,
        next_steps=[
            Link(_("Regional gaps"), reverse("needs:regional")),
            Link(_("Regional events"), reverse("community:event_list")),
            Link(_("Expert pool"), reverse("community:expert_list")),
        ],
    )


def _follow_ups_queue(*, user: Any, today: dt.date) -> Queue:
    """Follow-ups due on officers the person manages or supervises (both panels show it)."""
    return queue_of(
        "follow_ups",
        _("Follow-ups due"),
        follow_ups_due(user=user, today=today),
        lambda f: QueueItem(
            f.enrolment.officer.full_name,
            reverse("evaluation:follow_up_detail", args=[f.pk]),
            session_title(f.enrolment.session),
            f.due_on,
            pgettext("queue date", "due"),
        ),
        reverse("evaluation:follow_up_list"),
        _("No follow-up is due."),
    )
