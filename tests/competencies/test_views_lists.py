"""The framework and role-profile lists: pagination, sort, filters, total, export, isolation, queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.support import factories as f
from tests.support.lists import csv_of, listing_of

pytestmark = pytest.mark.django_db

FRAMEWORKS = reverse("competencies:framework_list")
PROFILES = reverse("competencies:profile_list")


def _frameworks(world, count):
    return [
        f.FrameworkFactory(
            region=None,
            administration=world.a.administration,
            scale=world.regional_framework.scale,
            code=f"L{i:02d}",
            title=f"Listed framework {i:02d}",
            status="draft" if i % 2 else "published",
        )
        for i in range(count)
    ]


def test_frameworks_paginate_sort_filter_and_count(client, world):
    made = _frameworks(world, 30)
    client.force_login(world.a.tm)

    first = listing_of(client, FRAMEWORKS)
    assert first.total == 32  # the 30, Alpha's national and the regional framework
    assert first.total_label == "32 frameworks"
    assert len(first.rows) == 25
    assert listing_of(client, FRAMEWORKS, sort="-title").rows[0] == world.regional_framework
    assert listing_of(client, FRAMEWORKS, scope="regional").rows == [world.regional_framework]
    assert listing_of(client, FRAMEWORKS, q="Listed", status="draft").total == 15
    rows = csv_of(client, FRAMEWORKS, q="Listed")
    assert len(rows) == 1 + 30
    assert rows[1][0] == made[0].title


def test_frameworks_of_a_foreign_administration_are_never_listed(client, world):
    _frameworks(world, 3)
    client.force_login(world.b.tm)

    assert listing_of(client, FRAMEWORKS, q="Listed").rows == []
    assert not [r for r in csv_of(client, FRAMEWORKS) if r[0].startswith("Listed")]


def test_officers_are_not_offered_the_case_import(client, world):
    client.force_login(world.a.learner)

    body = client.get(FRAMEWORKS).content.decode()

    assert reverse("competencies:case_import") not in body


@pytest.mark.parametrize("count", [2, 40])
def test_framework_list_queries_do_not_grow(client, world, count, django_assert_max_num_queries):
    _frameworks(world, count)
    client.force_login(world.a.tm)
    client.get(FRAMEWORKS)

    with django_assert_max_num_queries(8):
        client.get(FRAMEWORKS)


def _positions(world, count):
    return [
        f.PositionFactory(administration=world.a.administration, code=f"P{i:02d}", title=f"Post {i:02d}")
        for i in range(count)
    ]


def test_role_profiles_paginate_sort_filter_and_count(client, world):
    made = _positions(world, 30)
    client.force_login(world.a.tm)

    first = listing_of(client, PROFILES)
    assert first.total == 31
    assert len(first.rows) == 25
    assert listing_of(client, PROFILES, sort="-requirements").rows[0] == world.a.position
    assert listing_of(client, PROFILES, profile="yes").rows == [world.a.position]
    assert listing_of(client, PROFILES, q="Post 1").total == 10
    rows = csv_of(client, PROFILES, sort="code")
    assert len(rows) == 1 + 31
    assert rows[1][1] == made[0].code


def test_role_profiles_of_a_foreign_administration_are_never_listed(client, world):
    _positions(world, 3)
    client.force_login(world.b.tm)

    assert listing_of(client, PROFILES, q="Post").rows == []
    assert client.get(PROFILES, {"profile": "maybe"}).context["listing"].errors[0].startswith("profile:")


@pytest.mark.parametrize("count", [2, 40])
def test_role_profile_list_queries_do_not_grow(client, world, count, django_assert_max_num_queries):
    _positions(world, count)
    client.force_login(world.a.tm)
    client.get(PROFILES)

    with django_assert_max_num_queries(8):
        client.get(PROFILES)
