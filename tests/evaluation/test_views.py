"""Pages: they render for the right people, answer 404 to other administrations, and exports are safe."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cadre.catalogue.models import Notice
from cadre.evaluation.models import FollowUp, LearningScore, Programme, ProgrammeBenefit, Response, Survey
from cadre.evaluation.services.followups import follow_ups_schedule
from cadre.evaluation.services.programmes import programme_benefit_add, programme_create
from cadre.evaluation.services.questionnaires import survey_launch
from tests.evaluation.conftest import complete


@pytest.fixture
def full(ev):
    """A sent questionnaire, a due follow-up and a programme with a benefit."""
    survey = survey_launch(actor=ev.world.a.tm, session=ev.session, template=ev.template)
    complete(ev.enrolments[0])
    follow_ups_schedule()
    FollowUp.objects.update(due_on=dt.date.today())
    programme = programme_create(
        actor=ev.world.a.tm,
        administration=ev.world.a.administration,
        name='=HYPERLINK("x")',
        period_start=dt.date.today() - dt.timedelta(days=60),
        period_end=dt.date.today(),
        course_ids=[ev.course.pk],
    )
    benefit = programme_benefit_add(
        actor=ev.world.a.tm, programme=programme, description="=1+1", amount="500"
    )
    return ev, survey, FollowUp.objects.get(), programme, benefit


def _pages(ev, survey, follow_up, programme, benefit):
    a = ev.world.a
    return [
        ("get", reverse("evaluation:session", args=[ev.session.pk])),
        ("get", reverse("evaluation:course", args=[ev.course.pk])),
        ("get", reverse("evaluation:instructor", args=[ev.instructor.pk])),
        ("get", reverse("evaluation:programme", args=[programme.pk])),
        ("get", reverse("evaluation:programme_pdf", args=[programme.pk])),
        ("get", reverse("evaluation:follow_up_detail", args=[follow_up.pk])),
        ("get", reverse("evaluation:settings", args=[a.administration.pk])),
        ("get", reverse("evaluation:respond_survey", args=[survey.pk])),
        ("post", reverse("evaluation:session_launch", args=[ev.session.pk])),
        ("post", reverse("evaluation:session_scores", args=[ev.session.pk])),
        ("post", reverse("evaluation:session_scores_import", args=[ev.session.pk])),
        ("post", reverse("evaluation:benefit_add", args=[programme.pk])),
        ("post", reverse("evaluation:benefit_remove", args=[benefit.pk])),
        ("post", reverse("evaluation:follow_up_detail", args=[follow_up.pk])),
        ("post", reverse("evaluation:settings", args=[a.administration.pk])),
        ("post", reverse("evaluation:unit_kpis_import", args=[a.administration.pk])),
        ("post", reverse("evaluation:respond_survey", args=[survey.pk])),
    ]


def test_foreign_administration_gets_404_everywhere_and_nothing_changes(full, client_for):
    ev, _survey, follow_up, _programme, _benefit = full
    e0 = ev.enrolments[0]
    for user in (ev.world.b.tm, ev.world.b.sup, ev.world.b.learner):
        client = client_for(user)
        for method, url in _pages(*full):
            data = {
                f"pre_{e0.pk}": "50",
                "name": "x",
                "description": "y",
                "amount": "1",
                "follow_up_weeks": "3",
                "reminder_after_days": "2",
                "daily_cost_of_absence": "9",
            }
            response = client.get(url) if method == "get" else client.post(url, data)
            assert response.status_code == 404, (user, url, response.status_code)
    assert not LearningScore.objects.exists()
    assert ProgrammeBenefit.objects.count() == 1
    assert Response.objects.count() == 0
    follow_up.refresh_from_db()
    assert follow_up.state == "scheduled"
    assert not ev.world.a.administration.__class__.objects.filter(evaluation_settings__isnull=False).exists()
    assert (
        client_for(ev.world.b.tm).get(reverse("evaluation:respond", args=["not-a-token"])).status_code == 404
    )


def test_manager_pages_render(full, client_for):
    ev, _survey, _follow_up, programme, _benefit = full
    client = client_for(ev.world.a.tm)
    for url in (
        reverse("evaluation:overview"),
        reverse("evaluation:session", args=[ev.session.pk]),
        reverse("evaluation:course", args=[ev.course.pk]),
        reverse("evaluation:instructor", args=[ev.instructor.pk]),
        reverse("evaluation:programme", args=[programme.pk]),
        reverse("evaluation:programme_list"),
        reverse("evaluation:templates"),
        reverse("evaluation:follow_up_list"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        if url.endswith((f"courses/{ev.course.pk}/", f"programmes/{programme.pk}/")):
            assert b"<svg" in response.content
    pdf = client.get(reverse("evaluation:programme_pdf", args=[programme.pk]))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


def test_programme_export_neutralises_formulas(full, client_for):
    ev, _survey, _follow_up, programme, _benefit = full
    csv = client_for(ev.world.a.tm).get(reverse("evaluation:programme", args=[programme.pk]) + "?format=csv")
    text = csv.content.decode("utf-8-sig")
    assert "'=1+1" in text
    assert "\n=1+1" not in text
    assert ",=1+1" not in text
    xlsx = client_for(ev.world.a.tm).get(
        reverse("evaluation:programme", args=[programme.pk]) + "?format=xlsx"
    )
    assert xlsx.status_code == 200
    assert xlsx.content[:2] == b"PK"


def test_officer_answers_on_the_form_and_supervisor_completes_follow_up(full, client_for):
    ev, survey, follow_up, _programme, _benefit = full
    user = ev.users[0]
    link = Notice.objects.get(user=user, key=f"evaluation:survey:{survey.pk}").url
    client = client_for(user)
    page = client.get(link)
    assert page.status_code == 200
    assert b'type="radio"' in page.content
    questions = list(survey.template.questions.order_by("sequence"))
    bad = client.post(link, {f"q{questions[0].pk}": "7"})
    assert bad.status_code == 400
    assert not Response.objects.exists()
    ok = client.post(link, {f"q{questions[0].pk}": "5", f"q{questions[1].pk}": "Right"})
    assert ok.status_code == 302
    assert Response.objects.get().officer_id is None
    comp = ev.world.competencies[0]
    done = client_for(ev.world.a.sup).post(
        reverse("evaluation:follow_up_detail", args=[follow_up.pk]), {f"level_{comp.pk}": "3"}
    )
    assert done.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.state == "completed"


def test_learner_cannot_open_manager_pages(full, client_for):
    ev, *_ = full
    client = client_for(ev.users[0])
    assert client.get(reverse("evaluation:overview")).status_code == 404
    assert client.get(reverse("evaluation:session", args=[ev.session.pk])).status_code == 404
    assert client.get(reverse("evaluation:course", args=[ev.course.pk])).status_code == 404
    assert Survey.objects.count() == 1
    assert Programme.objects.count() == 1
