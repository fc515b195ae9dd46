"""Evaluation's answers to lower apps' registries (registered in ``EvaluationConfig.ready()``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from cadre.evaluation.selectors import course_effectiveness, courses_flagged_for_review

if TYPE_CHECKING:
    from cadre.catalogue.hooks import CourseReviewFlag
    from cadre.delivery.hooks import CourseEffect
    from cadre.tenancy.access import Actor


def catalogue_review_flags(*, actor: Actor) -> Sequence[CourseReviewFlag]:
    """Courses with low measured effectiveness or satisfaction, for the catalogue's lifecycle page."""
    return courses_flagged_for_review(user=actor.user)


def delivery_course_effects(*, course_ids: Sequence[int]) -> Mapping[int, CourseEffect]:
    """Measured effectiveness per course, for delivery's recommendations."""
    return course_effectiveness(course_ids=course_ids)
