from __future__ import annotations

import datetime as dt

import pytest

from cadre.community.models import Nomination
from cadre.community.selectors import event_nominations, participant_list, quota_status
from cadre.community.services import (
    call_open,
    nomination_create,
    nomination_decline,
    nomination_select,
    nomination_waitlist,
    nomination_withdraw,
    selection_close,
)
from cadre.core.errors import DomainError
from tests.community.conftest import TODAY
from tests.support import factories as f
from tests.support.errors import NOT_FOUND

pytestmark = pytest.mark.django_db


def _nominate(world, event, officer, side="a"):
    return nomination_create(actor=getattr(world, side).tm, event=event, officer=officer, today=TODAY)


def test_quota_per_administration_is_enforced(world, event, call):
    # given Alpha's quota of two is used
    a1, a2, a3 = world.a.officers[:3]
    _nominate(world, event, a1)
    _nominate(world, event, a2)
    # when a third is nominated, then refused naming the field and nothing stored
    with pytest.raises(DomainError) as exc:
        _nominate(world, event, a3)
    assert exc.value.errors[0].field == "officer"
    assert "quota" in exc.value.errors[0].reason
    assert Nomination.objects.filter(administration=world.a.administration).count() == 2
    # and Beta's quota is independent
    _nominate(world, event, world.b.officers[0], "b")


def test_quota_override_and_withdrawal_frees_quota(world, event):
    call_open(
        actor=world.coordinator,
        event=event,
        closes_on=dt.date(2030, 2, 1),
        quota_per_administration=2,
        quotas={world.a.administration.pk: 1},
    )
    first = _nominate(world, event, world.a.officers[0])
    with pytest.raises(DomainError):
        _nominate(world, event, world.a.officers[1])
    nomination_withdraw(actor=world.a.tm, nomination=first)
    _nominate(world, event, world.a.officers[1])
    rows = {r.administration: (r.quota, r.used) for r in quota_status(user=world.coordinator, event=event)}
    assert rows == {"Alpha Customs": (1, 1), "Beta Customs": (2, 0)}


def test_eligibility_rules_position_language_and_level(world, event):
    other_position = f.PositionFactory(administration=world.a.administration, title="Auditor")
    world.a.officers[1].position = other_position
    world.a.officers[1].save(update_fields=["position"])
    world.a.officers[0].languages = ["en"]
    world.a.officers[0].save(update_fields=["languages"])
    call_open(
        actor=world.coordinator,
        event=event,
        closes_on=dt.date(2030, 2, 1),
        quota_per_administration=5,
        eligible_position_titles=["Customs examiner"],
        required_languages=["en"],
        required_competency_id=world.competencies[0].pk,
        required_level=2,
    )
    # the officer with the wrong position, and the one without English or a level, are refused
    for officer in world.a.officers[:2]:
        with pytest.raises(DomainError):
            _nominate(world, event, officer)
    # once assessed at level 2, the English speaker with the right position is eligible
    f.AssessmentFactory(officer=world.a.officers[0], competency=world.competencies[0], level=2)
    _nominate(world, event, world.a.officers[0])


def test_closed_call_and_foreign_nominations_refused(world, event, call):
    with pytest.raises(DomainError):
        nomination_create(
            actor=world.a.tm, event=event, officer=world.a.officers[0], today=dt.date(2030, 2, 2)
        )
    with pytest.raises(NOT_FOUND):  # Beta cannot nominate Alpha's officer
        nomination_create(actor=world.b.tm, event=event, officer=world.a.officers[0], today=TODAY)
    with pytest.raises(NOT_FOUND):  # a learner is not a focal point
        nomination_create(actor=world.a.learner, event=event, officer=world.a.officers[0], today=TODAY)
    assert not Nomination.objects.exists()


def test_selection_seats_waiting_list_and_promotion(world, event, call):
    # given three nominations for two seats
    n1 = _nominate(world, event, world.a.officers[0])
    n2 = _nominate(world, event, world.a.officers[1])
    n3 = _nominate(world, event, world.b.officers[0], "b")
    n4 = _nominate(world, event, world.b.officers[1], "b")
    # when the coordinator selects two, waitlists one and then the event is full
    nomination_select(actor=world.coordinator, nomination=n1)
    nomination_select(actor=world.coordinator, nomination=n3)
    nomination_waitlist(actor=world.coordinator, nomination=n2)
    with pytest.raises(DomainError) as exc:
        nomination_select(actor=world.coordinator, nomination=n4)
    assert exc.value.errors[0].field == "seats"
    # then a withdrawal promotes the head of the waiting list
    nomination_withdraw(actor=world.b.tm, nomination=n3)
    n2.refresh_from_db()
    assert n2.state == "selected"
    assert n2.waitlist_position is None
    selection_close(actor=world.coordinator, event=event)
    n4.refresh_from_db()
    assert n4.state == "not_selected"
    assert [n.officer for n in participant_list(user=world.coordinator, event=event)] == sorted(
        [world.a.officers[0], world.a.officers[1]], key=lambda o: (o.family_name, o.given_name, o.pk)
    )


def test_only_the_region_selects_and_nominations_stay_private(world, event, call):
    n1 = _nominate(world, event, world.a.officers[0])
    _nominate(world, event, world.b.officers[0], "b")
    with pytest.raises(NOT_FOUND):
        nomination_select(actor=world.a.tm, nomination=n1)
    with pytest.raises(NOT_FOUND):
        nomination_decline(actor=world.b.tm, nomination=n1)
    with pytest.raises(NOT_FOUND):
        nomination_withdraw(actor=world.b.tm, nomination=n1)
    n1.refresh_from_db()
    assert n1.state == "nominated"
    assert {n.administration for n in event_nominations(user=world.b.tm, event=event)} == {
        world.b.administration
    }
    assert list(event_nominations(user=world.a.learner, event=event)) == []
    assert event_nominations(user=world.coordinator, event=event).count() == 2
