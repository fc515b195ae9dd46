"""Measured effectiveness fed back: the content-lifecycle dashboard flags, recommendations reorder."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from cadre.catalogue.models import CourseObjective
from cadre.delivery.recommendations import course_effectiveness_multipliers, officer_recommendations
from cadre.evaluation.services.learning import learning_score_record
from cadre.tenancy.access import actor_for
from tests.delivery.conftest import make_course, make_enrolment
from tests.evaluation.conftest import ended_session
from tests.support import factories as f

pytestmark = pytest.mark.django_db


def _no_gain(world, course, participants: int = 6) -> None:
    """Participants who learned nothing: pre 50, post 50 (normalised gain 0)."""
    a = world.a
    session = ended_session(course)
    for _ in range(participants):
        officer = f.OfficerFactory(administration=a.administration, org_unit=a.house, position=a.position)
        enrolment = make_enrolment(session, officer)
        learning_score_record(actor=actor_for(a.tm), enrolment=enrolment, phase="pre", score=50)
        learning_score_record(actor=actor_for(a.tm), enrolment=enrolment, phase="post", score=50)


def test_dashboard_lists_a_course_flagged_for_low_effectiveness(world, client, ev):
    # given six participants of Alpha's VAL-1 who gained nothing (declared uplift 1)
    for enrolment in ev.enrolments:
        learning_score_record(actor=actor_for(world.a.tm), enrolment=enrolment, phase="pre", score=50)
        learning_score_record(actor=actor_for(world.a.tm), enrolment=enrolment, phase="post", score=50)
    # when Alpha's manager opens the obsolescence dashboard
    client.force_login(world.a.tm)
    page = client.get(reverse("catalogue:obsolescence")).content.decode()
    # then the course is listed, flagged for low effectiveness, linking to its evaluation
    assert "Flagged by evaluation" in page
    assert reverse("evaluation:course", args=[ev.course.pk]) in page
    assert "low effectiveness" in page
    # and Beta's manager does not see it
    client.force_login(world.b.tm)
    foreign = client.get(reverse("catalogue:obsolescence"))
    assert foreign.status_code == 200
    assert "VAL-1" not in foreign.content.decode()


def test_evidence_changes_the_recommendation_order(world):
    # given a learner at Valuation 1 of 3 and two equal courses on Valuation, tied on score
    c = world.competencies
    officer = world.a.learner_officer
    f.AssessmentFactory(officer=officer, competency=c[0], level=1)
    f.AssessmentFactory(officer=officer, competency=c[1], level=1)
    first = make_course(world.a.administration, code="AAA", declared_uplift=Decimal("1.00"))
    second = make_course(world.a.administration, code="BBB", declared_uplift=Decimal("1.00"))
    for course in (first, second):
        CourseObjective.objects.create(course=course, competency=c[1], target_level=3)
    before, _ = officer_recommendations(officer=officer)
    assert [r.item.code for r in before][:2] == ["AAA", "BBB"]
    assert before[0].score == pytest.approx(before[1].score)
    # when AAA's participants turn out to learn nothing
    _no_gain(world, first)
    # then AAA's multiplier drops well below 1 and BBB (no evidence) keeps 1
    multipliers = course_effectiveness_multipliers(course_ids=[first.pk, second.pk])
    assert multipliers[first.pk] < 0.2
    assert multipliers[second.pk] == pytest.approx(1.0)
    # and BBB now comes first, AAA's score scaled by its measured effectiveness
    after, _ = officer_recommendations(officer=officer)
    codes = [r.item.code for r in after]
    assert codes.index("BBB") < codes.index("AAA")
    aaa = next(r for r in after if r.item.code == "AAA")
    assert aaa.score == pytest.approx(before[0].score * multipliers[first.pk])
