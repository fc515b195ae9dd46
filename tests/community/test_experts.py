from __future__ import annotations

import datetime as dt

import pytest

from cadre.community.models import MissionRequest
from cadre.community.selectors import expert_search, expert_supply, missions_visible_to
from cadre.community.services import expert_advance, expert_register, mission_decide, mission_request
from cadre.core.errors import DomainError
from tests.support.errors import NOT_FOUND

pytestmark = pytest.mark.django_db


@pytest.fixture
def expert(world):
    return expert_register(
        actor=world.a.tm,
        region=world.region,
        home_administration=world.a.administration,
        name="Aiko Tanaka",
        category="expert_trainer",
        languages=["ja", "en"],
        competencies=[(world.competencies[1].pk, 4)],
    )


def test_register_search_and_supply(world, expert):
    assert list(
        expert_search(
            user=world.b.learner, competency_id=world.competencies[1].pk, min_level=3, language="ja"
        )
    ) == [expert]
    assert (
        list(expert_search(user=world.b.learner, competency_id=world.competencies[1].pk, min_level=5)) == []
    )
    assert list(expert_search(user=world.b.learner, language="th")) == []
    assert [(r.code, r.experts) for r in expert_supply(user=world.coordinator)] == [("OP2", 1)]


def test_register_validates_and_foreign_cannot_register_for_alpha(world):
    with pytest.raises(DomainError) as exc:
        expert_register(
            actor=world.coordinator, region=world.region, name="", category="wizard", languages=["english"]
        )
    assert {e.field for e in exc.value.errors} == {"name", "category", "languages[0]"}
    with pytest.raises(NOT_FOUND):
        expert_register(
            actor=world.b.tm,
            region=world.region,
            home_administration=world.a.administration,
            name="X",
            category="expert_trainer",
        )


def test_mission_approved_by_home_administration_only(world, expert):
    # given Beta asks for Alpha's expert
    mission = mission_request(
        actor=world.b.tm,
        expert=expert,
        purpose="Valuation course",
        starts_on=dt.date(2030, 5, 1),
        ends_on=dt.date(2030, 5, 5),
        requesting_administration=world.b.administration,
    )
    # then Beta cannot approve it, the region cannot either; Alpha's focal point can
    with pytest.raises(NOT_FOUND):
        mission_decide(actor=world.b.tm, mission=mission, approve=True)
    with pytest.raises(NOT_FOUND):
        mission_decide(actor=world.coordinator, mission=mission, approve=True)
    assert MissionRequest.objects.get().state == "requested"
    mission_decide(actor=world.a.tm, mission=mission, approve=True)
    assert MissionRequest.objects.get().state == "approved"
    assert list(missions_visible_to(user=world.b.learner)) == []


def test_accreditation_advances_in_order(world, expert):
    assert expert_advance(actor=world.coordinator, expert=expert).stage == "in_field"
    assert expert_advance(actor=world.coordinator, expert=expert).stage == "accredited"
    with pytest.raises(DomainError):
        expert_advance(actor=world.coordinator, expert=expert)
    with pytest.raises(NOT_FOUND):
        expert_advance(actor=world.a.tm, expert=expert)
