"""Measured effectiveness: evidence moves the estimate from the declared uplift; flags for review."""

from __future__ import annotations

import datetime as dt

import pytest

from cadre.evaluation.models import FollowUp
from cadre.evaluation.selectors import course_effectiveness, courses_flagged_for_review
from cadre.evaluation.services.followups import follow_up_complete, follow_ups_schedule
from cadre.evaluation.services.learning import learning_score_record
from cadre.tenancy.access import actor_for
from tests.evaluation.conftest import complete
from tests.support import factories as f


def test_without_evidence_the_declared_uplift_stands(ev):
    eff = course_effectiveness(course_ids=[ev.course.pk, 999999])
    assert list(eff) == [ev.course.pk]
    e = eff[ev.course.pk]
    assert (e.estimate, e.evidence, e.weight, e.observed_uplift) == (1.0, 0, 0.0, None)
    assert not e.low_effectiveness


def test_learning_evidence_by_hand(ev):
    # given normalised gains 0.5 and 0.5 (40->70, 60->80): learning uplift 0.5 x declared 1.0 each
    for enrolment, (pre, post) in zip(ev.enrolments, [(40, 70), (60, 80)], strict=False):
        learning_score_record(actor=actor_for(ev.world.a.tm), enrolment=enrolment, phase="pre", score=pre)
        learning_score_record(actor=actor_for(ev.world.a.tm), enrolment=enrolment, phase="post", score=post)
    e = course_effectiveness(course_ids=[ev.course.pk])[ev.course.pk]
    # observations [0.5, 0.5]: variance 0 -> floor 0.05; weight = .25 / (.25 + .05/2) = 10/11
    assert e.observed_uplift == pytest.approx(0.5)
    assert e.weight == pytest.approx(10 / 11)
    assert e.estimate == pytest.approx(10 / 11 * 0.5 + 1 / 11 * 1.0)
    assert e.learning_evidence == 2
    assert e.behaviour_evidence == 0
    # the whole interval lies below the declared uplift: flagged for the lifecycle dashboard
    assert e.low_effectiveness
    flags = courses_flagged_for_review(user=ev.world.a.tm)
    assert [(fl.course.pk, fl.reasons) for fl in flags] == [(ev.course.pk, ["low_effectiveness"])]
    assert courses_flagged_for_review(user=ev.world.b.tm) == []


def test_behaviour_evidence_replaces_learning_evidence_and_changes_the_planner_input(ev):
    comp = ev.world.competencies[0]
    before = course_effectiveness(course_ids=[ev.course.pk])[ev.course.pk].estimate
    for enrolment in ev.enrolments[:3]:
        complete(enrolment)
        f.AssessmentFactory(
            officer=enrolment.officer,
            competency=comp,
            level=0,
            source="supervisor",
            assessed_on=ev.session.starts_at.date() - dt.timedelta(days=5),
        )
    follow_ups_schedule()
    FollowUp.objects.update(due_on=dt.date.today())
    for follow_up in FollowUp.objects.all():
        follow_up_complete(actor=ev.world.a.sup, follow_up=follow_up, levels={comp.pk: 3}, answers={})
    e = course_effectiveness(course_ids=[ev.course.pk])[ev.course.pk]
    # three officers went 0 -> 3: observed uplift 3 levels, far above the declared 1
    assert e.behaviour_evidence == 3
    assert e.observed_uplift == pytest.approx(3.0)
    assert before == pytest.approx(1.0)
    assert 1.0 < e.estimate < 3.0
    assert e.ratio == pytest.approx(e.estimate / 1.0)
