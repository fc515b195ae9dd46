"""Regional questionnaires: a region's coordinator asks officers of several administrations about a
regional subject (a workshop); answers use the same links, anonymity and minimum group as a session's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cadre.catalogue.models import Notice
from cadre.core.errors import DomainError
from cadre.evaluation.models import Invitation, QuestionnaireTemplate, Response, Survey
from cadre.evaluation.selectors import has_open_invitation, reaction_summary, regional_templates_for_user
from cadre.evaluation.services import questionnaires as q
from tests.support import factories as f
from tests.support.errors import NOT_FOUND

pytestmark = pytest.mark.django_db

QUESTIONS = q.questions_parse(
    "likert: The workshop met its objectives\nchoice: Length | Too short | Right | Too long\n"
    "text: What will you apply at home? (optional)"
)


@pytest.fixture
def regional(world):
    """A regional questionnaire, and six officers with logins: three of Alpha, three of Beta."""
    template = q.questionnaire_template_create(
        actor=world.coordinator,
        region=world.region,
        name="Workshop evaluation",
        kind="reaction",
        anonymous=True,
        questions=QUESTIONS,
    )
    officers = []
    for side in (world.a, world.b):
        for i in range(3):
            user = f.UserFactory(username=f"ws_{side.administration.code}_{i}")
            f.MembershipFactory(user=user, role="learner", administration=side.administration)
            officers.append(
                f.OfficerFactory(administration=side.administration, org_unit=side.house, user=user)
            )
    return template, officers


def _answers(survey: Survey, likert: int) -> dict[str, str]:
    qs = list(survey.template.questions.order_by("sequence"))
    return {f"q{qs[0].pk}": str(likert), f"q{qs[1].pk}": "Right", f"q{qs[2].pk}": ""}


def test_questions_parse_reads_the_one_line_format():
    assert [(x.kind, x.prompt, x.choices, x.required) for x in QUESTIONS] == [
        ("likert", "The workshop met its objectives", [], True),
        ("choice", "Length", ["Too short", "Right", "Too long"], True),
        ("text", "What will you apply at home?", [], False),
    ]


def test_only_the_region_creates_regional_questionnaires_for_participants(world):
    # a training manager cannot, for the region
    with pytest.raises(NOT_FOUND):
        q.questionnaire_template_create(
            actor=world.a.tm,
            region=world.region,
            name="X",
            kind="reaction",
            anonymous=True,
            questions=QUESTIONS,
        )
    # a regional questionnaire asks participants, not supervisors
    with pytest.raises(DomainError) as exc:
        q.questionnaire_template_create(
            actor=world.coordinator,
            region=world.region,
            name="Follow-up",
            kind="follow_up",
            anonymous=False,
            questions=QUESTIONS,
        )
    assert [e.field for e in exc.value.errors] == ["kind"]
    # one owner, never both
    with pytest.raises(DomainError):
        q.questionnaire_template_create(
            actor=world.coordinator,
            region=world.region,
            administration=world.a.administration,
            name="Both",
            kind="reaction",
            anonymous=True,
            questions=QUESTIONS,
        )
    assert not QuestionnaireTemplate.objects.exists()


def test_regional_templates_are_the_regions_only(world, regional):
    template, _officers = regional
    assert list(regional_templates_for_user(user=world.regional_admin, region_id=world.region.pk)) == [
        template
    ]
    for user in (world.a.tm, world.b.learner):
        assert not regional_templates_for_user(user=user, region_id=world.region.pk).exists()


def test_a_regional_survey_reaches_officers_of_several_administrations_who_answer_anonymously(
    world, regional, client
):
    template, officers = regional
    # when the coordinator sends it about a workshop
    survey = q.survey_launch_regional(
        actor=world.coordinator,
        region=world.region,
        template=template,
        title="Kashiwa workshop",
        officers=officers,
    )
    # then each officer has an invitation and a notice in their own administration
    assert survey.invitations.count() == 6
    notices = Notice.objects.filter(key=f"evaluation:survey:{survey.pk}")
    assert {n.administration_id for n in notices} == {world.a.administration.pk, world.b.administration.pk}
    # and a participant finds it among their questionnaires and answers on the usual page
    user = officers[0].user
    client.force_login(user)
    assert "Kashiwa workshop" in client.get(reverse("evaluation:my_questionnaires")).content.decode()
    assert has_open_invitation(user=user, survey_id=survey.pk)
    form = client.get(reverse("evaluation:respond_survey", args=[survey.pk]))
    assert "Kashiwa workshop" in form.content.decode()
    response = client.post(reverse("evaluation:respond_survey", args=[survey.pk]), _answers(survey, 5))
    assert response.status_code == 302
    assert not has_open_invitation(user=user, survey_id=survey.pk)
    assert Response.objects.get(survey=survey).officer_id is None
    # the results stay hidden under five responses, then show
    assert reaction_summary(survey_ids=[survey.pk]).shown is False
    for officer, likert in zip(officers[1:5], (4, 4, 3, 5), strict=True):
        q.survey_respond(actor=officer.user, survey_id=survey.pk, answers=_answers(survey, likert))
    summary = reaction_summary(survey_ids=[survey.pk])
    assert (summary.invited, summary.responded, summary.shown) == (6, 5, True)
    assert summary.questions[0].likert_mean == pytest.approx((5 + 4 + 4 + 3 + 5) / 5)


def test_the_launch_refuses_foreign_templates_officers_and_callers_and_stores_nothing(world, regional):
    template, officers = regional
    other_region = f.RegionFactory(code="eu", name="Europe")
    foreign_admin = f.AdministrationFactory(region=other_region, code="eu1")
    foreign = f.OfficerFactory(
        administration=foreign_admin, org_unit=f.OrgUnitFactory(administration=foreign_admin)
    )
    with pytest.raises(NOT_FOUND):
        q.survey_launch_regional(
            actor=world.a.tm, region=world.region, template=template, title="W", officers=officers
        )
    with pytest.raises(DomainError) as exc:
        q.survey_launch_regional(
            actor=world.coordinator,
            region=world.region,
            template=template,
            title="",
            officers=[*officers, foreign],
        )
    assert {e.field for e in exc.value.errors} == {"title", "officers"}
    with pytest.raises(DomainError) as exc:
        q.survey_launch_regional(
            actor=world.coordinator, region=world.region, template=template, title="W", officers=[]
        )
    assert [e.field for e in exc.value.errors] == ["officers"]
    assert not Survey.objects.exists()
    assert not Invitation.objects.exists()


def test_reminders_reach_regional_participants(world, regional):
    template, officers = regional
    survey = q.survey_launch_regional(
        actor=world.coordinator, region=world.region, template=template, title="Workshop", officers=officers
    )
    # when a week has passed and nobody answered
    sent = q.survey_reminders_send(now=timezone.now() + dt.timedelta(days=8))
    # then everyone gets one reminder, in their own administration
    assert sent == 6
    reminders = Notice.objects.filter(key=f"evaluation:survey-reminder:{survey.pk}")
    assert {n.administration_id for n in reminders} == {world.a.administration.pk, world.b.administration.pk}
    assert "Workshop" in reminders.first().message


def test_paper_answers_are_entered_by_the_sender_and_count_once(world, regional):
    template, officers = regional
    survey = q.survey_launch_regional(
        actor=world.coordinator, region=world.region, template=template, title="Workshop", officers=officers
    )
    # a focal point cannot enter them, nor can anyone for an officer who was not asked
    with pytest.raises(NOT_FOUND):
        q.survey_respond_on_paper(
            actor=world.a.tm, survey=survey, officer=officers[0], answers=_answers(survey, 4)
        )
    with pytest.raises(DomainError) as exc:
        q.survey_respond_on_paper(
            actor=world.coordinator, survey=survey, officer=world.a.officers[1], answers=_answers(survey, 4)
        )
    assert [e.field for e in exc.value.errors] == ["officer"]
    assert not Response.objects.exists()
    # when the coordinator enters one participant's paper form
    q.survey_respond_on_paper(
        actor=world.coordinator, survey=survey, officer=officers[0], answers=_answers(survey, 2)
    )
    # then it counts as their answer, keeps no link to them, and cannot be entered twice nor online
    assert Invitation.objects.get(survey=survey, officer=officers[0]).responded
    assert Response.objects.get().officer_id is None
    with pytest.raises(DomainError):
        q.survey_respond_on_paper(
            actor=world.coordinator, survey=survey, officer=officers[0], answers=_answers(survey, 2)
        )
    with pytest.raises(DomainError):
        q.survey_respond(actor=officers[0].user, survey_id=survey.pk, answers=_answers(survey, 2))
    assert Response.objects.count() == 1
