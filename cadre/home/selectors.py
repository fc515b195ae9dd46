"""Assemble each person's work queues from the owning apps' selectors.

A queue is what waits for the person, oldest (or soonest) first, each item linking to the page where
it is done. Every queue costs a fixed number of queries (``cadre.core.queues.waiting``), so the home
page's query count does not grow with the number of waiting items.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from cadre.community.queues import calls_closing, missions_awaiting_decision
from cadre.competencies.selectors import (
    RequirementStatus,
    officer_requirement_status,
    officers_gap_counts,
    pending_validations_for,
)
from cadre.core.queues import waiting
from cadre.core.scoping import MANAGERS, access_for
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
from cadre.delivery.selectors import instructor_for_user, officer_upcoming_sessions
from cadre.evaluation.selectors.queues import follow_ups_due, invitations_waiting, sessions_to_evaluate
from cadre.needs.selectors import latest_snapshot
from cadre.people.models import Officer
from cadre.people.selectors import officer_for_user, officers_supervised_by
from cadre.planning.selectors import plans_for_user
from cadre.practices.selectors import practices_awaiting_review
from cadre.tenancy.models import REGIONAL_ROLES, Administration, OrgUnit


@dataclass(frozen=True)
class QueueItem:
    """One thing to do: what, about whom or which, since (or until) when, and where it is done."""

    title: str
    url: str
    detail: str = ""
    when: dt.date | dt.datetime | None = None
    when_label: str = ""  # what the date is: "approved", "starts", "due", ...
    extra_label: str = ""
    extra_url: str = ""


@dataclass(frozen=True)
class Queue:
    key: str
    title: str
    count: int
    items: list[QueueItem]
    url: str  # the page with all of them
    empty: str  # what to say when nothing waits
    is_work: bool = True  # False for what is only worth knowing (certificates, sessions to come)


@dataclass(frozen=True)
class Fact:
    """A state worth knowing that is not a list (the plan's state, the age of the needs analysis)."""

    label: str
    value: str
    url: str
    warn: bool = False


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Panel:
    """One role's part of the home page: its queues, its facts, and what to do when nothing waits."""

    key: str
    title: str
    queues: list[Queue] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    next_steps: list[Link] = field(default_factory=list)

    @property
    def waiting(self) -> int:
        """Items that wait for the person's action (not counting what is only shown for information)."""
        return sum(q.count for q in self.queues if q.is_work)

    @property
    def shown(self) -> int:
        return sum(q.count for q in self.queues)


@dataclass(frozen=True)
class LearnerRecord:
    officer: Officer
    requirements: list[RequirementStatus]

    @property
    def met(self) -> int:
        return sum(1 for r in self.requirements if r.meets)

    @property
    def unknown(self) -> int:
        return sum(1 for r in self.requirements if r.current is None)


@dataclass(frozen=True)
class HomePage:
    panels: list[Panel] = field(default_factory=list)
    learner: LearnerRecord | None = None
    supervised_units: list[OrgUnit] = field(default_factory=list)
    regional_administrations: list[Administration] = field(default_factory=list)

    @property
    def waiting(self) -> int:
        return sum(p.waiting for p in self.panels)

    def panel(self, key: str) -> Panel | None:
        return next((p for p in self.panels if p.key == key), None)


def _queue(key: str, title: str, qs: Any, item: Any, url: str, empty: str, *, is_work: bool = True) -> Queue:
    w = waiting(qs)
    return Queue(key, title, w.count, [item(row) for row in w.oldest], url, empty, is_work)


def _session_title(session: Any) -> str:
    return f"{session.course.code} {session.course.title}"


def _session_url(session: Any) -> str:
    return reverse("delivery:session_detail", args=[session.pk])


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
        _queue(
            "confirmations",
            _("Nominations awaiting your confirmation"),
            enrolments_awaiting_confirmation(user=user),
            lambda e: QueueItem(
                e.officer.full_name,
                _session_url(e.session),
                _session_title(e.session),
                e.approved_at,
                pgettext("queue date", "approved"),
            ),
            reverse("delivery:enrolment_list") + "?state=approved",
            _("No nomination waits for your confirmation."),
        ),
        _queue(
            "sessions",
            _("Upcoming sessions that need attention"),
            sessions_needing_attention(user=user),
            lambda s: QueueItem(
                _session_title(s),
                _session_url(s),
                _attention_reasons(s),
                s.starts_at,
                pgettext("queue date", "starts"),
            ),
            reverse("delivery:session_list"),
            _("Every upcoming session has its instructor, venue and minimum of participants."),
        ),
        _queue(
            "evaluations",
            _("Ended sessions without a questionnaire"),
            sessions_to_evaluate(user=user),
            lambda s: QueueItem(
                _session_title(s),
                reverse("evaluation:session", args=[s.pk]),
                "",
                s.ends_at,
                pgettext("queue date", "ended"),
            ),
            reverse("evaluation:overview"),
            _("Every recent session has its reaction questionnaire."),
        ),
        _queue(
            "follow_ups",
            _("Follow-ups due"),
            follow_ups_due(user=user, today=today),
            lambda f: QueueItem(
                f.enrolment.officer.full_name,
                reverse("evaluation:follow_up_detail", args=[f.pk]),
                _session_title(f.enrolment.session),
                f.due_on,
                pgettext("queue date", "due"),
            ),
            reverse("evaluation:follow_up_list"),
            _("No follow-up is due."),
        ),
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
        _queue(
            "approvals",
            _("Requests awaiting your approval"),
            enrolments_awaiting_approval(user=user),
            lambda e: QueueItem(
                e.officer.full_name,
                _session_url(e.session),
                _session_title(e.session),
                e.requested_at,
                pgettext("queue date", "requested"),
            ),
            reverse("delivery:enrolment_list") + "?state=requested",
            _("No request waits for your approval."),
        ),
        _queue(
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
        _queue(
            "follow_ups",
            _("Follow-ups due"),
            follow_ups_due(user=user, today=today),
            lambda f: QueueItem(
                f.enrolment.officer.full_name,
                reverse("evaluation:follow_up_detail", args=[f.pk]),
                _session_title(f.enrolment.session),
                f.due_on,
                pgettext("queue date", "due"),
            ),
            reverse("evaluation:follow_up_list"),
            _("No follow-up is due."),
        ),
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
        _queue(
            "feedback",
            _("Questionnaires to answer"),
            invitations_waiting(user=user),
            lambda i: QueueItem(
                i.survey.title
                or (_session_title(i.survey.session) if i.survey.session else _("Questionnaire")),
                reverse("evaluation:respond_survey", args=[i.survey_id]),
                "",
                i.survey.opened_at,
                pgettext("queue date", "sent"),
            ),
            reverse("evaluation:my_questionnaires"),
            _("No questionnaire waits for your answer."),
        ),
        _queue(
            "upcoming",
            _("My upcoming sessions"),
            officer_upcoming_sessions(officer=officer).order_by("starts_at", "pk"),
            lambda s: QueueItem(
                _session_title(s), _session_url(s), s.venue, s.starts_at, pgettext("queue date", "starts")
            ),
            reverse("delivery:my_learning"),
            _("No session is coming up for you."),
            is_work=False,
        ),
        _queue(
            "requests",
            _("My requests on their way"),
            officer_enrolments_in_progress(officer=officer),
            lambda e: QueueItem(
                _session_title(e.session),
                _session_url(e.session),
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
                _session_title(c.enrolment.session),
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
            _session_title(s),
            reverse("delivery:session_roster", args=[s.pk]),
            "",
            s.starts_at,
            pgettext("queue date", "started"),
        )

    queues = [
        _queue(
            "attendance",
            _("Attendance to take"),
            instructor_attendance_to_take(instructor=instructor),
            roster,
            reverse("delivery:instructor_detail", args=[instructor.pk]),
            _("Attendance is taken for every session you started."),
        ),
        _queue(
            "results",
            _("Results to enter"),
            instructor_results_to_enter(instructor=instructor),
            roster,
            reverse("delivery:instructor_detail", args=[instructor.pk]),
            _("Results are entered for every session you taught."),
        ),
        _queue(
            "teaching",
            _("My sessions"),
            instructor_upcoming_sessions(instructor=instructor),
            lambda s: QueueItem(
                _session_title(s),
                _session_url(s),
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
        _queue(
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
        _queue(
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
        _queue(
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


# --- the page -------------------------------------------------------------------------------------------


def home_page(*, user: Any) -> HomePage:
    """Every panel the person's roles call for, in the order of their working day."""
    access = access_for(user)
    today = timezone.localdate()
    panels: list[Panel] = []
    learner = None
    if access.administration_ids(MANAGERS):
        panels.append(manager_panel(user=user, today=today))
    units: list[OrgUnit] = []
    if access.supervised_paths:
        paths = [p for paths in access.supervised_paths.values() for p in paths]
        units = list(OrgUnit.objects.filter(path__in=paths).select_related("administration"))
        panels.append(supervisor_panel(user=user, today=today))
    instructor = instructor_for_user(user=user)
    if instructor is not None:
        panels.append(instructor_panel(instructor=instructor))
    officer = officer_for_user(user=user)
    if officer is not None:
        learner = LearnerRecord(officer=officer, requirements=officer_requirement_status(officer=officer))
        panels.append(officer_panel(user=user, officer=officer, record=learner))
    regional: list[Administration] = []
    region_ids = access.region_ids(REGIONAL_ROLES)
    if region_ids:
        regional = list(Administration.objects.filter(region_id__in=region_ids).only("name", "region_id"))
        panels.append(coordinator_panel(user=user, today=today, members=len(regional)))
    return HomePage(panels=panels, learner=learner, supervised_units=units, regional_administrations=regional)
