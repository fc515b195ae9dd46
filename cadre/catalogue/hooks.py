"""What higher apps tell the catalogue: course review flags for the content-lifecycle dashboard.

The catalogue sits below evaluation, so it cannot ask for measured effectiveness itself. Instead
evaluation registers a ``CourseReviewFlagSource`` in its ``AppConfig.ready()``; the obsolescence
page lists what the registered sources return (nothing when none is registered).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from cadre.catalogue.models import Course
    from cadre.tenancy.access import Actor


class ReviewFigures(Protocol):
    """The measured figures a flag shows (evaluation's ``Effectiveness`` has them)."""

    @property
    def estimate(self) -> float: ...
    @property
    def low(self) -> float: ...
    @property
    def high(self) -> float: ...
    @property
    def evidence(self) -> int: ...
    @property
    def declared_uplift(self) -> float: ...
    @property
    def satisfaction(self) -> float | None: ...


class CourseReviewFlag(Protocol):
    """A course to review, its figures and the stable reason codes ("low_effectiveness", ...)."""

    @property
    def course(self) -> Course: ...
    @property
    def effectiveness(self) -> ReviewFigures: ...
    @property
    def reasons(self) -> list[str]: ...


class CourseReviewFlagSource(Protocol):
    def __call__(self, *, actor: Actor) -> Sequence[CourseReviewFlag]: ...


_review_flag_sources: list[CourseReviewFlagSource] = []


def review_flag_source_register(source: CourseReviewFlagSource) -> None:
    """Add a source of course review flags (idempotent: a source registered twice counts once)."""
    if source not in _review_flag_sources:
        _review_flag_sources.append(source)


def review_flag_sources() -> tuple[CourseReviewFlagSource, ...]:
    return tuple(_review_flag_sources)


def course_review_flags(*, actor: Actor) -> list[CourseReviewFlag]:
    """Every registered source's flags for what ``actor`` may see, in the sources' order."""
    flags: list[CourseReviewFlag] = []
    for source in _review_flag_sources:
        flags.extend(source(actor=actor))
    return flags
