"""The strategic objectives list: pagination, sort, filters, total, export, isolation, queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cadre.strategy.models import StrategicObjective
from tests.support.lists import csv_of, listing_of

pytestmark = pytest.mark.django_db

URL = reverse("strategy:objective_list")


def _objectives(world, count):
    today = timezone.localdate()
    return [
        StrategicObjective.objects.create(
            administration=world.a.administration,
            title=f"Objective {i:02d}",
            owner="Revenue" if i % 2 else "Border",
            period_start=today - dt.timedelta(days=100) if i % 3 else today + dt.timedelta(days=10),
            period_end=today + dt.timedelta(days=400),
            priority_weight=round(0.1 + i * 0.1, 1),
        )
        for i in range(count)
    ]


def test_objectives_paginate_sort_filter_and_count(client, world):
    made = _objectives(world, 30)
    client.force_login(world.a.tm)

    first = listing_of(client, URL)
    assert first.total == 30
    assert first.total_label == "30 objectives"
    assert len(first.rows) == 25
    assert first.rows[0] == made[-1]  # the heaviest first
    assert listing_of(client, URL, sort="title").rows[0] == made[0]
    assert listing_of(client, URL, q="Revenue").total == 15
    assert listing_of(client, URL, when="future").total == 10
    rows = csv_of(client, URL, when="current")
    assert len(rows) == 1 + 20


def test_objectives_of_a_foreign_administration_are_never_listed(client, world):
    _objectives(world, 3)
    client.force_login(world.b.tm)

    assert listing_of(client, URL).rows == []
    assert csv_of(client, URL)[1:] == []


@pytest.mark.parametrize("count", [2, 40])
def test_objective_list_queries_do_not_grow(client, world, count, django_assert_max_num_queries):
    _objectives(world, count)
    client.force_login(world.a.tm)
    client.get(URL)

    with django_assert_max_num_queries(8):
        client.get(URL)
