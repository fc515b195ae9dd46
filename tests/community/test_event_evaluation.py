"""A workshop's evaluation form: the coordinator sends it to those who attended, they answer on the
evaluation app's pages, and the coordinator reads the results on the event page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from cadre.community.models import Event
from cadre.community.services import (
    WORKSHOP_QUESTIONS,
    attendance_record,
    call_open,
    event_create,
    event_evaluation_send,
    nomination_create,
    nomination_select,
)
from cadre.core.errors import DomainError
from cadre.evaluation.models import Invitation, QuestionnaireTemplate, Survey
from cadre.evaluation.services.questionnaires import questionnaire_template_create, questions_parse
from tests.support import factories as f
from tests.support.errors import NOT_FOUND

pytestmark = pytest.mark.django_db

NOMINATED_ON = dt.date(2030, 1, 15)
AFTER = dt.date(2030, 3, 9)


@pytest.fixture
def held(world, monkeypatch):
    """A workshop of 7 selected participants (4 of Alpha, 3 of Beta), 6 of whom attended; all have logins."""
    event = event_create(
        actor=world.coordinator,
        region=world.region,
        code="eval-ws",
        title="Evaluation workshop",
        starts_on=dt.date(2030, 3, 4),
        ends_on=dt.date(2030, 3, 8),
        venue="Kashiwa",
        seats=10,
    )
    call_open(actor=world.coordinator, event=event, closes_on=dt.date(2030, 2, 1), quota_per_administration=4)
    people = []
    for side, count in ((world.a, 4), (world.b, 3)):
        for i, officer in enumerate(side.officers[:count]):
            if officer.user_id is None:
                officer.user = f.UserFactory(username=f"p_{side.administration.code}_{i}")
                officer.save(update_fields=["user"])
                f.MembershipFactory(user=officer.user, role="learner", administration=side.administration)
            nomination = nomination_create(actor=side.tm, event=event, officer=officer, today=NOMINATED_ON)
            nomination_select(actor=world.coordinator, nomination=nomination)
            people.append(nomination)
    for nomination in people[:6]:
        attendance_record(actor=world.coordinator, nomination=nomination, attended=True)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: AFTER)
    return event, people


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_form_goes_to_those_who_attended_only(world, held):
    event, people = held
    # when the coordinator sends the region's standard form
    survey = event_evaluation_send(
        actor=world.coordinator, event=event, questions=questions_parse(WORKSHOP_QUESTIONS)
    )
    # then the six who attended are invited, the one who did not is not; the event keeps the survey
    invited = set(Invitation.objects.filter(survey=survey).values_list("officer_id", flat=True))
    assert invited == {n.officer_id for n in people[:6]}
    assert Event.objects.get(pk=event.pk).survey_id == survey.pk
    assert (survey.region_id, survey.title, survey.anonymous) == (world.region.pk, event.title, True)
    assert QuestionnaireTemplate.objects.get().region_id == world.region.pk
    # and it is sent once only
    with pytest.raises(DomainError) as exc:
        event_evaluation_send(
            actor=world.coordinator, event=event, questions=questions_parse(WORKSHOP_QUESTIONS)
        )
    assert exc.value.status == 409


def test_refused_before_the_end_without_attendance_or_by_a_member(world, held):
    event, _people = held
    # before the event ends
    with pytest.raises(DomainError) as exc:
        event_evaluation_send(
            actor=world.coordinator,
            event=event,
            questions=questions_parse(WORKSHOP_QUESTIONS),
            today=dt.date(2030, 3, 5),
        )
    assert [e.field for e in exc.value.errors] == ["event"]
    # by a focal point
    with pytest.raises(NOT_FOUND):
        event_evaluation_send(actor=world.a.tm, event=event, questions=questions_parse(WORKSHOP_QUESTIONS))
    # with bad questions: nothing stored, not even the questionnaire
    with pytest.raises(DomainError):
        event_evaluation_send(actor=world.coordinator, event=event, questions=questions_parse("likert:"))
    assert not Survey.objects.exists()
    assert not QuestionnaireTemplate.objects.exists()
    assert Event.objects.get(pk=event.pk).survey_id is None


def test_participants_answer_and_the_coordinator_reads_the_results_on_the_event_page(world, held):
    event, people = held
    detail = reverse("community:event_detail", args=[event.pk])
    # given the coordinator sends the form through the event page
    coordinator = _client(world.coordinator)
    response = coordinator.post(
        reverse("community:event_evaluation_send", args=[event.pk]),
        {"questions": WORKSHOP_QUESTIONS, "anonymous": "on"},
    )
    assert response.status_code == 302
    survey = Survey.objects.get()
    questions = list(survey.template.questions.order_by("sequence"))
    # when five participants answer on the evaluation app's page, found from the event page
    for n, nomination in enumerate(people[:5]):
        participant = _client(nomination.officer.user)
        page = participant.get(detail).content.decode()
        answer_url = reverse("evaluation:respond_survey", args=[survey.pk])
        assert answer_url in page
        answers = {f"q{q.pk}": "" for q in questions}
        answers.update({f"q{q.pk}": str(4 + n % 2) for q in questions if q.kind == "likert"})
        answers[f"q{questions[4].pk}"] = "Good"
        answers[f"q{questions[5].pk}"] = f"Idea {n}"
        assert participant.post(answer_url, answers).status_code == 302
        assert answer_url not in participant.get(detail).content.decode()
    # then the coordinator sees the results: 5 of 6 answered, the mean agreement, the choices and texts
    page = coordinator.get(detail).content.decode()
    assert 'id="evaluation-results"' in page
    assert "5 of 6 participants answered" in page
    assert "<strong>4.4</strong>" in page  # (4 + 5 + 4 + 5 + 4) / 5 on each Likert question
    assert "Good: 5" in page
    assert "Idea 3" in page
    # and a focal point sees neither the results nor the form
    focal = _client(world.a.tm).get(detail).content.decode()
    assert 'id="evaluation-results"' not in focal
    assert reverse("community:event_evaluation_send", args=[event.pk]) not in focal


def test_the_results_stay_hidden_below_five_responses(world, held):
    event, people = held
    survey = event_evaluation_send(
        actor=world.coordinator, event=event, questions=questions_parse(WORKSHOP_QUESTIONS)
    )
    answer_url = reverse("evaluation:respond_survey", args=[survey.pk])
    questions = list(survey.template.questions.order_by("sequence"))
    answers = {f"q{q.pk}": "3" if q.kind == "likert" else "" for q in questions}
    answers[f"q{questions[4].pk}"] = "Fair"
    assert _client(people[0].officer.user).post(answer_url, answers).status_code == 302
    page = _client(world.coordinator).get(reverse("community:event_detail", args=[event.pk])).content.decode()
    assert "1 of 6 participants answered" in page
    assert "Fair: 1" not in page


def test_a_questionnaire_of_another_region_or_a_member_posting_is_404(world, held):
    event, _people = held
    other = f.RegionFactory(code="eu", name="Europe")
    stranger = f.UserFactory(username="eu_coordinator")
    f.MembershipFactory(user=stranger, role="regional_coordinator", region=other)
    foreign = questionnaire_template_create(
        actor=stranger,
        region=other,
        name="Europe's form",
        kind="reaction",
        anonymous=True,
        questions=questions_parse(WORKSHOP_QUESTIONS),
    )
    url = reverse("community:event_evaluation_send", args=[event.pk])
    assert _client(world.coordinator).post(url, {"template": foreign.pk}).status_code == 404
    assert _client(world.a.tm).post(url, {"questions": WORKSHOP_QUESTIONS}).status_code == 404
    assert _client(stranger).post(url, {"questions": WORKSHOP_QUESTIONS}).status_code == 404
    assert not Survey.objects.exists()
