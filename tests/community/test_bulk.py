"""The coordinator decides many nominations of a call at once: one transaction, the single rules per item."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadre.community.bulk import nominations_bulk_decide
from cadre.community.models import Nomination
from cadre.community.services import event_create
from cadre.core.errors import DomainError
from cadre.core.models import AuditEvent
from tests.support import factories as f
from tests.support.world import PASSWORD

pytestmark = pytest.mark.django_db
State = Nomination.State


def _nominations(world, event, n, side="a"):
    """``n`` nominations straight in the table (quotas are the focal point's rule, tested elsewhere)."""
    s = getattr(world, side)
    out = []
    for i in range(n):
        officer = f.OfficerFactory(administration=s.administration, org_unit=s.house)
        out.append(
            Nomination.objects.create(
                event=event, administration=s.administration, officer=officer, priority=i + 1
            )
        )
    return out


def _states(nominations):
    return [Nomination.objects.get(pk=n.pk).state for n in nominations]


def test_seats_run_out_halfway_the_rest_are_refused_in_priority_order(world, event, call):
    # given three nominations for an event of two seats, the third by priority listed first
    nominations = _nominations(world, event, 3)
    ids = [nominations[2].pk, nominations[0].pk, nominations[1].pk]
    # when the coordinator selects them all
    summary = nominations_bulk_decide(actor=world.coordinator, event=event, action="select", ids=ids)
    # then the two first by priority take the seats and the third is refused with the reason
    assert _states(nominations) == [State.SELECTED, State.SELECTED, State.NOMINATED]
    assert len(summary.done) == 2
    assert "all 2 seats are taken" in summary.refused[0].outcome
    assert nominations[2].officer.employee_number in summary.refused[0].who
    assert "Alpha Customs" in summary.refused[0].who
    events = AuditEvent.objects.filter(entity_type="community.nomination", action="update")
    assert sorted(int(e.entity_id) for e in events) == [nominations[0].pk, nominations[1].pk]


def test_waitlist_every_undecided_nomination_keeps_the_order(world, event, call):
    nominations = _nominations(world, event, 3) + _nominations(world, event, 1, side="b")
    summary = nominations_bulk_decide(
        actor=world.coordinator, event=event, action="waitlist", state="nominated"
    )
    assert len(summary.done) == 4
    positions = {n.pk: n.waitlist_position for n in Nomination.objects.filter(event=event)}
    assert sorted(positions.values()) == [1, 2, 3, 4]
    # and declining the waiting list afterwards reaches only those on it
    summary = nominations_bulk_decide(
        actor=world.coordinator, event=event, action="decline", state="waitlisted"
    )
    assert set(_states(nominations)) == {State.NOT_SELECTED}


def test_state_machine_per_item(world, event, call):
    nominations = _nominations(world, event, 2)
    nominations_bulk_decide(actor=world.coordinator, event=event, action="decline", ids=[nominations[0].pk])
    summary = nominations_bulk_decide(
        actor=world.coordinator, event=event, action="waitlist", ids=[n.pk for n in nominations]
    )
    assert len(summary.done) == 1
    assert "not selected" in summary.refused[0].outcome


def test_another_events_nomination_refuses_all_and_changes_nothing(world, event, call):
    other = event_create(
        actor=world.coordinator,
        region=world.region,
        code="other",
        title="Other workshop",
        starts_on=event.starts_on,
        ends_on=event.ends_on,
        venue="Elsewhere",
        seats=5,
        languages=["en"],
    )
    mine = _nominations(world, event, 1)
    theirs = _nominations(world, other, 1)
    with pytest.raises(DomainError) as exc:
        nominations_bulk_decide(
            actor=world.coordinator, event=event, action="select", ids=[mine[0].pk, theirs[0].pk]
        )
    assert exc.value.status == 404
    assert _states(mine + theirs) == [State.NOMINATED, State.NOMINATED]


def test_a_focal_point_may_not_decide(world, event, call):
    nominations = _nominations(world, event, 1)
    with pytest.raises(DomainError) as exc:
        nominations_bulk_decide(actor=world.a.tm, event=event, action="select", ids=[nominations[0].pk])
    assert exc.value.status == 404
    assert _states(nominations) == [State.NOMINATED]


def _queries(run):
    with CaptureQueriesContext(connection) as ctx:
        run()
    return len(ctx.captured_queries)


PER_ITEM_SELECT = 9  # savepoint and release, lock, access, event lock, seats, save, audit


def test_queries_grow_by_a_constant_per_item(world, event, call, django_assert_max_num_queries):
    event.seats = 100
    event.save(update_fields=["seats"])
    few = [n.pk for n in _nominations(world, event, 5)]
    many = [n.pk for n in _nominations(world, event, 50, side="b")]
    base = _queries(
        lambda: nominations_bulk_decide(actor=world.coordinator, event=event, action="select", ids=few)
    )
    assert base <= 4 + 5 * PER_ITEM_SELECT, base
    with django_assert_max_num_queries(base + 45 * PER_ITEM_SELECT):
        nominations_bulk_decide(actor=world.coordinator, event=event, action="select", ids=many)


# --- the page ------------------------------------------------------------------------------------------


def _login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def test_the_event_page_posts_the_ticked_rows_and_shows_the_summary(client, world, event, call):
    nominations = _nominations(world, event, 3)
    _login(client, world.coordinator)
    page = client.get(reverse("community:event_detail", args=[event.pk])).content.decode()
    assert 'id="nominations-bulk"' in page
    response = client.post(
        reverse("community:nominations_bulk", args=[event.pk]),
        {"action": "select", "ids": [n.pk for n in nominations]},
    )
    assert response.status_code == 302
    response = client.get(response["Location"])  # the summary survives a reload: nothing is posted again
    response = client.get(reverse("community:bulk_result"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Done: 2 · refused: 1" in body
    assert "put the nominee on the waiting list" in body


def test_the_page_refuses_focal_points_and_foreign_ids(client, world, event, call):
    nominations = _nominations(world, event, 1)
    url = reverse("community:nominations_bulk", args=[event.pk])
    _login(client, world.a.tm)
    assert (
        'id="nominations-bulk"'
        not in client.get(reverse("community:event_detail", args=[event.pk])).content.decode()
    )
    assert client.post(url, {"action": "select", "ids": [nominations[0].pk]}).status_code == 404
    _login(client, world.coordinator)
    for ids in (["x"], [2**70], [nominations[0].pk + 1000]):
        assert client.post(url, {"action": "select", "ids": ids}).status_code == 404, ids
    assert _states(nominations) == [State.NOMINATED]


def test_the_event_page_queries_are_constant_in_the_nominations(
    client, world, event, call, django_assert_max_num_queries
):
    _login(client, world.coordinator)
    url = reverse("community:event_detail", args=[event.pk])
    _nominations(world, event, 5)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _nominations(world, event, 45, side="b")
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url).content.decode()
    assert body.count('name="ids"') == 50
