"""The notices list: pagination, sort, filters, total, export, another person's notices, queries."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from cadre.catalogue.models import Notice
from tests.support.lists import csv_of, listing_of

pytestmark = pytest.mark.django_db

URL = reverse("catalogue:notice_list")


def _notices(user, count):
    return [
        Notice.objects.create(
            user=user,
            key=f"test:{i}",
            message=f"Notice {i:02d}",
            url="/catalogue/",
            read_at=timezone.now() if i % 3 == 0 else None,
        )
        for i in range(count)
    ]


def test_notices_paginate_sort_filter_and_count(client, world):
    made = _notices(world.a.tm, 30)
    client.force_login(world.a.tm)

    first = listing_of(client, URL)
    assert first.total == 30
    assert first.total_label == "30 notices"
    assert len(first.rows) == 25
    assert first.rows[0] == made[-1]  # the newest first
    assert listing_of(client, URL, sort="message").rows[0] == made[0]
    assert listing_of(client, URL, read="no").total == 20
    rows = csv_of(client, URL, read="yes")
    assert len(rows) == 1 + 10


def test_nobody_lists_another_persons_notices(client, world):
    _notices(world.a.tm, 3)
    client.force_login(world.b.tm)

    assert listing_of(client, URL).rows == []
    assert csv_of(client, URL)[1:] == []


@pytest.mark.parametrize("count", [2, 40])
def test_notice_list_queries_do_not_grow(client, world, count, django_assert_max_num_queries):
    _notices(world.a.tm, count)
    client.force_login(world.a.tm)
    client.get(URL)

    with django_assert_max_num_queries(8):
        client.get(URL)
