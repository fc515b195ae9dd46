from __future__ import annotations

import datetime as dt

import pytest

from cadre.needs.services import gap_snapshot_create
from tests.support import factories as f


@pytest.fixture
def analysed(world):
    """Alpha and Beta with assessments and one finished snapshot each."""
    c1, c2, c3 = world.competencies[:3]
    for side in (world.a, world.b):
        o1, o2, o3, _o4 = side.officers
        f.AssessmentFactory(officer=o1, competency=c1, level=1, assessed_on=dt.date(2025, 1, 1))
        f.AssessmentFactory(officer=o1, competency=c2, level=3)
        f.AssessmentFactory(officer=o2, competency=c1, level=2)
        f.AssessmentFactory(officer=o3, competency=c3, level=0)
    world.a.snapshot = gap_snapshot_create(actor=world.a.tm, administration=world.a.administration)
    world.b.snapshot = gap_snapshot_create(actor=world.b.tm, administration=world.b.administration)
    return world
