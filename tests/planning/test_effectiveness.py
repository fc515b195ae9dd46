"""The planner reads each course's measured effectiveness from evaluation (1 until evidence exists)."""

import datetime as dt

import pytest
from django.utils import timezone

from cadre.catalogue.models import CourseObjective
from cadre.evaluation.models import LearningScore
from cadre.planning import services
from cadre.tenancy.access import actor_for
from tests.delivery.conftest import make_course, make_enrolment, make_session

pytestmark = pytest.mark.django_db


def test_course_with_low_measured_effectiveness_gets_a_lower_value(planned):
    # given a second course on the same gap whose participants learned nothing (pre = post)
    a = planned.a
    weak = make_course(a.administration, code="WEAK-1", min_participants=1, max_participants=10)
    CourseObjective.objects.create(course=weak, competency=planned.competencies[0], target_level=3)
    session = make_session(weak, start=(timezone.now() - dt.timedelta(days=20)).replace(microsecond=0))
    for officer in a.officers:
        enrolment = make_enrolment(session, officer)
        for phase in ("pre", "post"):
            LearningScore.objects.create(
                administration=a.administration, enrolment=enrolment, phase=phase, score=50
            )
    plan = services.plan_create(
        actor=actor_for(a.tm),
        administration=a.administration,
        name="2027",
        year=2027,
        budget="5000",
        snapshot_row=a.snapshot,
    )
    # when the problem is built
    courses = {c.key: c for c in services.plan_problem(plan=plan).courses}
    # then the unmeasured course keeps 1 and the weak one is scaled down
    assert courses[a.course.pk].effectiveness == pytest.approx(1.0)
    assert 0 <= courses[weak.pk].effectiveness < 0.5
