"""What higher apps tell delivery: measured course effectiveness for the recommendations.

Delivery sits below evaluation, so the recommendations cannot read effectiveness themselves.
Evaluation registers a ``CourseEffectSource`` in its ``AppConfig.ready()``; with none registered
every course keeps its multiplier of 1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol


class CourseEffect(Protocol):
    """Measured against declared uplift (evaluation's ``Effectiveness`` has both)."""

    @property
    def ratio(self) -> float: ...
    @property
    def declared_uplift(self) -> float: ...


class CourseEffectSource(Protocol):
    def __call__(self, *, course_ids: Sequence[int]) -> Mapping[int, CourseEffect]: ...


_effect_sources: list[CourseEffectSource] = []


def course_effect_source_register(source: CourseEffectSource) -> None:
    """Add a source of measured course effects (idempotent)."""
    if source not in _effect_sources:
        _effect_sources.append(source)


def course_effect_sources() -> tuple[CourseEffectSource, ...]:
    return tuple(_effect_sources)


def course_effect_multipliers(*, course_ids: Sequence[int]) -> dict[int, float]:
    """Measured effectiveness as a multiplier per course: 1 without evidence or a declared uplift.

    Several sources multiply; courses no source knows are left out (the caller's default is 1).
    """
    out: dict[int, float] = {}
    for source in _effect_sources:
        for pk, effect in source(course_ids=list(course_ids)).items():
            out[pk] = out.get(pk, 1.0) * (effect.ratio if effect.declared_uplift > 0 else 1.0)
    return out
