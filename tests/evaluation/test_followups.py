"""Behaviour follow-ups: scheduled 12 weeks after completion, opened when due, completed by a supervisor."""

from __future__ import annotations

import datetime as dt

import pytest

from cadre.catalogue.models import Notice
from cadre.competencies.models import Assessment
from cadre.core.errors import DomainError
from cadre.evaluation.models import FollowUp
from cadre.evaluation.selectors import behaviour_summary, follow_ups_of_sessions
from cadre.evaluation.services.followups import follow_up_complete, follow_ups_open_due, follow_ups_schedule
from tests.evaluation.conftest import complete
from tests.support import factories as f
from tests.support.errors import NOT_FOUND


@pytest.fixture
def due(ev):
    """Three passed participants (one failed), follow-ups scheduled and made due."""
    for e in ev.enrolments[:3]:
        complete(e)
    complete(ev.enrolments[3], passed=False)
    assert follow_ups_schedule() == 3
    FollowUp.objects.update(due_on=dt.date.today() - dt.timedelta(days=1))
    return ev


def test_follow_ups_are_due_twelve_weeks_after_completion(ev):
    completion = complete(ev.enrolments[0])
    follow_ups_schedule()
    assert follow_ups_schedule() == 0  # once per completion
    assert FollowUp.objects.get().due_on == completion.completed_on + dt.timedelta(weeks=12)


def test_due_follow_ups_notify_the_officers_supervisor(due):
    assert follow_ups_open_due() == 3
    assert Notice.objects.filter(user=due.world.a.sup, key__startswith="evaluation:follow-up:").count() == 3


def test_completion_reassesses_through_competencies_and_decides_transfer(due):
    sup = due.world.a.sup
    officer = due.enrolments[0].officer
    comp = due.world.competencies[0]
    # given a baseline of 1 assessed before the course
    f.AssessmentFactory(
        officer=officer,
        competency=comp,
        level=1,
        source="supervisor",
        assessed_on=due.session.starts_at.date() - dt.timedelta(days=30),
    )
    follow_up = FollowUp.objects.get(enrolment=due.enrolments[0])
    follow_up_complete(actor=sup, follow_up=follow_up, levels={comp.pk: 3}, answers={})
    follow_up.refresh_from_db()
    assert follow_up.state == "completed"
    assert follow_up.transferred is True
    rating = follow_up.ratings.get()
    assert (rating.baseline_level, rating.level, rating.target_level) == (1, 3, 3)
    assert Assessment.objects.filter(officer=officer, source="supervisor", level=3).exists()
    # a second participant stays below the target: not transferred
    other = FollowUp.objects.get(enrolment=due.enrolments[1])
    follow_up_complete(actor=sup, follow_up=other, levels={comp.pk: 2}, answers={})
    summary = behaviour_summary(follow_ups_of_sessions(session_ids=[due.session.pk]))
    assert (summary.completed, summary.due, summary.transferred) == (2, 1, 1)
    assert summary.completion_rate == pytest.approx(2 / 3)
    assert summary.transfer_rate == pytest.approx(0.5)
    assert summary.mean_uplift == pytest.approx(2.0)
    assert summary.uplift_n == 1


def test_bad_level_is_refused_and_nothing_changes(due):
    follow_up = FollowUp.objects.get(enrolment=due.enrolments[0])
    comp = due.world.competencies[0]
    with pytest.raises(DomainError) as exc:
        follow_up_complete(actor=due.world.a.sup, follow_up=follow_up, levels={comp.pk: 99}, answers={})
    assert exc.value.errors[0].field == f"level_{comp.pk}"
    follow_up.refresh_from_db()
    assert follow_up.state == "scheduled"
    assert not follow_up.ratings.exists()
    assert not Assessment.objects.filter(source="supervisor").exists()


def test_foreign_supervisor_cannot_complete(due):
    follow_up = FollowUp.objects.get(enrolment=due.enrolments[0])
    with pytest.raises(NOT_FOUND):
        follow_up_complete(
            actor=due.world.b.sup, follow_up=follow_up, levels={due.world.competencies[0].pk: 3}, answers={}
        )
    follow_up.refresh_from_db()
    assert follow_up.state == "scheduled"


def test_not_due_is_refused(ev):
    complete(ev.enrolments[0])
    follow_ups_schedule()
    follow_up = FollowUp.objects.get()
    with pytest.raises(DomainError) as exc:
        follow_up_complete(
            actor=ev.world.a.sup, follow_up=follow_up, levels={ev.world.competencies[0].pk: 3}, answers={}
        )
    assert exc.value.errors[0].field == "follow_up"
