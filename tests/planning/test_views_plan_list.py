"""The annual plans list: pagination, sort, filters, total, export, isolation, queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cadre.planning.models import AnnualPlan, PlannedAssignment
from tests.support.lists import csv_of, listing_of

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


def _assigned(planned, count):
    """A plan with ``count`` assignments of Alpha officers to one course, in two periods."""
    from cadre.catalogue.models import Course
    from tests.support import factories as f

    plan = _plans(planned.a, 1)[0]
    course = Course.objects.create(
        administration=planned.a.administration,
        code="PLAN-1",
        title="Planned",
        status="active",
        languages=["en"],
    )
    officers = [
        f.OfficerFactory(administration=planned.a.administration, org_unit=planned.a.house)
        for _ in range(count)
    ]
    for i, officer in enumerate(officers):
        PlannedAssignment.objects.create(
            plan=plan, officer=officer, course=course, period=i % 2, value=1.0 + i
        )
    return plan


def test_assignments_paginate_sort_filter_count_and_lock(planned, client_for):
    plan = _assigned(planned, 30)
    client = client_for(planned.a.tm)
    url = reverse("planning:assignments", args=[plan.pk])

    first = listing_of(client, url)
    assert first.total == 30
    assert first.total_label == "30 assignments"
    assert len(first.rows) == 25
    assert listing_of(client, url, sort="-value").rows[0].value == 30.0
    assert listing_of(client, url, period=2).total == 15
    assert listing_of(client, url, unit=planned.a.house.pk).total == 30
    assert listing_of(client, url, unit=planned.a.other_house.pk).total == 0
    rows = csv_of(client, url, period=1)
    assert len(rows) == 1 + 15
    assert {r[4] for r in rows[1:]} == {"1"}  # officer, number, unit, course, period
    # locking from the list comes back to the same page of the list
    row = first.rows[3]
    back = f"{url}?page=1&sort=value"
    response = client.post(
        reverse("planning:assignment_lock", args=[plan.pk, row.pk]), {"locked": "1", "next": back}
    )
    assert response.url == back
    elsewhere = client.post(
        reverse("planning:assignment_lock", args=[plan.pk, row.pk]),
        {"locked": "0", "next": "https://evil.example/"},
    )
    assert elsewhere.url == reverse("planning:detail", args=[plan.pk])
    detail = client.get(reverse("planning:detail", args=[plan.pk])).content.decode()
    assert "All 30 assignments" in detail


def test_assignments_of_a_foreign_plan_answer_404(planned, client_for):
    plan = _assigned(planned, 2)

    assert client_for(planned.b.tm).get(reverse("planning:assignments", args=[plan.pk])).status_code == 404
    assert (
        client_for(planned.b.tm)
        .get(reverse("planning:assignments", args=[plan.pk]), {"export": "csv"})
        .status_code
        == 404
    )


@pytest.mark.parametrize("count", [2, 40])
def test_assignment_list_and_plan_page_queries_do_not_grow(
    planned, client_for, count, django_assert_max_num_queries
):
    plan = _assigned(planned, count)
    client = client_for(planned.a.tm)
    url = reverse("planning:assignments", args=[plan.pk])
    client.get(url)

    with django_assert_max_num_queries(8):
        client.get(url)
    with django_assert_max_num_queries(16):
        client.get(reverse("planning:detail", args=[plan.pk]))
