"""The follow-up list: pagination, sort, filters, total, export, isolation, queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cadre.evaluation.models import FollowUp
from tests.delivery.conftest import make_enrolment
from tests.support import factories as f
from tests.support.lists import csv_of, listing_of

pytestmark = pytest.mark.django_db

URL = reverse("evaluation:follow_up_list")


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _follow_ups(ev, count, *, state=FollowUp.State.OPEN):
    a = ev.world.a
    made = []
    for i in range(count):
        officer = f.OfficerFactory(administration=a.administration, org_unit=a.house, position=a.position)
        made.append(
            FollowUp.objects.create(
                administration=a.administration,
                enrolment=make_enrolment(ev.session, officer),
                due_on=timezone.localdate() - dt.timedelta(days=count - i),
                state=state,
            )
        )
    return made


def test_follow_ups_paginate_sort_filter_and_count(ev):
    due = _follow_ups(ev, 30)
    FollowUp.objects.filter(pk=due[0].pk).update(
        state=FollowUp.State.COMPLETED, completed_at=timezone.now(), transferred=True
    )
    client = _client(ev.world.a.tm)

    first = listing_of(client, URL)
    assert first.total == 29
    assert first.total_label == "29 follow-ups"
    assert len(first.rows) == 25
    assert first.rows[0] == due[1]  # the oldest due first
    assert listing_of(client, URL, sort="-due").rows[0] == due[-1]
    assert listing_of(client, URL, state="completed").rows == [due[0]]
    assert listing_of(client, URL, state="all").total == 30
    target = due[5].enrolment.officer
    assert listing_of(client, URL, q=target.employee_number).rows == [due[5]]
    rows = csv_of(client, URL, state="all")
    assert len(rows) == 1 + 30
    assert rows[0][0] == "Officer"


def test_follow_ups_of_a_foreign_administration_are_never_listed(ev):
    _follow_ups(ev, 3)
    client = _client(ev.world.b.tm)

    assert listing_of(client, URL, state="all").rows == []
    assert csv_of(client, URL, state="all")[1:] == []
    assert listing_of(client, URL, state="sideways").errors[0].startswith("state:")


@pytest.mark.parametrize("count", [2, 40])
def test_follow_up_list_queries_do_not_grow(ev, count, django_assert_max_num_queries):
    _follow_ups(ev, count)
    client = _client(ev.world.a.tm)
    client.get(URL)

    with django_assert_max_num_queries(8):
        client.get(URL)
