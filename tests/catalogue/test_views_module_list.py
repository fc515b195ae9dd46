"""The microlearning module list: pagination, sort, filters, total, export, isolation, queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cadre.catalogue.models import Module
from tests.support.lists import csv_of, listing_of

pytestmark = pytest.mark.django_db

URL = reverse("catalogue:module_list")


def _modules(cat, count):
    return [
        Module.objects.create(
            administration=cat.world.a.administration,
            course=cat.course_a if i % 2 else None,
            code=f"A-L{i:02d}",
            title=f"Listed module {i:02d}",
            kind="link",
            url="https://learn.example.org/listed",
            minutes=1 + i % 15,
        )
        for i in range(count)
    ]


def test_modules_paginate_sort_filter_and_count(client, cat):
    _modules(cat, 30)
    client.force_login(cat.world.a.tm)

    first = listing_of(client, URL)
    assert first.total == 31  # with A-M1
    assert first.total_label == "31 modules"
    assert len(first.rows) == 25
    assert listing_of(client, URL, sort="-minutes").rows[0].minutes == 15
    assert listing_of(client, URL, standalone="on", q="Listed").total == 15
    assert listing_of(client, URL, q="A-L1").total == 10
    rows = csv_of(client, URL, q="Listed", sort="code")
    assert len(rows) == 1 + 30
    assert rows[1][1] == "A-L00"


def test_modules_of_a_foreign_administration_are_never_listed(client, cat):
    _modules(cat, 3)
    client.force_login(cat.world.b.tm)

    assert listing_of(client, URL, q="Listed").rows == []
    assert not [r for r in csv_of(client, URL) if r[1].startswith("A-")]


@pytest.mark.parametrize("count", [2, 40])
def test_module_list_queries_do_not_grow(client, cat, count, django_assert_max_num_queries):
    _modules(cat, count)
    client.force_login(cat.world.a.tm)
    client.get(URL)

    with django_assert_max_num_queries(8):
        client.get(URL)
