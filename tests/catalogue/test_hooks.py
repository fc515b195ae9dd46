"""The catalogue's review-flag registry: evaluation fills it at start-up, the obsolescence page reads it."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from cadre.catalogue import hooks
from cadre.catalogue.models import Course
from cadre.evaluation.hooks_impl import catalogue_review_flags
from cadre.tenancy.access import Actor, actor_for

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Figures:
    estimate: float = 0.1
    low: float = 0.0
    high: float = 0.3
    evidence: int = 6
    declared_uplift: float = 1.0
    satisfaction: float | None = None


@dataclass(frozen=True)
class Flag:
    course: Course
    effectiveness: Figures = field(default_factory=Figures)
    reasons: list[str] = field(default_factory=lambda: ["low_effectiveness"])


def test_evaluation_registers_its_source_at_start_up():
    assert catalogue_review_flags in hooks.review_flag_sources()


def test_registering_twice_counts_once(monkeypatch):
    monkeypatch.setattr(hooks, "_review_flag_sources", [])
    hooks.review_flag_source_register(catalogue_review_flags)
    hooks.review_flag_source_register(catalogue_review_flags)
    assert hooks.review_flag_sources() == (catalogue_review_flags,)


def test_obsolescence_page_lists_what_the_registered_source_returns(monkeypatch, client, cat):
    # given a registry holding only a source that flags Alpha's course for its caller
    seen: list[Actor] = []

    def source(*, actor: Actor) -> list[Flag]:
        seen.append(actor)
        return [Flag(course=cat.course_a)]

    monkeypatch.setattr(hooks, "_review_flag_sources", [source])
    # when Alpha's manager opens the obsolescence page
    client.force_login(cat.world.a.tm)
    page = client.get(reverse("catalogue:obsolescence"))
    # then the flag is shown, asked for with the caller's actor
    assert page.status_code == 200
    assert "Flagged by evaluation" in page.content.decode()
    assert cat.course_a.code in page.content.decode()
    assert [a.user for a in seen] == [cat.world.a.tm]


def test_obsolescence_page_works_with_an_empty_registry(monkeypatch, client, cat):
    monkeypatch.setattr(hooks, "_review_flag_sources", [])
    client.force_login(cat.world.a.tm)
    page = client.get(reverse("catalogue:obsolescence"))
    assert page.status_code == 200
    assert "Flagged by evaluation" not in page.content.decode()
    assert hooks.course_review_flags(actor=actor_for(cat.world.a.tm)) == []
