"""Behaviour follow-ups: scheduled after a completion, opened when due, completed by a supervisor
with a questionnaire and a re-assessment of the course's competencies (through competencies)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.catalogue.services.lifecycle import notice_send
from cadre.competencies.models import Assessment
from cadre.competencies.selectors import levels_before
from cadre.competencies.services import assessment_record
from cadre.core.audit import audit_record, snapshot
from cadre.core.errors import DomainError, FieldError, NotFound
from cadre.delivery.selectors import completions_passed_since, today_for
from cadre.evaluation.models import Answer, EvaluationSettings, FollowUp, FollowUpRating, Response
from cadre.evaluation.services.questionnaires import answers_clean
from cadre.tenancy.access import MANAGERS, Actor, UserLike, access_for, actor_for
from cadre.tenancy.selectors import supervisor_users_for_unit

#: Completions older than this are not given a follow-up by the sweep.
SCHEDULE_WINDOW = dt.timedelta(days=730)


def follow_ups_schedule(*, today: dt.date | None = None) -> int:
    """Create the follow-up of every passed completion that has none: due N weeks after completion."""
    today = today or timezone.localdate()
    rows = EvaluationSettings.objects.values_list(
        "administration_id", "follow_up_weeks", "follow_up_template_id"
    )
    weeks = {a: w for a, w, _t in rows}
    templates = {a: t for a, _w, t in rows}
    completions = completions_passed_since(since=today - SCHEDULE_WINDOW).filter(
        enrolment__follow_up__isnull=True
    )
    created = []
    for completion in completions:
        admin_id = completion.enrolment.session.administration_id
        created.append(
            FollowUp(
                administration_id=admin_id,
                enrolment_id=completion.enrolment_id,
                template_id=templates.get(admin_id),
                due_on=completion.completed_on + dt.timedelta(weeks=weeks.get(admin_id, 12)),
            )
        )
    FollowUp.objects.bulk_create(created, ignore_conflicts=True)
    return len(created)


def follow_ups_open_due(*, today: dt.date | None = None) -> int:
    """Open the follow-ups that have come due and tell the officer's supervisors (in-app notice)."""
    today = today or timezone.localdate()
    due = FollowUp.objects.filter(state=FollowUp.State.SCHEDULED, due_on__lte=today).select_related(
        "enrolment__officer__org_unit", "enrolment__session__course"
    )
    opened = 0
    for follow_up in due:
        follow_up.state = FollowUp.State.OPEN
        follow_up.save(update_fields=["state"])
        officer = follow_up.enrolment.officer
        message = _("Follow-up due: how does %(officer)s apply %(course)s at work?") % {
            "officer": officer.full_name,
            "course": follow_up.enrolment.session.course.title,
        }
        for user in supervisor_users_for_unit(org_unit=officer.org_unit):
            if user.pk != officer.user_id:
                notice_send(
                    user=user,
                    key=f"evaluation:follow-up:{follow_up.pk}",
                    message=message,
                    url=reverse("evaluation:follow_up_detail", args=[follow_up.pk]),
                    administration_id=follow_up.administration_id,
                )
        opened += 1
    return opened


def may_complete(*, actor: Actor | UserLike, follow_up: FollowUp) -> bool:
    """A supervisor of the officer's unit (not the officer) or a manager of the administration."""
    actor = actor_for(actor)
    officer = follow_up.enrolment.officer
    access = access_for(actor)
    if officer.user_id is not None and officer.user_id == actor.user_id:
        return False
    if access.has_role(follow_up.administration_id, MANAGERS):
        return True
    paths = access.supervised_paths.get(follow_up.administration_id, [])
    return any(officer.org_unit.path.startswith(p) for p in paths)


def _state_errors(follow_up: FollowUp, today: dt.date) -> list[FieldError]:
    """Why the follow-up cannot be completed today (none when it is open and due)."""
    if follow_up.state == FollowUp.State.COMPLETED:
        return [FieldError("follow_up", _("already completed"))]
    if follow_up.state == FollowUp.State.CANCELLED:
        return [FieldError("follow_up", _("cancelled"))]
    if follow_up.due_on > today:
        return [
            FieldError("follow_up", _("not due before %(due_on)s") % {"due_on": follow_up.due_on.isoformat()})
        ]
    return []


def _levels_parse(
    objectives: list[Any], levels: Mapping[int, Any], errors: list[FieldError]
) -> dict[int, int]:
    """The level given for each objective's competency, within its scale (problems go to ``errors``)."""
    parsed: dict[int, int] = {}
    for objective in objectives:
        key = f"level_{objective.competency_id}"
        raw = levels.get(objective.competency_id)
        max_level = objective.competency.framework.scale.max_level
        try:
            value = int(str(raw).strip())
        except (TypeError, ValueError):
            errors.append(FieldError(key, _("a level from 0 to %(max)s is required") % {"max": max_level}))
            continue
        if not 0 <= value <= max_level:
            errors.append(FieldError(key, _("must be between 0 and %(max)s") % {"max": max_level}))
            continue
        parsed[objective.competency_id] = value
    return parsed


def _ratings_record(
    actor: Actor,
    follow_up: FollowUp,
    objectives: list[Any],
    parsed: dict[int, int],
    baseline: Mapping[tuple[int, int], int | None],
    today: dt.date,
) -> bool:
    """Re-assess each course competency (a supervisor assessment) and rate it; whether training transferred."""
    officer, session = follow_up.enrolment.officer, follow_up.enrolment.session
    course = session.course
    transferred = True
    for objective in objectives:
        level = parsed[objective.competency_id]
        assessment = assessment_record(
            actor=actor.user,
            officer=officer,
            competency=objective.competency,
            level=level,
            source=Assessment.Source.SUPERVISOR,
            assessed_on=today,
            evidence=f"Follow-up of {course.code} {course.title} ({session.starts_at:%Y-%m-%d})",
        )
        follow_up.assessments.add(assessment)
        FollowUpRating.objects.create(
            follow_up=follow_up,
            competency=objective.competency,
            baseline_level=baseline.get((officer.pk, objective.competency_id)),
            target_level=objective.target_level,
            level=level,
        )
        transferred = transferred and level >= objective.target_level
    return transferred


@transaction.atomic
def follow_up_complete(
    *, actor: Actor | UserLike, follow_up: FollowUp, levels: Mapping[int, Any], answers: Mapping[str, Any]
) -> FollowUp:
    """Record the supervisor's answers and a level per course competency; decide whether training transferred.

    Transfer: the officer now holds at least the course's target level in every competency it teaches.
    """
    actor = actor_for(actor)
    follow_up = (
        FollowUp.objects.select_for_update()
        .select_related(
            "enrolment__officer__org_unit", "enrolment__officer__administration", "enrolment__session__course"
        )
        .get(pk=follow_up.pk)
    )
    if not may_complete(actor=actor, follow_up=follow_up):
        raise NotFound(code="follow_up.not_found")
    enrolment = follow_up.enrolment
    officer, session = enrolment.officer, enrolment.session
    today = today_for(administration_id=follow_up.administration_id)
    errors = _state_errors(follow_up, today)
    objectives = list(session.course.objectives.select_related("competency__framework__scale"))
    if not objectives:
        errors.append(FieldError("levels", _("the course has no competency objectives to re-assess")))
    parsed = _levels_parse(objectives, levels, errors)
    answer_rows = []
    if follow_up.template is not None:
        try:
            answer_rows = answers_clean(list(follow_up.template.questions.all()), answers)
        except DomainError as exc:
            errors += exc.errors
    if errors:
        raise DomainError(_("Follow-up not saved"), errors, code="follow_up.invalid")
    baseline = levels_before(
        officer_ids=[officer.pk],
        competency_ids=list(parsed),
        before=session.starts_at.date(),
        exclude_sources=(Assessment.Source.TRAINING,),
    )
    before = snapshot(follow_up)
    transferred = _ratings_record(actor, follow_up, objectives, parsed, baseline, today)
    if follow_up.template is not None:
        response = Response.objects.create(follow_up=follow_up)
        for row in answer_rows:
            row.response = response
        Answer.objects.bulk_create(answer_rows)
    follow_up.state = FollowUp.State.COMPLETED
    follow_up.completed_at = timezone.now()
    follow_up.completed_by_id = actor.user_id
    follow_up.transferred = transferred
    follow_up.save(update_fields=["state", "completed_at", "completed_by", "transferred"])
    audit_record(
        actor=actor.user, action="update", instance=follow_up, before=before, after=snapshot(follow_up)
    )
    return follow_up
