"""The LRS clients list: pagination, sort, filters, total, export, isolation, queries."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cadre.lrs.models import LrsClient
from tests.support.lists import csv_of, listing_of

pytestmark = pytest.mark.django_db

URL = reverse("lrs:clients")


def _as(user):
    client = Client()
    client.force_login(user)
    return client


def _clients(administration, count):
    return [
        LrsClient.objects.create(
            administration=administration,
            name=f"Tool {i:02d}",
            key=f"key-{administration.pk}-{i:02d}",
            secret_digest="0" * 64,
            scopes=["statements/write"],
            revoked_at=timezone.now() if i % 3 == 0 else None,
        )
        for i in range(count)
    ]


def test_clients_paginate_sort_filter_and_count(world):
    made = _clients(world.a.administration, 30)
    client = _as(world.a.tm)

    first = listing_of(client, URL)
    assert first.total == 30
    assert first.total_label == "30 clients"
    assert len(first.rows) == 25
    assert listing_of(client, URL, sort="-name").rows[0] == made[-1]
    assert listing_of(client, URL, state="revoked").total == 10
    assert listing_of(client, URL, q="Tool 2").total == 10
    rows = csv_of(client, URL, state="active")
    assert len(rows) == 1 + 20
    assert rows[0][:3] == ["Tool", "Administration", "Key"]


def test_clients_of_a_foreign_administration_are_never_listed(world):
    _clients(world.a.administration, 3)
    client = _as(world.b.tm)

    assert listing_of(client, URL).rows == []
    assert csv_of(client, URL)[1:] == []
    assert _as(world.a.learner).get(URL).status_code == 404


@pytest.mark.parametrize("count", [2, 40])
def test_client_list_queries_do_not_grow(world, count, django_assert_max_num_queries):
    _clients(world.a.administration, count)
    client = _as(world.a.tm)
    client.get(URL)

    with django_assert_max_num_queries(9):
        client.get(URL)
