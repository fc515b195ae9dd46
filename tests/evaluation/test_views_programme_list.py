"""The programme list: pagination, sort, filters, total, export, isolation, queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from cadre.evaluation.models import Programme
from tests.support.lists import csv_of, listing_of

pytestmark = pytest.mark.django_db

URL = reverse("evaluation:programme_list")


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _programmes(world, count):
    return [
        Programme.objects.create(
            administration=world.a.administration,
            name=f"Programme {i:02d}",
            period_start=dt.date(2020 + i % 5, 1, 1) + dt.timedelta(days=i),
            period_end=dt.date(2030, 12, 31),
        )
        for i in range(count)
    ]


def test_programmes_paginate_sort_filter_and_count(world):
    made = _programmes(world, 30)
    client = _client(world.a.tm)

    first = listing_of(client, URL)
    assert first.total == 30
    assert first.total_label == "30 programmes"
    assert len(first.rows) == 25
    assert first.rows[0].period_start == max(p.period_start for p in made)
    assert listing_of(client, URL, sort="name").rows[0] == made[0]
    assert listing_of(client, URL, q="Programme 1").total == 10
    rows = csv_of(client, URL, q="Programme 2")
    assert len(rows) == 1 + 10


def test_programmes_of_a_foreign_administration_are_never_listed(world):
    _programmes(world, 3)
    client = _client(world.b.tm)

    assert listing_of(client, URL).rows == []
    assert csv_of(client, URL)[1:] == []
    assert _client(world.a.learner).get(URL).status_code == 404


@pytest.mark.parametrize("count", [2, 40])
def test_programme_list_queries_do_not_grow(world, count, django_assert_max_num_queries):
    _programmes(world, count)
    client = _client(world.a.tm)
    client.get(URL)

    with django_assert_max_num_queries(12):
        client.get(URL)
