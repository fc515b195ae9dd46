"""Delivery's course-effect registry: evaluation fills it at start-up, the recommendations read it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pytest

from cadre.catalogue.models import CourseObjective
from cadre.delivery import hooks
from cadre.delivery.recommendations import officer_recommendations
from cadre.evaluation.hooks_impl import delivery_course_effects
from tests.delivery.conftest import make_course
from tests.support import factories as f

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Effect:
    ratio: float
    declared_uplift: float = 1.0


def test_evaluation_registers_its_source_at_start_up():
    assert delivery_course_effects in hooks.course_effect_sources()


def test_multipliers_without_a_declared_uplift_stay_one(monkeypatch):
    def source(*, course_ids: Sequence[int]) -> dict[int, Effect]:
        return {1: Effect(ratio=0.5), 2: Effect(ratio=0.0, declared_uplift=0.0)}

    monkeypatch.setattr(hooks, "_effect_sources", [source])
    assert hooks.course_effect_multipliers(course_ids=[1, 2, 3]) == {1: 0.5, 2: 1.0}


@pytest.fixture
def learner(world):
    """A learner at Valuation 1 of 3, and two equal courses AAA and BBB on Valuation."""
    c = world.competencies
    officer = world.a.learner_officer
    f.AssessmentFactory(officer=officer, competency=c[0], level=1)
    f.AssessmentFactory(officer=officer, competency=c[1], level=1)
    courses = {code: make_course(world.a.administration, code=code) for code in ("AAA", "BBB")}
    for course in courses.values():
        CourseObjective.objects.create(course=course, competency=c[1], target_level=3)
    return officer, courses


def test_recommendations_go_through_the_registry(monkeypatch, learner):
    # given a registry whose only source says AAA delivers a tenth of what it claims
    officer, courses = learner

    def source(*, course_ids: Sequence[int]) -> dict[int, Effect]:
        return {courses["AAA"].pk: Effect(ratio=0.1)} if courses["AAA"].pk in course_ids else {}

    monkeypatch.setattr(hooks, "_effect_sources", [source])
    # when recommending
    recommended, _modules = officer_recommendations(officer=officer)
    # then BBB comes before AAA
    codes = [r.item.code for r in recommended]
    assert codes.index("BBB") < codes.index("AAA")


def test_recommendations_work_with_an_empty_registry(monkeypatch, learner):
    officer, _courses = learner
    monkeypatch.setattr(hooks, "_effect_sources", [])
    recommended, _modules = officer_recommendations(officer=officer)
    assert [r.item.code for r in recommended][:2] == ["AAA", "BBB"]
    assert recommended[0].score == pytest.approx(recommended[1].score)
