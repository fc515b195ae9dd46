"""Reaction questionnaires: templates, sending them when a session ends, answers, reminders.

Anonymous answers are stored without any link to a person (see ``cadre.evaluation.models``):
the invitation is only marked answered, the response carries no officer, and no audit event
names who answered (an audit row with an actor would be exactly the link anonymity forbids).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.catalogue.services.lifecycle import notice_send
from cadre.core.audit import audit_record, snapshot
from cadre.core.errors import DomainError, FieldError, NotFound, invalid
from cadre.delivery.models import Enrolment, Session
from cadre.evaluation.models import (
    Answer,
    EvaluationSettings,
    Invitation,
    Question,
    QuestionnaireTemplate,
    Response,
    Survey,
)
from cadre.evaluation.services._common import require_manager, token_hash
from cadre.tenancy.access import Actor, UserLike, access_for, actor_for
from cadre.tenancy.models import Administration, Region
from cadre.tenancy.types import REGIONAL_ROLES

if TYPE_CHECKING:
    from cadre.people.models import Officer

MAX_TEXT = 4000
#: Sessions that ended longer ago than this are not surveyed by the sweep (stale feedback).
LAUNCH_WINDOW = dt.timedelta(days=60)


@dataclass(frozen=True)
class QuestionInput:
    kind: str
    prompt: str
    choices: list[str] = field(default_factory=list)
    required: bool = True


def _question_errors(questions: Sequence[QuestionInput]) -> list[FieldError]:
    errors: list[FieldError] = []
    if not questions:
        errors.append(FieldError("questions", _("a questionnaire needs at least one question")))
    for i, q in enumerate(questions, start=1):
        name = f"questions[{i}]"
        if q.kind not in Question.Kind.values:
            errors.append(
                FieldError(
                    name, _("kind must be one of %(choices)s") % {"choices": ", ".join(Question.Kind.values)}
                )
            )
        if not q.prompt.strip() or len(q.prompt) > 500:
            errors.append(FieldError(name, _("the prompt must have 1 to 500 characters")))
        if q.kind == Question.Kind.CHOICE:
            options = [c.strip() for c in q.choices if c.strip()]
            if len(options) < 2 or len(set(options)) != len(options):
                errors.append(FieldError(name, _("a choice question needs at least two distinct options")))
            if any(len(c) > 200 for c in options):
                errors.append(FieldError(name, _("an option has at most 200 characters")))
    return errors


def questions_parse(text: str) -> list[QuestionInput]:
    """Questions written one per line: "likert: prompt", "choice: prompt | option | option" or
    "text: prompt", a line ending in "(optional)" for an answer that is not required."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        kind, _sep, rest = line.partition(":")
        required = not rest.rstrip().endswith("(optional)")
        rest = rest.rstrip().removesuffix("(optional)")
        parts = [p.strip() for p in rest.split("|")]
        out.append(QuestionInput(kind.strip().lower(), parts[0], parts[1:], required))
    return out


def _require_regional(*, actor: Actor, region_id: int) -> None:
    if region_id not in access_for(actor).region_ids(REGIONAL_ROLES):
        raise NotFound(code="region.not_found")


@transaction.atomic
def questionnaire_template_create(
    *,
    actor: Actor | UserLike,
    name: str,
    kind: str,
    anonymous: bool,
    questions: Sequence[QuestionInput],
    administration: Administration | None = None,
    region: Region | None = None,
) -> QuestionnaireTemplate:
    """An administration's questionnaire (its managers), or a region's for its events (its coordinators)."""
    actor = actor_for(actor)
    if (administration is None) == (region is None):
        raise invalid(
            "administration",
            _("give an administration or a region"),
            _("Questionnaire not saved"),
            code="questionnaire.owner_required",
        )
    if administration is not None:
        require_manager(actor=actor, administration_id=administration.pk)
    else:
        assert region is not None
        _require_regional(actor=actor, region_id=region.pk)
    errors: list[FieldError] = []
    name = name.strip()
    owner: dict[str, Administration | Region | None] = (
        {"administration": administration} if administration is not None else {"region": region}
    )
    if not name or len(name) > 200:
        errors.append(FieldError("name", _("must have 1 to 200 characters")))
    elif QuestionnaireTemplate.objects.filter(**owner, name=name).exists():
        errors.append(FieldError("name", _("a questionnaire with this name already exists")))
    if kind not in QuestionnaireTemplate.Kind.values:
        errors.append(
            FieldError(
                "kind",
                _("must be one of %(choices)s") % {"choices": ", ".join(QuestionnaireTemplate.Kind.values)},
            )
        )
    elif kind == QuestionnaireTemplate.Kind.FOLLOW_UP and anonymous:
        errors.append(
            FieldError(
                "anonymous", _("a supervisor's follow-up names the officer, so it cannot be anonymous")
            )
        )
    elif kind != QuestionnaireTemplate.Kind.REACTION and region is not None:
        errors.append(FieldError("kind", _("a regional questionnaire asks participants (reaction)")))
    errors += _question_errors(questions)
    if errors:
        raise DomainError(_("Questionnaire not saved"), errors, code="questionnaire.invalid")
    template = QuestionnaireTemplate.objects.create(**owner, name=name, kind=kind, anonymous=anonymous)
    Question.objects.bulk_create(
        Question(
            template=template,
            sequence=i,
            kind=q.kind,
            prompt=q.prompt.strip(),
            choices=[c.strip() for c in q.choices if c.strip()] if q.kind == Question.Kind.CHOICE else [],
            required=q.required,
        )
        for i, q in enumerate(questions, start=1)
    )
    audit_record(
        actor=actor.user,
        action="create",
        instance=template,
        after=snapshot(template),
        region_id=region.pk if region is not None else None,
    )
    return template


# --- sending --------------------------------------------------------------------------------------


def _respond_url(token: str) -> str:
    return reverse("evaluation:respond", args=[token])


@transaction.atomic
def survey_launch(
    *,
    actor: Actor | UserLike | None,
    session: Session,
    template: QuestionnaireTemplate | None = None,
    now: dt.datetime | None = None,
) -> Survey:
    """Send the session's reaction questionnaire to its confirmed participants (a notice with a link)."""
    if actor is not None:
        actor = actor_for(actor)
        require_manager(actor=actor, administration_id=session.administration_id)
    now = now or timezone.now()
    if template is None:
        settings_row = EvaluationSettings.objects.filter(administration_id=session.administration_id).first()
        template = settings_row.reaction_template if settings_row else None
    errors: list[FieldError] = []
    if template is None:
        errors.append(
            FieldError("template", _("choose a reaction questionnaire (or set a default in the settings)"))
        )
    elif template.administration_id != session.administration_id:
        errors.append(FieldError("template", _("not found")))
    elif template.kind != QuestionnaireTemplate.Kind.REACTION:
        errors.append(FieldError("template", _("must be a reaction questionnaire")))
    if session.status != Session.Status.SCHEDULED:
        errors.append(FieldError("session", _("a cancelled session has no questionnaire")))
    elif session.ends_at > now:
        errors.append(FieldError("session", _("the questionnaire is sent once the session has ended")))
    if Survey.objects.filter(session=session).exists():
        errors.append(FieldError("session", _("the questionnaire of this session was already sent")))
    if errors:
        raise DomainError(_("Questionnaire not sent"), errors, code="survey.not_sendable")
    assert template is not None
    survey = Survey.objects.create(
        administration_id=session.administration_id,
        session=session,
        template=template,
        anonymous=template.anonymous,
        opened_at=now,
    )
    enrolments = Enrolment.objects.filter(session=session, state=Enrolment.State.CONFIRMED).select_related(
        "officer"
    )
    message = _("How was %(course)s? Please answer a short questionnaire.") % {"course": session.course.title}
    for enrolment in enrolments:
        token = secrets.token_urlsafe(24)
        Invitation.objects.create(survey=survey, officer=enrolment.officer, token_hash=token_hash(token))
        if enrolment.officer.user_id is not None:
            notice_send(
                user=enrolment.officer.user,
                key=f"evaluation:survey:{survey.pk}",
                message=message,
                url=_respond_url(token),
                administration_id=session.administration_id,
            )
    if actor is not None:
        audit_record(actor=actor_for(actor).user, action="create", instance=survey, after=snapshot(survey))
    return survey


@transaction.atomic
def survey_launch_regional(
    *,
    actor: Actor | UserLike,
    region: Region,
    template: QuestionnaireTemplate,
    title: str,
    officers: Sequence[Officer],
    now: dt.datetime | None = None,
) -> Survey:
    """Send a regional questionnaire about ``title`` (a workshop, ...) to officers of member administrations.

    The region's coordinators send it; the answers go through the same one-time links, anonymity and
    minimum group as a session's, and each participant's notice belongs to their administration.
    """
    actor = actor_for(actor)
    _require_regional(actor=actor, region_id=region.pk)
    now = now or timezone.now()
    errors: list[FieldError] = []
    if template.region_id != region.pk:
        errors.append(FieldError("template", _("not found")))
    elif template.kind != QuestionnaireTemplate.Kind.REACTION:
        errors.append(FieldError("template", _("must be a reaction questionnaire")))
    title = title.strip()
    if not title or len(title) > 300:
        errors.append(FieldError("title", _("must have 1 to 300 characters")))
    officers = list(dict.fromkeys(officers))
    if not officers:
        errors.append(FieldError("officers", _("nobody to ask")))
    elif any(o.administration.region_id != region.pk for o in officers):
        errors.append(FieldError("officers", _("an officer is not of a member administration of the region")))
    if errors:
        raise DomainError(_("Questionnaire not sent"), errors, code="survey.invalid")
    survey = Survey.objects.create(
        region=region, title=title, template=template, anonymous=template.anonymous, opened_at=now
    )
    message = _("How was %(subject)s? Please answer a short questionnaire.") % {"subject": title}
    for officer in officers:
        token = secrets.token_urlsafe(24)
        Invitation.objects.create(survey=survey, officer=officer, token_hash=token_hash(token))
        if officer.user_id is not None:
            notice_send(
                user=officer.user,
                key=f"evaluation:survey:{survey.pk}",
                message=message,
                url=_respond_url(token),
                administration_id=officer.administration_id,
            )
    audit_record(
        actor=actor.user, action="create", instance=survey, after=snapshot(survey), region_id=region.pk
    )
    return survey


def surveys_launch_due(*, now: dt.datetime | None = None) -> int:
    """Send the default questionnaire of every session that ended recently and has none yet."""
    now = now or timezone.now()
    defaults = dict(
        EvaluationSettings.objects.filter(reaction_template__isnull=False).values_list(
            "administration_id", "reaction_template_id"
        )
    )
    sessions = (
        Session.objects.filter(
            administration_id__in=list(defaults),
            status=Session.Status.SCHEDULED,
            ends_at__lte=now,
            ends_at__gte=now - LAUNCH_WINDOW,
            survey__isnull=True,
            enrolments__state=Enrolment.State.CONFIRMED,
        )
        .distinct()
        .select_related("course")
    )
    templates = {t.pk: t for t in QuestionnaireTemplate.objects.filter(pk__in=list(defaults.values()))}
    launched = 0
    for session in sessions:
        survey_launch(
            actor=None, session=session, template=templates[defaults[session.administration_id]], now=now
        )
        launched += 1
    return launched


def survey_reminders_send(*, now: dt.datetime | None = None) -> int:
    """One reminder notice to each participant who has not answered ``reminder_after_days`` after sending."""
    now = now or timezone.now()
    sent = 0
    days = dict(EvaluationSettings.objects.values_list("administration_id", "reminder_after_days"))
    for survey in Survey.objects.filter(reminded_at__isnull=True).select_related("session__course"):
        wait = days.get(survey.administration_id, 7) if survey.administration_id else 7
        if survey.opened_at + dt.timedelta(days=wait) > now:
            continue
        pending = Invitation.objects.filter(survey=survey, responded=False, officer__user__isnull=False)
        message = _("Reminder: your feedback on %(course)s is still welcome.") % {"course": survey.subject}
        for invitation in pending.select_related("officer__user"):
            # A fresh token: the first link's token is unknown (only its hash is stored).
            token = secrets.token_urlsafe(24)
            invitation.token_hash = token_hash(token)
            invitation.save(update_fields=["token_hash"])
            if notice_send(
                user=invitation.officer.user,
                key=f"evaluation:survey-reminder:{survey.pk}",
                message=message,
                url=_respond_url(token),
                administration_id=survey.administration_id or invitation.officer.administration_id,
            ):
                sent += 1
        survey.reminded_at = now
        survey.save(update_fields=["reminded_at"])
    return sent


# --- answering ------------------------------------------------------------------------------------


def answers_clean(questions: Sequence[Question], raw: Mapping[str, Any]) -> list[Answer]:
    """Check raw answers (keys ``q<question id>``) against the questions; unsaved ``Answer`` rows."""
    errors: list[FieldError] = []
    answers: list[Answer] = []
    for question in questions:
        key = f"q{question.pk}"
        value = raw.get(key)
        value = "" if value is None else str(value).strip()
        if value == "":
            if question.required:
                errors.append(FieldError(key, _("an answer is required")))
            continue
        if question.kind == Question.Kind.LIKERT:
            if value not in {"1", "2", "3", "4", "5"}:
                errors.append(FieldError(key, _("must be a whole number from 1 to 5")))
                continue
            answers.append(Answer(question=question, likert=int(value)))
        elif question.kind == Question.Kind.CHOICE:
            if value not in question.choices:
                errors.append(FieldError(key, _("must be one of the options")))
                continue
            answers.append(Answer(question=question, choice=value))
        else:
            if len(value) > MAX_TEXT:
                errors.append(FieldError(key, _("at most %(max)s characters") % {"max": MAX_TEXT}))
                continue
            answers.append(Answer(question=question, text=value))
    if errors:
        raise DomainError(_("Answers not saved"), errors, code="answers.invalid")
    return answers


@transaction.atomic
def survey_respond(
    *,
    actor: Actor | UserLike,
    answers: Mapping[str, Any],
    token: str | None = None,
    survey_id: int | None = None,
) -> None:
    """Save a participant's answers once, found by one-time link token or (in-app) by survey.

    Anonymous: nothing stored links the answers to the actor.
    """
    actor = actor_for(actor)
    mine = (
        Invitation.objects.select_for_update()
        .select_related("survey", "officer")
        .filter(officer__user_id=actor.user_id or 0)
    )
    if token is not None:
        invitation = mine.filter(token_hash=token_hash(token)).first()
    elif survey_id is not None:
        invitation = mine.filter(survey_id=survey_id).first()
    else:
        invitation = None
    if invitation is None:
        raise NotFound(code="invitation.not_found")
    if invitation.responded:
        raise invalid(
            "token",
            _("this questionnaire has already been answered"),
            _("Answers not saved"),
            code="invitation.already_answered",
        )
    _answers_store(actor=actor, invitation=invitation, answers=answers)


def _answers_store(*, actor: Actor, invitation: Invitation, answers: Mapping[str, Any]) -> None:
    survey = invitation.survey
    rows = answers_clean(list(survey.template.questions.all()), answers)
    response = Response.objects.create(
        survey=survey, officer=None if survey.anonymous else invitation.officer
    )
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    invitation.responded = True
    invitation.save(update_fields=["responded"])
    if not survey.anonymous:
        audit_record(
            actor=actor.user,
            action="create",
            instance=response,
            after=snapshot(response),
            administration_id=survey.administration_id or invitation.officer.administration_id,
            region_id=survey.region_id,
        )


@transaction.atomic
def survey_respond_on_paper(
    *, actor: Actor | UserLike, survey: Survey, officer: Officer, answers: Mapping[str, Any]
) -> None:
    """Enter the answers an invited participant gave on a paper form (workshops often collect them so).

    Whoever sent the survey enters them: the managers of its administration, or the coordinators of
    its region. The participant's invitation counts as answered; an anonymous response keeps no link
    to them, and no audit event names the entry (it would be that link).
    """
    actor = actor_for(actor)
    if survey.region_id is not None:
        _require_regional(actor=actor, region_id=survey.region_id)
    else:
        assert survey.administration_id is not None
        require_manager(actor=actor, administration_id=survey.administration_id)
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("survey", "officer")
        .filter(survey=survey, officer=officer)
        .first()
    )
    if invitation is None:
        raise invalid(
            "officer",
            _("was not asked to answer this questionnaire"),
            _("Answers not saved"),
            code="invitation.not_invited",
        )
    if invitation.responded:
        raise invalid(
            "officer",
            _("has already answered this questionnaire"),
            _("Answers not saved"),
            code="invitation.already_answered",
        )
    _answers_store(actor=actor, invitation=invitation, answers=answers)
