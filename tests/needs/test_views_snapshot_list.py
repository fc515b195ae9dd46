"""The snapshot list: pagination, sort, filters, total, export, isolation, queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cadre.needs.models import GapSnapshot
from tests.support.lists import csv_of, listing_of

pytestmark = pytest.mark.django_db

URL = reverse("needs:snapshots")


def _snapshots(world, count):
    return [
        GapSnapshot.objects.create(
            administration=world.a.administration,
            created_by=world.a.tm,
            status=GapSnapshot.Status.DONE if i % 3 else GapSnapshot.Status.FAILED,
            totals={"officers": 4, "mean_gap": 0.5 + i / 100},
        )
        for i in range(count)
    ]


def test_snapshots_paginate_sort_filter_and_count(client, world):
    made = _snapshots(world, 30)
    client.force_login(world.a.tm)

    first = listing_of(client, URL)
    assert first.total == 30
    assert first.total_label == "30 snapshots"
    assert len(first.rows) == 25
    assert first.rows[0] == made[-1]  # the latest first
    assert listing_of(client, URL, sort="id").rows[0] == made[0]
    assert listing_of(client, URL, status="failed").total == 10
    rows = csv_of(client, URL, status="done", sort="id")
    assert len(rows) == 1 + 20
    assert rows[1][0] == str(made[1].pk)
    assert float(rows[1][5]) == 0.51


def test_snapshots_of_a_foreign_administration_are_never_listed(client, world):
    _snapshots(world, 3)
    client.force_login(world.b.tm)

    assert listing_of(client, URL).rows == []
    assert csv_of(client, URL)[1:] == []


@pytest.mark.parametrize("count", [2, 40])
def test_snapshot_list_queries_do_not_grow(client, world, count, django_assert_max_num_queries):
    _snapshots(world, count)
    client.force_login(world.a.tm)
    client.get(URL)

    with django_assert_max_num_queries(9):
        client.get(URL)
