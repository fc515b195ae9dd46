"""Reaction questionnaires: sending, answering, anonymity, small groups hidden, reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import models
from django.utils import timezone

from cadre.catalogue.models import Notice
from cadre.core.errors import DomainError
from cadre.core.models import AuditEvent
from cadre.evaluation.models import Answer, Invitation, Response, Survey
from cadre.evaluation.selectors import reaction_summary
from cadre.evaluation.services import questionnaires as q
from cadre.evaluation.services.settings import evaluation_settings_set
from tests.support.errors import NOT_FOUND


def _token(user) -> str:
    return (
        Notice.objects.get(user=user, key__startswith="evaluation:survey:").url.rstrip("/").rsplit("/", 1)[1]
    )


def _answers(survey: Survey, likert: int = 4, pace: str = "Right", text: str = "") -> dict[str, str]:
    qs = list(survey.template.questions.order_by("sequence"))
    return {f"q{qs[0].pk}": str(likert), f"q{qs[1].pk}": pace, f"q{qs[2].pk}": text}


def test_launch_sends_a_notice_with_a_one_time_link(ev):
    # when the manager sends the questionnaire of the ended session
    survey = q.survey_launch(actor=ev.world.a.tm, session=ev.session, template=ev.template)
    # then each confirmed participant has an invitation and a notice linking to their token
    assert survey.invitations.count() == 6
    assert survey.anonymous
    for user in ev.users:
        assert _token(user)


def test_launch_refuses_a_session_not_yet_ended_naming_the_field(ev):
    ev.session.ends_at = timezone.now() + dt.timedelta(days=1)
    ev.session.save()
    with pytest.raises(DomainError) as exc:
        q.survey_launch(actor=ev.world.a.tm, session=ev.session, template=ev.template)
    assert exc.value.errors[0].field == "session"
    assert not Survey.objects.exists()


def test_anonymous_answers_have_no_link_to_a_person(ev):
    # given a sent anonymous questionnaire
    survey = q.survey_launch(actor=ev.world.a.tm, session=ev.session, template=ev.template)
    user = ev.users[0]
    # when a participant answers
    q.survey_respond(actor=user, token=_token(user), answers=_answers(survey, text="More cases"))
    # then the response has no officer, no timestamp and a random key; no audit names the respondent
    response = Response.objects.get()
    assert response.officer_id is None
    assert not any(isinstance(fl, models.DateTimeField | models.DateField) for fl in Response._meta.fields)
    assert not any(isinstance(fl, models.DateTimeField | models.DateField) for fl in Answer._meta.fields)
    assert not [
        fl for fl in Invitation._meta.get_fields() if getattr(fl, "related_model", None) in (Response, Answer)
    ]
    assert not [fl for fl in Response._meta.get_fields() if getattr(fl, "related_model", None) is Invitation]
    assert not AuditEvent.objects.filter(entity_type__startswith="evaluation.response").exists()
    assert not AuditEvent.objects.filter(actor=user).exists()
    # and the invitation only knows it was used
    assert Invitation.objects.get(officer__user=user).responded


def test_a_token_answers_once_and_only_for_its_owner(ev):
    survey = q.survey_launch(actor=ev.world.a.tm, session=ev.session, template=ev.template)
    token = _token(ev.users[0])
    with pytest.raises(NOT_FOUND) as foreign:  # another participant using someone else's link: 404
        q.survey_respond(actor=ev.users[1], token=token, answers=_answers(survey))
    assert foreign.value.code == "invitation.not_found"
    q.survey_respond(actor=ev.users[0], token=token, answers=_answers(survey))
    with pytest.raises(DomainError) as again:
        q.survey_respond(actor=ev.users[0], token=token, answers=_answers(survey))
    assert again.value.errors[0].field == "token"
    assert Response.objects.count() == 1


def test_bad_answers_name_the_question_and_store_nothing(ev):
    survey = q.survey_launch(actor=ev.world.a.tm, session=ev.session, template=ev.template)
    answers = _answers(survey, likert=9, pace="Sideways")
    with pytest.raises(DomainError) as exc:
        q.survey_respond(actor=ev.users[0], token=_token(ev.users[0]), answers=answers)
    fields = {e.field for e in exc.value.errors}
    qs = list(survey.template.questions.order_by("sequence"))
    assert fields == {f"q{qs[0].pk}", f"q{qs[1].pk}"}
    assert not Response.objects.exists()
    assert not Answer.objects.exists()
    assert not Invitation.objects.filter(responded=True).exists()


def test_results_hidden_below_five_responses_and_shown_from_five(ev):
    survey = q.survey_launch(actor=ev.world.a.tm, session=ev.session, template=ev.template)
    for i, user in enumerate(ev.users[:4]):
        q.survey_respond(actor=user, token=_token(user), answers=_answers(survey, likert=2 + i % 3))
    hidden = reaction_summary(survey_ids=[survey.pk])
    # then with 4 responses only the counts are known
    assert (hidden.responded, hidden.invited, hidden.shown, hidden.questions, hidden.satisfaction) == (
        4,
        6,
        False,
        [],
        None,
    )
    q.survey_respond(
        actor=ev.users[4], token=_token(ev.users[4]), answers=_answers(survey, likert=5, text="b")
    )
    shown = reaction_summary(survey_ids=[survey.pk])
    assert shown.shown
    assert shown.responses == 5
    assert shown.response_rate == pytest.approx(5 / 6)
    # likert answers 2, 3, 4, 2, 5 -> mean 3.2
    assert shown.satisfaction == pytest.approx(3.2)
    assert shown.questions[0].likert_counts == [0, 2, 1, 1, 1]
    assert dict(shown.questions[1].choice_counts) == {"Too slow": 0, "Right": 5, "Too fast": 0}


def test_default_template_is_sent_by_the_sweep_and_reminders_go_once(ev):
    evaluation_settings_set(
        actor=ev.world.a.tm,
        administration=ev.world.a.administration,
        follow_up_weeks=12,
        reminder_after_days=3,
        daily_cost_of_absence="100",
        reaction_template=ev.template,
    )
    assert q.surveys_launch_due() == 1
    assert q.surveys_launch_due() == 0  # a session is surveyed once
    survey = Survey.objects.get()
    q.survey_respond(actor=ev.users[0], token=_token(ev.users[0]), answers=_answers(survey))
    later = timezone.now() + dt.timedelta(days=4)
    assert q.survey_reminders_send(now=later) == 5  # the five who have not answered
    assert q.survey_reminders_send(now=later) == 0
    # the reminder's fresh link works for the participant
    reminder = Notice.objects.get(user=ev.users[1], key__startswith="evaluation:survey-reminder")
    q.survey_respond(
        actor=ev.users[1], token=reminder.url.rstrip("/").rsplit("/", 1)[1], answers=_answers(survey)
    )
    assert Response.objects.count() == 2


def test_template_validation_names_fields(ev):
    with pytest.raises(DomainError) as exc:
        q.questionnaire_template_create(
            actor=ev.world.a.tm,
            administration=ev.world.a.administration,
            name="After the course",
            kind="follow_up",
            anonymous=True,
            questions=[q.QuestionInput("choice", "x", ["only one"])],
        )
    assert {e.field for e in exc.value.errors} == {"name", "anonymous", "questions[1]"}
