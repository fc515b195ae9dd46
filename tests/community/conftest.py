from __future__ import annotations

import datetime as dt

import pytest

from cadre.community.services import call_open, event_create


@pytest.fixture
def event(world):  # type: ignore[no-untyped-def]
    return event_create(
        actor=world.coordinator,
        region=world.region,
        code="tm-2019",
        title="Training management workshop",
        starts_on=dt.date(2030, 3, 4),
        ends_on=dt.date(2030, 3, 8),
        venue="Regional Training Center, Kashiwa",
        seats=2,
        languages=["en"],
    )


@pytest.fixture
def call(world, event):  # type: ignore[no-untyped-def]
    return call_open(
        actor=world.coordinator, event=event, closes_on=dt.date(2030, 2, 1), quota_per_administration=2
    )


TODAY = dt.date(2030, 1, 15)
