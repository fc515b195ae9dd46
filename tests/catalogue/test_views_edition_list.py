"""The legal editions list: pagination, sort, filters, total, export, isolation, queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cadre.catalogue.models import Edition, LegalInstrument
from tests.support.lists import csv_of, listing_of

pytestmark = pytest.mark.django_db

URL = reverse("catalogue:edition_list")


def _editions(cat, count):
    law = LegalInstrument.objects.create(
        administration=cat.world.a.administration, code="ZZ", title="Alpha Tariff Law"
    )
    return [
        Edition.objects.create(instrument=law, label=f"{2000 + i}", in_force_from=dt.date(2000 + i, 4, 1))
        for i in range(count)
    ]


def test_editions_paginate_sort_filter_and_count(client, cat):
    made = _editions(cat, 30)
    Edition.objects.filter(pk=made[0].pk).update(superseded_by=made[1], superseded_on=dt.date(2001, 4, 1))
    client.force_login(cat.world.a.tm)

    first = listing_of(client, URL)
    assert first.total == 32  # with HS 2022 and the Customs Act 2020
    assert first.total_label == "32 editions"
    assert len(first.rows) == 25
    assert listing_of(client, URL, sort="-in_force").rows[0] == made[-1]
    assert listing_of(client, URL, current="no").rows == [made[0]]
    assert listing_of(client, URL, q="Tariff").total == 30
    rows = csv_of(client, URL, q="Tariff", sort="edition")
    assert len(rows) == 1 + 30
    assert rows[1][:2] == ["Alpha Tariff Law", "2000"]
    assert "Record a new edition" in client.get(URL).content.decode()


def test_editions_of_a_foreign_administration_are_never_listed(client, cat):
    _editions(cat, 3)
    client.force_login(cat.world.b.tm)

    assert listing_of(client, URL, q="Tariff").rows == []
    assert not [r for r in csv_of(client, URL) if r[0] == "Alpha Tariff Law"]


@pytest.mark.parametrize("count", [2, 40])
def test_edition_list_queries_do_not_grow(client, cat, count, django_assert_max_num_queries):
    _editions(cat, count)
    client.force_login(cat.world.a.tm)
    client.get(URL)

    with django_assert_max_num_queries(9):
        client.get(URL)
