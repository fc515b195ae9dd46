"""The cmi5 course list: pagination, sort, filters, total, export, isolation, queries."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cadre.cmi5.models import CoursePackage
from tests.support.lists import csv_of, listing_of

pytestmark = pytest.mark.django_db

URL = reverse("cmi5:package_list")


def _as(user):
    client = Client()
    client.force_login(user)
    return client


def _packages(administration, count):
    return [
        CoursePackage.objects.create(
            administration=administration,
            publisher_id=f"https://courses.example.org/{administration.pk}/{i:02d}",
            title=f"Package {i:02d}",
            structure_xml="<courseStructure/>",
        )
        for i in range(count)
    ]


def test_packages_paginate_sort_filter_and_count(world):
    made = _packages(world.a.administration, 30)
    client = _as(world.a.tm)

    first = listing_of(client, URL)
    assert first.total == 30
    assert first.total_label == "30 cmi5 courses"
    assert len(first.rows) == 25
    assert first.rows[0] == made[0]
    assert listing_of(client, URL, sort="-title").rows[0] == made[-1]
    assert listing_of(client, URL, q="Package 1").total == 10
    rows = csv_of(client, URL)
    assert len(rows) == 1 + 30
    assert rows[1][0] == "Package 00"


def test_packages_of_a_foreign_administration_are_never_listed(world):
    _packages(world.a.administration, 3)
    client = _as(world.b.tm)

    assert listing_of(client, URL).rows == []
    assert csv_of(client, URL)[1:] == []


@pytest.mark.parametrize("count", [2, 40])
def test_package_list_queries_do_not_grow(world, count, django_assert_max_num_queries):
    _packages(world.a.administration, count)
    client = _as(world.a.tm)
    client.get(URL)

    with django_assert_max_num_queries(8):
        client.get(URL)
