"""The drill-down list of a unit's officers and their gaps: a page at a time, sorted, filtered, exported."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cadre.needs.services import gap_snapshot_create
from tests.support import factories as f
from tests.support.lists import csv_of, listing_of

pytestmark = pytest.mark.django_db

URL = reverse("needs:unit_officers")


def _more_officers(world, count):
    made = [
        f.OfficerFactory(
            administration=world.a.administration, org_unit=world.a.house, position=world.a.position
        )
        for _ in range(count)
    ]
    for i, officer in enumerate(made):
        f.AssessmentFactory(officer=officer, competency=world.competencies[i % 3], level=i % 3)
    return gap_snapshot_create(actor=world.a.tm, administration=world.a.administration)


def test_unit_officers_paginate_sort_filter_count_and_export(client, world):
    # given 30 more officers in Alpha's port house, and a snapshot of them all
    snapshot = _more_officers(world, 30)
    client.force_login(world.a.tm)
    params = {"snapshot": snapshot.pk, "unit": world.a.hq.pk}

    first = listing_of(client, URL, **params)
    assert first.total == 34
    assert first.total_label == "34 officers"
    assert len(first.rows) == 25
    assert all(len(gaps) == 3 for _o, gaps in first.rows)  # the position requires three competencies
    names = [(o.family_name, o.given_name) for o, _g in first.rows]
    assert names == sorted(names)
    by_number = listing_of(client, URL, **params, sort="-number").rows
    assert by_number[0][0].employee_number == max(o.employee_number for o, _g in first.rows + by_number)
    target = world.a.officers[3]
    assert [o for o, _g in listing_of(client, URL, **params, q=target.employee_number).rows] == [target]
    house = listing_of(client, URL, snapshot=snapshot.pk, unit=world.a.house.pk)
    assert house.total == 33  # not the airport house
    rows = csv_of(client, URL, **params)
    assert rows[0][:2] == ["Officer", "Employee number"]
    assert len(rows) == 1 + 34


def test_a_foreign_manager_gets_404_and_a_bad_sort_is_named(client, world):
    snapshot = _more_officers(world, 2)
    client.force_login(world.b.tm)

    assert client.get(URL, {"snapshot": snapshot.pk, "unit": world.a.hq.pk}).status_code == 404
    client.force_login(world.a.tm)
    page = listing_of(client, URL, snapshot=snapshot.pk, unit=world.a.hq.pk, sort="salary")
    assert any(e.startswith("sort:") for e in page.errors)


@pytest.mark.parametrize("count", [2, 40])
def test_unit_officers_queries_do_not_grow_with_rows(client, world, count, django_assert_max_num_queries):
    snapshot = _more_officers(world, count)
    client.force_login(world.a.tm)
    params = {"snapshot": snapshot.pk, "unit": world.a.hq.pk}
    client.get(URL, params)

    with django_assert_max_num_queries(14):
        client.get(URL, params)
