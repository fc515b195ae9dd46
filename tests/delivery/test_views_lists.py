"""The session and instructor lists: pagination, sort, filters, total, export, isolation, queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cadre.delivery.models import Session
from tests.delivery.conftest import make_course, make_enrolment, make_instructor, make_session
from tests.support.lists import csv_of, listing_of

pytestmark = pytest.mark.django_db

SESSIONS = reverse("delivery:session_list")
INSTRUCTORS = reverse("delivery:instructor_list")


def _sessions(world, count, *, code="LIST-1", days_ahead=10):
    course = make_course(world.a.administration, code=code)
    start = (timezone.now() + dt.timedelta(days=days_ahead)).replace(microsecond=0)
    return [make_session(course, start=start + dt.timedelta(days=i)) for i in range(count)]


def test_sessions_paginate_sort_filter_and_count(world, delivery, client_for):
    # given 30 upcoming Alpha sessions of one course, one past and one cancelled session
    made = _sessions(world, 30)
    past = make_session(delivery.course, start=timezone.now() - dt.timedelta(days=40))
    cancelled = make_session(delivery.course, start=timezone.now() + dt.timedelta(days=5))
    cancelled.status = Session.Status.CANCELLED
    cancelled.save(update_fields=["status"])
    client = client_for(world.a.tm)

    # then the first page holds 25 of the 31 upcoming, soonest first, and counts them all
    first = listing_of(client, SESSIONS)
    assert len(first.rows) == 25
    assert first.total == 31
    assert first.total_label == "31 sessions"
    assert [s.starts_at for s in first.rows] == sorted(s.starts_at for s in first.rows)
    assert len(listing_of(client, SESSIONS, page=2).rows) == 6
    # latest first
    assert listing_of(client, SESSIONS, sort="-starts").rows[0] == made[-1]
    # filters: the course, past ones, everything
    assert listing_of(client, SESSIONS, q="LIST-1").total == 30
    assert [s.pk for s in listing_of(client, SESSIONS, when="past").rows] == [past.pk]
    assert listing_of(client, SESSIONS, when="all").total == 33
    assert [s.pk for s in listing_of(client, SESSIONS, when="all", status="cancelled").rows] == [cancelled.pk]


def test_sessions_csv_exports_every_filtered_row(world, delivery, client_for):
    _sessions(world, 30)
    client = client_for(world.a.tm)

    rows = csv_of(client, SESSIONS, q="LIST-1")

    assert rows[0][0] == "Course"
    assert len(rows) == 1 + 30
    assert all(r[0].startswith("LIST-1") for r in rows[1:])


def test_sessions_bad_filter_is_named(world, delivery, client_for):
    client = client_for(world.a.tm)

    page = listing_of(client, SESSIONS, when="tomorrow", sort="nope")

    assert any(e.startswith("when:") for e in page.errors)
    assert any(e.startswith("sort:") for e in page.errors)
    assert client.get(SESSIONS, {"when": "tomorrow", "export": "csv"}).status_code == 400


def test_sessions_of_a_foreign_administration_are_never_listed(world, delivery, client_for):
    _sessions(world, 3)
    client = client_for(world.b.tm)

    page = listing_of(client, SESSIONS, when="all")

    assert {s.administration_id for s in page.rows} == {world.b.administration.pk}
    assert not [r for r in csv_of(client, SESSIONS, when="all")[1:] if r[0].startswith("LIST-1")]


@pytest.mark.parametrize("count", [2, 40])
def test_session_list_queries_do_not_grow_with_rows(
    world, delivery, client_for, count, django_assert_max_num_queries
):
    for session in _sessions(world, count):
        make_enrolment(session, world.a.officers[1])
    client = client_for(world.a.tm)
    client.get(SESSIONS)

    with django_assert_max_num_queries(10):
        client.get(SESSIONS)


def _instructors(world, count):
    return [
        make_instructor(world.a.administration, name=f"Expert {i:02d}", code=f"Q{i % 3}")
        for i in range(count)
    ]


def test_instructors_paginate_sort_filter_and_count(world, delivery, client_for):
    made = _instructors(world, 30)
    made[0].active = False
    made[0].save(update_fields=["active"])
    client = client_for(world.a.tm)

    first = listing_of(client, INSTRUCTORS)
    assert first.total == 30  # 29 made and active + Dr Expert
    assert len(first.rows) == 25
    assert first.rows[0][0].display_name == "Dr Expert"
    assert listing_of(client, INSTRUCTORS, sort="-name").rows[0][0] == made[-1]
    assert listing_of(client, INSTRUCTORS, q="Q1").total == 10
    assert listing_of(client, INSTRUCTORS, active="no").rows[0][0] == made[0]
    assert listing_of(client, INSTRUCTORS, active="all").total == 31
    rows = csv_of(client, INSTRUCTORS, active="all")
    assert len(rows) == 1 + 31
    assert "Beta Expert" not in {r[0] for r in rows}


def test_instructors_of_a_foreign_administration_are_never_listed(world, delivery, client_for):
    _instructors(world, 3)
    client = client_for(world.b.tm)

    page = listing_of(client, INSTRUCTORS, q="Expert 0")

    assert page.rows == []
    assert client_for(world.a.learner).get(INSTRUCTORS).status_code == 404


@pytest.mark.parametrize("count", [2, 40])
def test_instructor_list_queries_do_not_grow_with_rows(
    world, delivery, client_for, count, django_assert_max_num_queries
):
    _instructors(world, count)
    client = client_for(world.a.tm)
    client.get(INSTRUCTORS)

    with django_assert_max_num_queries(12):
        client.get(INSTRUCTORS)
