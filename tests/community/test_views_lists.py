"""The regional event and expert lists: pagination, sort, filters, total, export, isolation, queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cadre.community.models import Event, Expert, ExpertCompetency
from tests.support import factories as f
from tests.support.lists import csv_of, listing_of

pytestmark = pytest.mark.django_db

EVENTS = reverse("community:event_list")
EXPERTS = reverse("community:expert_list")


def _other_region_manager():
    region = f.RegionFactory(code="eu", name="Europe")
    administration = f.AdministrationFactory(region=region, code="z", name="Zeta Customs")
    user = f.UserFactory(username="tm_z")
    f.MembershipFactory(user=user, role="training_manager", administration=administration)
    return user


def _events(world, count, *, days_ahead=10, prefix="ev"):
    today = timezone.localdate()
    return [
        Event.objects.create(
            region=world.region,
            code=f"{prefix}-{i:02d}",
            title=f"Workshop {i:02d}",
            starts_on=today + dt.timedelta(days=days_ahead + i),
            ends_on=today + dt.timedelta(days=days_ahead + i + 2),
            venue="Kashiwa" if i % 2 else "Brussels",
            seats=10 + i,
        )
        for i in range(count)
    ]


def test_events_paginate_sort_filter_and_count(client, world):
    made = _events(world, 30)
    past = _events(world, 1, days_ahead=-30, prefix="past")[0]
    client.force_login(world.a.tm)

    first = listing_of(client, EVENTS)
    assert first.total == 30  # upcoming by default
    assert first.total_label == "30 events"
    assert len(first.rows) == 25
    assert first.rows[0] == made[0]
    assert listing_of(client, EVENTS, sort="-seats").rows[0] == made[-1]
    assert listing_of(client, EVENTS, when="past").rows == [past]
    assert listing_of(client, EVENTS, when="all").total == 31
    assert listing_of(client, EVENTS, q="Kashiwa").total == 15
    rows = csv_of(client, EVENTS, when="all")
    assert len(rows) == 1 + 31
    assert rows[0][0] == "Event"


def test_events_of_another_region_are_never_listed(client, world):
    _events(world, 3)
    client.force_login(_other_region_manager())

    response = client.get(EVENTS, {"when": "all"})

    assert response.status_code == 404 or response.context["listing"].rows == []


@pytest.mark.parametrize("count", [2, 40])
def test_event_list_queries_do_not_grow(client, world, count, django_assert_max_num_queries):
    _events(world, count)
    client.force_login(world.coordinator)
    client.get(EVENTS)

    with django_assert_max_num_queries(8):
        client.get(EVENTS)


def _experts(world, count):
    made = []
    for i in range(count):
        expert = Expert.objects.create(
            region=world.region,
            home_administration=world.a.administration if i % 2 else world.b.administration,
            name=f"Expert {i:02d}",
            category="trainer",
            stage=Expert.Stage.ACCREDITED if i < 5 else Expert.Stage.WORKSHOP,
            languages=["en", "ja"] if i % 3 == 0 else ["en"],
        )
        ExpertCompetency.objects.create(expert=expert, competency=world.competencies[0], level=1 + i % 4)
        made.append(expert)
    return made


def test_experts_paginate_sort_filter_and_count(client, world):
    made = _experts(world, 30)
    client.force_login(world.a.tm)

    first = listing_of(client, EXPERTS)
    assert first.total == 30
    assert len(first.rows) == 25
    assert {e.stage for e in first.rows[:5]} == {Expert.Stage.ACCREDITED}  # accredited first
    assert listing_of(client, EXPERTS, sort="-name").rows[0] == made[-1]
    assert listing_of(client, EXPERTS, language="ja").total == 10
    level_4 = listing_of(client, EXPERTS, competency=world.competencies[0].pk, min_level=4, per_page=50)
    assert {e.pk for e in level_4.rows} == {e.pk for i, e in enumerate(made) if i % 4 == 3}
    assert listing_of(client, EXPERTS, competency=world.competencies[1].pk).rows == []
    rows = csv_of(client, EXPERTS, stage="accredited")
    assert len(rows) == 1 + 5


def test_experts_of_another_region_are_never_listed(client, world):
    _experts(world, 3)
    client.force_login(_other_region_manager())

    response = client.get(EXPERTS)

    assert response.status_code == 404 or response.context["listing"].rows == []
    client.force_login(world.a.tm)
    assert listing_of(client, EXPERTS, min_level="high").errors[0].startswith("min_level:")


@pytest.mark.parametrize("count", [2, 40])
def test_expert_list_queries_do_not_grow(client, world, count, django_assert_max_num_queries):
    _experts(world, count)
    client.force_login(world.a.tm)
    client.get(EXPERTS)

    with django_assert_max_num_queries(12):
        client.get(EXPERTS)
