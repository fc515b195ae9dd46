"""The course catalogue list: pagination, sort, filters, total, export, isolation, queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cadre.catalogue.models import CourseObjective
from tests.catalogue.conftest import course
from tests.support.lists import csv_of, listing_of

pytestmark = pytest.mark.django_db

URL = reverse("catalogue:course_list")


def _courses(world, count, prefix="A-L"):
    return [
        course(
            administration=world.a.administration,
            code=f"{prefix}{i:02d}",
            title=f"Listed {i}",
            delivery_mode="elearning",
        )
        for i in range(count)
    ]


def test_courses_paginate_sort_filter_and_count(client, cat):
    # given 30 more Alpha e-learning courses, one of them teaching OP2
    made = _courses(cat.world, 30)
    CourseObjective.objects.create(course=made[7], competency=cat.world.competencies[1], target_level=2)
    client.force_login(cat.world.a.tm)

    first = listing_of(client, URL)
    assert first.total == 32  # the 30, A-VAL and the regional R-HS
    assert first.total_label == "32 courses"
    assert len(first.rows) == 25
    assert [c.code for c in first.rows] == sorted(c.code for c in first.rows)
    assert listing_of(client, URL, sort="-code").rows[0].code == "R-HS"
    assert listing_of(client, URL, mode="elearning").total == 30
    assert listing_of(client, URL, scope="regional").rows == [cat.regional]
    assert listing_of(client, URL, competency=cat.world.competencies[1].pk).rows == [made[7]]
    assert listing_of(client, URL, q="Listed 1").total == 11  # 1, 10-19


def test_courses_csv_exports_every_filtered_row(client, cat):
    _courses(cat.world, 30)
    client.force_login(cat.world.a.tm)

    rows = csv_of(client, URL, mode="elearning", sort="-code")

    assert len(rows) == 1 + 30
    assert rows[1][0] == "A-L29 Listed 29"


def test_a_bad_filter_value_is_named(client, cat):
    client.force_login(cat.world.a.tm)

    page = listing_of(client, URL, language="not a language", mode="teleport")

    assert any(e.startswith("language:") for e in page.errors)
    assert any(e.startswith("mode:") for e in page.errors)
    assert page.total == 2


def test_foreign_courses_are_never_listed(client, cat):
    _courses(cat.world, 3)
    client.force_login(cat.world.b.tm)

    page = listing_of(client, URL, q="Listed")

    assert page.rows == []
    assert "A-L00 Listed 0" not in {r[0] for r in csv_of(client, URL)}


def test_the_htmx_request_gets_the_rows_only(client, cat):
    client.force_login(cat.world.a.tm)

    response = client.get(URL, {"q": "valuation"}, headers={"HX-Request": "true"})

    assert "<html" not in response.content.decode()
    assert "A-VAL" in response.content.decode()


@pytest.mark.parametrize("count", [2, 40])
def test_course_list_queries_do_not_grow_with_rows(client, cat, count, django_assert_max_num_queries):
    _courses(cat.world, count)
    client.force_login(cat.world.a.tm)
    client.get(URL)

    with django_assert_max_num_queries(12):
        client.get(URL)
