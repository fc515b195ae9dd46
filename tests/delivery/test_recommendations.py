"""Recommendations close the largest weighted gaps, say why in words, and respect language and prerequisites."""

import datetime as dt

import pytest
from django.urls import reverse

from cadre.catalogue.models import CourseObjective, CoursePrerequisite, LifecycleStatus, Module
from cadre.delivery.models import Enrolment
from cadre.delivery.recommendations import learner_home, officer_gaps, officer_recommendations
from cadre.strategy.models import ObjectiveCompetency, StrategicObjective
from tests.delivery.conftest import make_course, make_enrolment
from tests.support import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def gaps(world, delivery):
    """The learner: Tariff 1 of 2 required, Valuation 1 of 3 (critical), Origin unknown."""
    officer = world.a.learner_officer
    c = world.competencies
    f.AssessmentFactory(officer=officer, competency=c[0], level=1)
    f.AssessmentFactory(officer=officer, competency=c[1], level=1)
    return officer


def test_reason_in_words_with_the_strategic_objective(world, gaps):
    objective = StrategicObjective.objects.create(
        administration=world.a.administration,
        title="Smart enforcement",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2030, 12, 31),
        priority_weight=3,
    )
    ObjectiveCompetency.objects.create(objective=objective, competency=world.competencies[0], relevance=1)
    by_competency = {g.competency.pk: g for g in officer_gaps(officer=gaps)}
    reason = by_competency[world.competencies[0].pk].reason()
    assert (
        reason
        == "Tariff & Classification: you are Aware, your role needs Trained; it serves the objective Smart enforcement"
    )


def test_courses_ranked_by_weighted_gap_and_filtered(world, delivery, gaps):
    c = world.competencies
    # given courses on Tariff (the fixture's RISK-1), on Valuation, one in French only, one with an unmet prerequisite
    valuation = make_course(world.a.administration, code="VAL")
    CourseObjective.objects.create(course=valuation, competency=c[1], target_level=3)
    french = make_course(world.a.administration, code="FR", languages=["fr"])
    CourseObjective.objects.create(course=french, competency=c[1], target_level=3)
    locked = make_course(world.a.administration, code="LOCKED")
    CourseObjective.objects.create(course=locked, competency=c[1], target_level=3)
    CoursePrerequisite.objects.create(course=locked, required_course=valuation)
    draft = make_course(world.a.administration, code="DRAFT", status=LifecycleStatus.DRAFT)
    CourseObjective.objects.create(course=draft, competency=c[1], target_level=3)
    foreign = make_course(world.b.administration, code="FOREIGN")
    CourseObjective.objects.create(course=foreign, competency=c[1], target_level=3)
    # when recommending
    courses, _modules = officer_recommendations(officer=gaps)
    # then the larger gap (Valuation: 2 levels) comes first, and excluded ones are absent
    assert [r.item.code for r in courses] == ["VAL", "RISK-1"]
    assert courses[0].reason.startswith("Valuation: you are Aware, your role needs Advanced")
    assert courses[1].next_session == delivery.session


def test_courses_already_requested_or_passed_are_left_out(world, delivery, gaps):
    make_enrolment(delivery.session, gaps, Enrolment.State.REQUESTED)
    courses, _ = officer_recommendations(officer=gaps)
    assert "RISK-1" not in [r.item.code for r in courses]


def test_modules_for_gaps_in_the_officers_language(world, gaps):
    c = world.competencies
    short = Module.objects.create(
        region=world.region,
        code="M1",
        title="Valuation in 10 minutes",
        kind="link",
        url="https://example.org/m1",
        minutes=10,
        status=LifecycleStatus.ACTIVE,
        languages=["en"],
    )
    short.competencies.set([c[1]])
    other = Module.objects.create(
        administration=world.a.administration,
        code="M2",
        title="In Japanese",
        kind="link",
        minutes=5,
        status=LifecycleStatus.ACTIVE,
        languages=["ja"],
    )
    other.competencies.set([c[1]])
    _courses, modules = officer_recommendations(officer=gaps)
    assert [m.item.code for m in modules] == ["M1"]


def test_unknown_levels_are_shown_but_not_weighted(world, gaps):
    listed = officer_gaps(officer=gaps)
    assert listed[-1].current is None
    assert listed[-1].weight == 0


def test_my_learning_page(world, delivery, gaps, client_for):
    make_enrolment(delivery.session, gaps, Enrolment.State.CONFIRMED)
    response = client_for(world.a.learner).get(reverse("delivery:my_learning"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "My upcoming sessions" in body
    assert "RISK-1" in body
    assert "Valuation: you are Aware" in body
    home = learner_home(officer=gaps)
    assert home.upcoming == [delivery.session]


def test_my_learning_without_an_officer_record(world, client_for):
    response = client_for(world.a.tm).get(reverse("delivery:my_learning"))
    assert response.status_code == 200
