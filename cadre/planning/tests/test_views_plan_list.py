"""The annual plans list: pagination, sort, filters, total, export, isolation, queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cadre.planning.models import AnnualPlan
from cadre.testing.lists import csv_of, listing_of

pytestmark = pytest.mark.django_db

URL = reverse("planning:list")


def _plans(side, count):
    return [
        AnnualPlan.objects.create(
            administration=side.administration,
            name=f"Plan {i:02d}",
            year=2020 + i,
            budget=1000 + i,
            snapshot=side.snapshot,
            result={"objective": 10.5 * i, "gap_pct": 1.25} if i % 2 else {},
        )
        for i in range(count)
    ]


def test_plans_paginate_sort_filter_and_count(planned, client_for):
    made = _plans(planned.a, 30)
    client = client_for(planned.a.tm)

    first = listing_of(client, URL)
    assert first.total == 30
    assert first.total_label == "30 plans"
    assert len(first.rows) == 25
    assert first.rows[0] == made[-1]  # the latest year first
    assert listing_of(client, URL, sort="name").rows[0] == made[0]
    assert listing_of(client, URL, year=2025).rows == [made[5]]
    assert float(listing_of(client, URL, year=2025).rows[0].result_objective) == 52.5
    rows = csv_of(client, URL, sort="year")
    assert len(rows) == 1 + 30
    assert rows[2][:2] == ["Plan 01", "2021"]
    assert float(rows[2][4]) == 10.5


def test_plans_of_a_foreign_administration_are_never_listed(planned, client_for):
    _plans(planned.a, 3)
    client = client_for(planned.b.tm)

    assert listing_of(client, URL).rows == []
    assert csv_of(client, URL)[1:] == []
    assert listing_of(client, URL, year="soon").errors[0].startswith("year:")


@pytest.mark.parametrize("count", [2, 40])
def test_plan_list_queries_do_not_grow(planned, client_for, count, django_assert_max_num_queries):
    _plans(planned.a, count)
    client = client_for(planned.a.tm)
    client.get(URL)

    with django_assert_max_num_queries(8):
        client.get(URL)
