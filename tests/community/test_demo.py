from __future__ import annotations

import datetime as dt

import pytest

from cadre.community.demo import load_community_demo
from cadre.community.models import Event, Nomination
from cadre.evaluation.models import Response
from cadre.practices.demo import load_practices_demo
from cadre.practices.models import Practice
from tests.support import factories as f

pytestmark = pytest.mark.django_db


def test_demo_workshop_has_32_participants_from_24_administrations():
    # given a small region of 24 administrations, each with a training manager and two officers
    region = f.RegionFactory(code="ap")
    f.MembershipFactory(
        user=f.UserFactory(username="coordinator"), role="regional_coordinator", region=region
    )
    codes = [
        "kasumi",
        "lumeria",
        "sarnavia",
        "aldovia",
        "belmora",
        "galdoria",
        "istrelia",
        "kelloria",
        "quintara",
    ]
    codes += [f"m{i:02d}" for i in range(24 - len(codes))]
    for code in codes:
        admin = f.AdministrationFactory(region=region, code=code, name=code.title())
        f.MembershipFactory(
            user=f.UserFactory(username=f"tm.{code}"), role="training_manager", administration=admin
        )
        unit = f.OrgUnitFactory(administration=admin)
        f.OfficerFactory.create_batch(2, administration=admin, org_unit=unit)
    # when the demos load twice
    first = load_practices_demo(region=region)
    summary = load_community_demo(region=region, today=dt.date(2025, 6, 1))
    load_practices_demo(region=region)
    load_community_demo(region=region, today=dt.date(2025, 6, 1))
    # then
    assert (summary.participants, summary.administrations, summary.evaluation_responses) == (32, 24, 24)
    workshop = Event.objects.get(code="tm-workshop-2019")
    selected = Nomination.objects.filter(event=workshop, state="selected")
    assert selected.count() == 32
    assert selected.values("administration").distinct().count() == 24
    assert workshop.status == "held"
    # and its evaluation form went to the 32 who attended, 24 of whom answered on paper
    assert workshop.survey is not None
    assert workshop.survey.invitations.count() == 32
    assert workshop.survey.invitations.filter(responded=True).count() == 24
    assert Response.objects.filter(survey=workshop.survey, officer__isnull=True).count() == 24
    assert first.published >= 8
    assert Practice.objects.filter(state="submitted").count() == 1
    assert Practice.objects.count() == first.created
