"""Bulk decisions on enrolments and bulk nominations: one transaction, the single rules per item."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cadre.catalogue.models import CoursePrerequisite
from cadre.core.errors import DomainError
from cadre.core.models import AuditEvent
from cadre.delivery.bulk import EnrolmentSelection, enrolments_bulk_decide, session_nominate_many
from cadre.delivery.enrolment_lists import EnrolmentFilter
from cadre.delivery.models import DeliveryPolicy, Enrolment
from tests.delivery.conftest import make_course, make_enrolment, make_session
from tests.support import factories as f

pytestmark = pytest.mark.django_db
State = Enrolment.State


def _officers(side, n, unit=None):
    return [
        f.OfficerFactory(
            administration=side.administration, org_unit=unit or side.house, position=side.position
        )
        for _ in range(n)
    ]


def _enrol(session, officers, state, *, start=None):
    """Enrolments requested one minute apart, the first the oldest."""
    start = start or timezone.now() - dt.timedelta(days=5)
    out = []
    for i, officer in enumerate(officers):
        enrolment = make_enrolment(session, officer, state)
        Enrolment.objects.filter(pk=enrolment.pk).update(requested_at=start + dt.timedelta(minutes=i))
        out.append(enrolment)
    return out


def _states(enrolments):
    return [Enrolment.objects.get(pk=e.pk).state for e in enrolments]


def _ids(enrolments):
    return EnrolmentSelection(ids=tuple(e.pk for e in enrolments))


def test_seats_run_out_halfway_the_rest_go_to_the_waiting_list(world, delivery):
    # given five approved requests for a session of three seats
    delivery.session.seats = 3
    delivery.session.save(update_fields=["seats"])
    enrolments = _enrol(delivery.session, _officers(world.a, 5, world.a.other_house), State.APPROVED)
    # when the training manager confirms them all at once (listed newest first)
    summary = enrolments_bulk_decide(actor=world.a.tm, selection=_ids(reversed(enrolments)), action="confirm")
    # then the three oldest requests hold the seats and the two others wait, as one by one
    assert _states(enrolments) == [State.CONFIRMED] * 3 + [State.WAITLISTED] * 2
    assert [item.outcome for item in summary.done] == ["Confirmed"] * 3 + ["On the waiting list"] * 2
    assert summary.refused == []
    # and each item is audited on its own
    events = AuditEvent.objects.filter(entity_type="delivery.enrolment", action="update")
    assert sorted(int(e.entity_id) for e in events) == sorted(e.pk for e in enrolments)


@pytest.mark.parametrize(("seats", "approved", "taken"), [(1, 3, 0), (4, 4, 1), (2, 5, 1)])
def test_bulk_confirm_gives_what_one_by_one_would(world, delivery, seats, approved, taken):
    # given a session with some seats already taken and approved requests, posted in a shuffled order
    delivery.session.seats = seats
    delivery.session.save(update_fields=["seats"])
    _enrol(delivery.session, _officers(world.a, taken, world.a.other_house), State.CONFIRMED)
    enrolments = _enrol(delivery.session, _officers(world.a, approved, world.a.other_house), State.APPROVED)
    shuffled = enrolments[1::2] + enrolments[::2]
    # when confirmed in bulk
    enrolments_bulk_decide(actor=world.a.tm, selection=_ids(shuffled), action="confirm")
    # then never more seats than the session has, and the earliest requests hold them
    free = max(seats - taken, 0)
    assert _states(enrolments) == [State.CONFIRMED] * min(free, approved) + [State.WAITLISTED] * max(
        approved - free, 0
    )
    assert Enrolment.objects.filter(session=delivery.session, state=State.CONFIRMED).count() <= seats


def test_absence_cap_refuses_inside_the_set_and_the_others_stand(world, delivery):
    # given a refusing cap of one officer of the port house away at a time
    DeliveryPolicy.objects.create(
        administration=world.a.administration, away_cap_share=Decimal("0.34"), away_cap_mode="refuse"
    )
    enrolments = _enrol(delivery.session, world.a.officers[:3], State.REQUESTED)
    # when the supervisor approves all three
    summary = enrolments_bulk_decide(actor=world.a.sup, selection=_ids(enrolments), action="approve")
    # then the first is approved and the two others are refused, naming the officer, session and why
    assert _states(enrolments) == [State.APPROVED, State.REQUESTED, State.REQUESTED]
    assert len(summary.done) == 1
    assert [item.item_id for item in summary.refused] == [e.pk for e in enrolments[1:]]
    refused = summary.refused[0]
    assert world.a.officers[1].employee_number in refused.who
    assert delivery.course.code in refused.what
    assert "Port Customs House" in refused.outcome
    assert summary.refusal_reasons()[0][1] == 2
    # and only the approved one left an audit row
    assert AuditEvent.objects.filter(entity_type="delivery.enrolment").count() == 1


def test_state_machine_and_rights_per_item(world, delivery):
    requested = _enrol(delivery.session, world.a.officers[:2], State.REQUESTED)
    confirmed = _enrol(delivery.session, world.a.officers[2:3], State.CONFIRMED)
    # a confirmed enrolment cannot be approved; the requests can
    summary = enrolments_bulk_decide(
        actor=world.a.tm, selection=_ids(requested + confirmed), action="approve"
    )
    assert len(summary.done) == 2
    assert "only a request awaiting approval" in summary.refused[0].outcome
    # a supervisor may not confirm: refused per item, nothing changes
    summary = enrolments_bulk_decide(actor=world.a.sup, selection=_ids(requested), action="confirm")
    assert summary.done == []
    assert len(summary.refused) == 2
    assert _states(requested) == [State.APPROVED, State.APPROVED]


def test_reject_needs_a_reason_and_keeps_it(world, delivery):
    enrolments = _enrol(delivery.session, world.a.officers[:2], State.REQUESTED)
    with pytest.raises(DomainError) as exc:
        enrolments_bulk_decide(actor=world.a.tm, selection=_ids(enrolments), action="reject", reason="  ")
    assert [e.field for e in exc.value.errors] == ["reason"]
    assert _states(enrolments) == [State.REQUESTED] * 2
    enrolments_bulk_decide(
        actor=world.a.tm, selection=_ids(enrolments), action="reject", reason="Budget cut this quarter"
    )
    assert set(Enrolment.objects.values_list("state", "decision_reason")) == {
        (State.REJECTED, "Budget cut this quarter")
    }


def test_waitlist_and_cancel_promote_in_order(world, delivery):
    delivery.session.seats = 1
    delivery.session.save(update_fields=["seats"])
    seated = _enrol(delivery.session, world.a.officers[:1], State.CONFIRMED)
    approved = _enrol(delivery.session, world.a.officers[1:3], State.APPROVED)
    summary = enrolments_bulk_decide(actor=world.a.tm, selection=_ids(approved), action="waitlist")
    assert [i.outcome for i in summary.done] == ["On the waiting list"] * 2
    # cancelling the seated officer gives the seat to the earliest waiting request
    enrolments_bulk_decide(actor=world.a.tm, selection=_ids(seated), action="cancel")
    assert _states(seated + approved) == [State.CANCELLED, State.CONFIRMED, State.WAITLISTED]


def test_a_foreign_id_refuses_the_whole_request_and_changes_nothing(world, delivery):
    mine = _enrol(delivery.session, world.a.officers[:2], State.REQUESTED)
    foreign = _enrol(delivery.session_b, world.b.officers[:1], State.REQUESTED)
    with pytest.raises(DomainError) as exc:
        enrolments_bulk_decide(actor=world.a.tm, selection=_ids(mine + foreign), action="approve")
    assert exc.value.status == 404
    assert _states(mine + foreign) == [State.REQUESTED] * 3
    assert not AuditEvent.objects.filter(entity_type="delivery.enrolment").exists()


def test_all_matching_the_filter_is_the_filter_not_the_page(world, delivery):
    other = make_session(delivery.course, room="B")
    here = _enrol(delivery.session, world.a.officers[:3], State.REQUESTED)
    there = _enrol(other, world.a.officers[:1], State.REQUESTED)
    filters = EnrolmentFilter(state=State.REQUESTED, session_id=delivery.session.pk)
    # the page showed 2, but 3 match now: nothing is done
    with pytest.raises(DomainError) as exc:
        enrolments_bulk_decide(
            actor=world.a.tm, selection=EnrolmentSelection(filters=filters, expected=2), action="approve"
        )
    assert [e.field for e in exc.value.errors] == ["selection"]
    summary = enrolments_bulk_decide(
        actor=world.a.tm, selection=EnrolmentSelection(filters=filters, expected=3), action="approve"
    )
    assert len(summary.done) == 3
    assert _states(here + there) == [State.APPROVED] * 3 + [State.REQUESTED]


def test_a_foreign_manager_matching_everything_touches_nothing_of_alpha(world, delivery):
    alpha = _enrol(delivery.session, world.a.officers[:2], State.REQUESTED)
    summary = enrolments_bulk_decide(
        actor=world.b.tm, selection=EnrolmentSelection(filters=EnrolmentFilter()), action="approve"
    )
    assert summary.total == 0
    assert _states(alpha) == [State.REQUESTED] * 2


def _count_queries(run):
    with CaptureQueriesContext(connection) as ctx:
        run()
    return len(ctx.captured_queries)


# Each item is written: savepoint and release, lock, reload, policy, cap (2), seats, save, audit.
PER_ITEM_CONFIRM = 12


def test_bulk_confirm_queries_grow_by_a_constant_per_item(world, delivery, django_assert_max_num_queries):
    delivery.session.seats = 100
    delivery.session.save(update_fields=["seats"])
    few = _enrol(delivery.session, _officers(world.a, 5, world.a.other_house), State.APPROVED)
    many = _enrol(make_session(delivery.course, room="C", seats=100), _officers(world.a, 50), State.APPROVED)
    base = _count_queries(
        lambda: enrolments_bulk_decide(actor=world.a.tm, selection=_ids(few), action="confirm")
    )
    with django_assert_max_num_queries(base + 45 * PER_ITEM_CONFIRM):
        enrolments_bulk_decide(actor=world.a.tm, selection=_ids(many), action="confirm")
    assert base <= 5 + 5 * PER_ITEM_CONFIRM, base


# --- nominating many ---------------------------------------------------------------------------------


def test_nominate_a_unit_with_its_sub_units_reports_each_refusal(world, delivery):
    # given officers across the bureau's two houses, one already enrolled, one not speaking English
    world.a.officers[2].languages = ["ja"]
    world.a.officers[2].save(update_fields=["languages"])
    make_enrolment(delivery.session, world.a.officers[1], State.REQUESTED)
    officers = list(world.a.officers)
    # when the training manager nominates them all
    summary = session_nominate_many(actor=world.a.tm, session=delivery.session, officers=officers)
    # then two are nominated and the others are refused with the rule that stopped them
    assert len(summary.done) == 2
    reasons = {item.who.split(" (")[0]: item.outcome for item in summary.refused}
    assert "already has a request" in reasons[world.a.officers[1].full_name]
    assert "taught in en" in reasons[world.a.officers[2].full_name]
    assert Enrolment.objects.filter(session=delivery.session).count() == 3


def test_nominate_and_confirm_fills_the_seats_then_the_waiting_list(world, delivery):
    delivery.session.seats = 2
    delivery.session.save(update_fields=["seats"])
    advanced = make_course(world.a.administration, code="RISK-2")
    CoursePrerequisite.objects.create(course=advanced, required_course=delivery.course)
    summary = session_nominate_many(
        actor=world.a.tm, session=delivery.session, officers=world.a.officers[:3], confirm=True
    )
    assert [i.outcome for i in summary.done] == ["Confirmed", "Confirmed", "On the waiting list"]
    # a prerequisite missing is refused per officer
    later = make_session(advanced)
    summary = session_nominate_many(actor=world.a.tm, session=later, officers=world.a.officers[3:])
    assert "first complete RISK-1" in summary.refused[0].outcome


def test_only_a_manager_confirms_and_a_foreign_officer_is_refused(world, delivery):
    with pytest.raises(DomainError):
        session_nominate_many(
            actor=world.a.sup, session=delivery.session, officers=world.a.officers[:1], confirm=True
        )
    summary = session_nominate_many(actor=world.a.tm, session=delivery.session, officers=world.b.officers[:1])
    assert summary.done == []
    assert not Enrolment.objects.exists()


def test_past_the_cap_nothing_is_done_and_the_count_is_named(world, delivery, monkeypatch):
    monkeypatch.setattr("cadre.delivery.bulk.BULK_MAX_ITEMS", 2)
    enrolments = _enrol(delivery.session, world.a.officers[:3], State.REQUESTED)
    for selection in (_ids(enrolments), EnrolmentSelection(filters=EnrolmentFilter(state=State.REQUESTED))):
        with pytest.raises(DomainError) as exc:
            enrolments_bulk_decide(actor=world.a.tm, selection=selection, action="approve")
        assert [e.field for e in exc.value.errors] == ["selection"]
        assert "3 enrolments selected; at most 2" in exc.value.errors[0].reason
    assert _states(enrolments) == [State.REQUESTED] * 3


def test_a_supervisor_nominating_the_house_meets_the_absence_cap(world, delivery):
    # given a refusing cap of one officer of the port house away at a time
    DeliveryPolicy.objects.create(
        administration=world.a.administration, away_cap_share=Decimal("0.34"), away_cap_mode="refuse"
    )
    # when the house's supervisor nominates its three officers (a supervisor's nomination is approved)
    summary = session_nominate_many(
        actor=world.a.sup, session=delivery.session, officers=world.a.officers[:3]
    )
    # then the first is nominated and the cap refuses the others, naming the unit
    assert [i.outcome for i in summary.done] == ["Approved, awaiting confirmation"]
    assert len(summary.refused) == 2
    assert all("Port Customs House" in i.outcome for i in summary.refused)
    assert Enrolment.objects.count() == 1
