"""The nominations page: pagination, filters, bulk decisions by ticked rows, page or filter."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cadre.core.models import AuditEvent
from cadre.delivery.models import Enrolment
from tests.delivery.conftest import make_course, make_enrolment, make_session
from tests.support import factories as f

pytestmark = pytest.mark.django_db
State = Enrolment.State
LIST = "delivery:enrolment_list"
BULK = "delivery:enrolment_bulk"


def _requests(side, session, n, unit=None):
    """``n`` requests of new officers, one minute apart, the first the oldest."""
    start = timezone.now() - dt.timedelta(days=3)
    out = []
    for i in range(n):
        officer = f.OfficerFactory(
            administration=side.administration, org_unit=unit or side.house, position=side.position
        )
        enrolment = make_enrolment(session, officer, State.REQUESTED)
        Enrolment.objects.filter(pk=enrolment.pk).update(requested_at=start + dt.timedelta(minutes=i))
        out.append(enrolment)
    return out


def _rows(response):
    return response.content.decode().count('name="page_ids"')


def test_paginated_50_a_page_oldest_first_with_the_total(world, delivery, client_for):
    enrolments = _requests(world.a, delivery.session, 55)
    client = client_for(world.a.tm)
    first = client.get(reverse(LIST))
    body = first.content.decode()
    assert _rows(first) == 50
    assert "55 nominations match" in body
    assert body.index(f"enrolment-{enrolments[0].pk}") < body.index(f"enrolment-{enrolments[1].pk}")
    assert f"enrolment-{enrolments[-1].pk}" not in body
    second = client.get(reverse(LIST), {"page": 2})
    assert _rows(second) == 5
    newest = client.get(reverse(LIST), {"order": "newest"}).content.decode()
    assert f"enrolment-{enrolments[-1].pk}" in newest


def test_filters_by_state_session_course_and_unit_subtree(world, delivery, client_for):
    other_course = make_course(world.a.administration, code="VAL-1")
    other = make_session(other_course)
    in_house = _requests(world.a, delivery.session, 2)
    elsewhere = _requests(world.a, other, 1, unit=world.a.other_house)
    make_enrolment(delivery.session, world.a.officers[0], State.CONFIRMED)
    client = client_for(world.a.tm)

    def shown(**query):
        return _rows(client.get(reverse(LIST), query))

    assert shown() == 4
    assert shown(state="requested") == 3
    assert shown(session=other.pk) == 1
    assert shown(course=other_course.pk) == 1
    assert shown(unit=world.a.house.pk) == 3
    assert shown(unit=world.a.bureau.pk) == 4  # the bureau's subtree holds both houses
    assert shown(unit=world.a.other_house.pk, state="requested") == 1
    assert shown(unit=world.b.house.pk) == 0  # a foreign unit matches nothing
    assert len(in_house) + len(elsewhere) == 3


def test_page_queries_are_constant_in_the_rows(world, delivery, client_for, django_assert_max_num_queries):
    client = client_for(world.a.tm)
    _requests(world.a, delivery.session, 5)
    client.get(reverse(LIST))  # warm the session and caches
    with django_assert_max_num_queries(10):
        assert _rows(client.get(reverse(LIST))) == 5
    _requests(world.a, make_session(delivery.course, room="B"), 45)
    with django_assert_max_num_queries(10):
        assert _rows(client.get(reverse(LIST))) == 50


def test_bulk_approve_the_ticked_rows_shows_the_summary(world, delivery, client_for):
    enrolments = _requests(world.a, delivery.session, 3)
    confirmed = make_enrolment(delivery.session, world.a.officers[0], State.CONFIRMED)
    client = client_for(world.a.tm)
    response = client.post(
        reverse(BULK),
        {"action": "approve", "ids": [enrolments[0].pk, enrolments[1].pk, confirmed.pk]},
        follow=True,
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Done: 2 · refused: 1" in body
    assert "only a request awaiting approval can be approved" in body
    assert world.a.officers[0].employee_number in body
    assert [Enrolment.objects.get(pk=e.pk).state for e in enrolments] == [
        State.APPROVED,
        State.APPROVED,
        State.REQUESTED,
    ]


def test_bulk_on_all_matching_the_filter_reaches_past_the_page(world, delivery, client_for):
    enrolments = _requests(world.a, delivery.session, 55)
    seated = make_enrolment(delivery.session, world.a.officers[0], State.CONFIRMED)
    client = client_for(world.a.tm)
    response = client.post(
        reverse(BULK),
        {"action": "approve", "scope": "matching", "state": "requested", "expected": 55, "page": 1},
        follow=True,
    )
    assert "Done: 55 · refused: 0" in response.content.decode()
    assert set(
        Enrolment.objects.filter(pk__in=[e.pk for e in enrolments]).values_list("state", flat=True)
    ) == {State.APPROVED}
    assert Enrolment.objects.get(pk=seated.pk).state == State.CONFIRMED
    assert AuditEvent.objects.filter(entity_type="delivery.enrolment").count() == 55


def test_bulk_on_the_page_takes_only_its_rows(world, delivery, client_for):
    enrolments = _requests(world.a, delivery.session, 4)
    client = client_for(world.a.tm)
    response = client.post(
        reverse(BULK),
        {"action": "approve", "scope": "page", "page_ids": [e.pk for e in enrolments[:2]]},
        follow=True,
    )
    assert "Done: 2 · refused: 0" in response.content.decode()
    assert Enrolment.objects.filter(state=State.REQUESTED).count() == 2


def test_reject_without_a_reason_changes_nothing_and_names_the_field(world, delivery, client_for):
    enrolments = _requests(world.a, delivery.session, 2)
    client = client_for(world.a.tm)
    response = client.post(
        reverse(BULK), {"action": "reject", "ids": [e.pk for e in enrolments]}, follow=True
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert 'href="#field-reason"' in body
    assert body.count(" checked>") >= 2  # the ticked rows stay ticked
    assert not Enrolment.objects.exclude(state=State.REQUESTED).exists()
    response = client.post(
        reverse(BULK),
        {"action": "reject", "reason": "No budget", "ids": [e.pk for e in enrolments]},
        follow=True,
    )
    assert "Done: 2" in response.content.decode()
    assert set(Enrolment.objects.values_list("decision_reason", flat=True)) == {"No budget"}


def test_a_foreign_id_in_the_post_is_404_and_nothing_changes(world, delivery, client_for):
    mine = _requests(world.a, delivery.session, 2)
    foreign = _requests(world.b, delivery.session_b, 1)
    client = client_for(world.a.tm)
    for ids in ([mine[0].pk, foreign[0].pk], [foreign[0].pk], ["x"], [2**70]):
        assert (
            client.post(reverse(BULK), {"action": "approve", "ids": ids}, follow=True).status_code == 404
        ), ids
    assert set(Enrolment.objects.values_list("state", flat=True)) == {State.REQUESTED}
    assert not AuditEvent.objects.filter(entity_type="delivery.enrolment").exists()


def test_a_foreign_manager_matching_everything_sees_and_touches_nothing(world, delivery, client_for):
    alpha = _requests(world.a, delivery.session, 3)
    client = client_for(world.b.tm)
    assert _rows(client.get(reverse(LIST))) == 0
    response = client.post(reverse(BULK), {"action": "approve", "scope": "matching"}, follow=True)
    assert "Done: 0 · refused: 0" in response.content.decode()
    assert [Enrolment.objects.get(pk=e.pk).state for e in alpha] == [State.REQUESTED] * 3


def test_the_learner_sees_their_own_without_a_bulk_bar(world, delivery, client_for):
    make_enrolment(delivery.session, world.a.learner_officer, State.REQUESTED)
    _requests(world.a, delivery.session, 2)
    response = client_for(world.a.learner).get(reverse(LIST))
    body = response.content.decode()
    assert response.status_code == 200
    assert world.a.learner_officer.full_name in body
    assert 'id="bulk-form"' not in body
    assert "1 nomination matches" in body
    # and a bulk post of their own enrolment is refused per item (they may only cancel)
    own = Enrolment.objects.get(officer=world.a.learner_officer)
    response = client_for(world.a.learner).post(
        reverse(BULK), {"action": "approve", "ids": [own.pk]}, follow=True
    )
    assert "Done: 0 · refused: 1" in response.content.decode()
    assert Enrolment.objects.get(pk=own.pk).state == State.REQUESTED


def test_waitlist_button_on_an_approved_row(world, delivery, client_for):
    approved = make_enrolment(delivery.session, world.a.officers[1], State.APPROVED)
    client = client_for(world.a.tm)
    assert "Waiting list" in client.get(reverse(LIST)).content.decode()
    response = client.post(
        reverse("delivery:enrolment_action", args=[approved.pk, "waitlist"]),
        {"bulk": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert 'data-state="waitlisted"' in response.content.decode()
    assert 'name="page_ids"' in response.content.decode()


def test_the_officer_reads_why_their_request_was_rejected(world, delivery, client_for):
    own = make_enrolment(delivery.session, world.a.learner_officer, State.REQUESTED)
    client_for(world.a.sup).post(
        reverse(BULK), {"action": "reject", "reason": "Peak season at the port", "ids": [own.pk]}
    )
    page = client_for(world.a.learner).get(reverse("delivery:my_learning")).content.decode()
    assert "Peak season at the port" in page
