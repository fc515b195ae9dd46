"""A planned world: assessed gaps, an active course closing them, an instructor, a snapshot per side."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from cadre.catalogue.models import CourseObjective
from cadre.needs.services import gap_snapshot_create
from tests.delivery.conftest import make_course, make_instructor
from tests.support import factories as f


@pytest.fixture
def planned(world):
    c1 = world.competencies[0]
    for side in (world.a, world.b):
        for officer in side.officers:
            officer.languages = ["en"]
            officer.save(update_fields=["languages"])
            f.AssessmentFactory(officer=officer, competency=c1, level=1, assessed_on=dt.date(2025, 1, 1))
        course = make_course(
            side.administration,
            code=f"PLAN-{side.administration.code}",
            min_participants=1,
            max_participants=10,
            cost_per_session=100,
            cost_per_participant=10,
        )
        CourseObjective.objects.create(course=course, competency=c1, target_level=3)
        make_instructor(side.administration)
        side.course = course
        side.snapshot = gap_snapshot_create(actor=side.tm, administration=side.administration)
    return world


@pytest.fixture
def client_for():
    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make
