"""Measured course effectiveness, fed back to planning and recommendations.

For each course, every participant with evidence gives one observation of the competency uplift
(levels gained):

- behaviour evidence (preferred): at the follow-up, the supervisor's re-assessed level minus the
  level held before the course, averaged over the course's competencies whose baseline is known;
- otherwise learning evidence: the participant's normalised test gain g times the course's
  declared uplift (g = 1 means all of the possible gain was achieved, so the declared levels).

The observations are combined with the catalogue's declared uplift as a normal-normal model
(``stats.shrink``): prior mean = declared uplift, prior variance ``PRIOR_VARIANCE`` (0.25 levels²,
i.e. a prior standard deviation of half a level: a declared uplift of 1 is believed to lie in
about 0.0-2.0). With little evidence the estimate stays near the declared uplift; with more it
moves to what participants actually gained. See docs/evaluation.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Avg, Count

from cadre.catalogue.models import Course
from cadre.delivery.models import Session
from cadre.evaluation.models import Answer, FollowUp, FollowUpRating, LearningScore, Response
from cadre.evaluation.selectors.access import courses_for_evaluation
from cadre.evaluation.selectors.behaviour import follow_up_uplift
from cadre.evaluation.selectors.reaction import min_group
from cadre.evaluation.stats import Shrinkage, likert_share, normalised_gain, shrink
from cadre.tenancy.access import Actor, UserLike

#: Prior variance of a course's true uplift around its declared uplift (levels²).
PRIOR_VARIANCE = 0.25
#: Variance of one participant's uplift assumed while a course has fewer than two observations.
DEFAULT_OBSERVATION_VARIANCE = 0.5
#: Lower bound on the observation variance, so a few identical observations do not claim certainty.
OBSERVATION_VARIANCE_FLOOR = 0.05
#: Below this share of the scale (mean Likert 3.4 of 5) satisfaction is flagged.
LOW_SATISFACTION_SHARE = 0.6


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


@dataclass(frozen=True)
class Effectiveness:
    course_id: int
    declared_uplift: float
    estimate: float  # levels gained, shrunk toward the declared uplift
    low: float  # 95 % interval
    high: float
    observed_uplift: float | None
    evidence: int  # participants with evidence
    behaviour_evidence: int
    learning_evidence: int
    weight: float  # share of the estimate from the evidence
    satisfaction: float | None  # share of the Likert scale, 0-1; None below the minimum group
    responses: int

    @property
    def ratio(self) -> float:
        """Estimate as a share of the declared uplift (1.0 = as declared); for planners' multipliers."""
        return self.estimate / self.declared_uplift if self.declared_uplift > 0 else 0.0

    @property
    def low_effectiveness(self) -> bool:
        """The whole interval lies below the declared uplift: the course delivers less than it claims."""
        return self.evidence > 0 and self.high < self.declared_uplift

    @property
    def low_satisfaction(self) -> bool:
        return self.satisfaction is not None and self.satisfaction < LOW_SATISFACTION_SHARE


def _observations(
    course_ids: list[int], declared: dict[int, float]
) -> dict[int, dict[int, tuple[str, float]]]:
    """course id -> enrolment id -> (kind, uplift); behaviour evidence replaces learning evidence."""
    out: dict[int, dict[int, tuple[str, float]]] = {c: {} for c in course_ids}
    scores: dict[int, dict[str, float]] = {}
    course_of: dict[int, int] = {}
    for enrolment_id, course_id, phase, score in LearningScore.objects.filter(
        enrolment__session__course_id__in=course_ids
    ).values_list("enrolment_id", "enrolment__session__course_id", "phase", "score"):
        scores.setdefault(enrolment_id, {})[phase] = float(score)
        course_of[enrolment_id] = course_id
    for enrolment_id, pair in scores.items():
        if "pre" in pair and "post" in pair:
            g = normalised_gain(pair["pre"], pair["post"])
            if g is not None:
                course_id = course_of[enrolment_id]
                out[course_id][enrolment_id] = ("learning", g * declared[course_id])
    follow_ups = FollowUp.objects.filter(
        enrolment__session__course_id__in=course_ids, state=FollowUp.State.COMPLETED
    ).values_list("pk", "enrolment_id", "enrolment__session__course_id")
    ratings: dict[int, list[FollowUpRating]] = {}
    for rating in FollowUpRating.objects.filter(follow_up__in=[f[0] for f in follow_ups]):
        ratings.setdefault(rating.follow_up_id, []).append(rating)
    for pk, enrolment_id, course_id in follow_ups:
        uplift = follow_up_uplift(ratings.get(pk, []))
        if uplift is not None:
            out[course_id][enrolment_id] = ("behaviour", uplift)
    return out


def _satisfaction(course_ids: list[int]) -> dict[int, tuple[float | None, int]]:
    counts = dict(
        Response.objects.filter(survey__session__course_id__in=course_ids)
        .values_list("survey__session__course_id")
        .annotate(n=Count("pk"))
        .values_list("survey__session__course_id", "n")
    )
    means = dict(
        Answer.objects.filter(response__survey__session__course_id__in=course_ids, likert__isnull=False)
        .values_list("response__survey__session__course_id")
        .annotate(m=Avg("likert"))
        .values_list("response__survey__session__course_id", "m")
    )
    out: dict[int, tuple[float | None, int]] = {}
    for course_id in course_ids:
        n = counts.get(course_id, 0)
        m = means.get(course_id)
        out[course_id] = (likert_share(float(m)) if m is not None and n >= min_group() else None, n)
    return out


def course_effectiveness(*, course_ids: Iterable[int]) -> dict[int, Effectiveness]:
    """Measured effectiveness per course (missing ids are left out). A fixed number of queries.

    Not scoped to a user: it returns aggregates only (no person), for the planner and the
    recommendations, which scope the courses they ask about themselves.
    """
    ids = list(dict.fromkeys(int(c) for c in course_ids))
    declared = {
        pk: float(d) for pk, d in Course.objects.filter(pk__in=ids).values_list("pk", "declared_uplift")
    }
    ids = [c for c in ids if c in declared]
    observations = _observations(ids, declared)
    satisfaction = _satisfaction(ids)
    prior_variance = _setting("CADRE_EFFECTIVENESS_PRIOR_VARIANCE", PRIOR_VARIANCE)
    out: dict[int, Effectiveness] = {}
    for course_id in ids:
        evidence = observations[course_id].values()
        result: Shrinkage = shrink(
            prior_mean=declared[course_id],
            prior_variance=prior_variance,
            observations=[u for _k, u in evidence],
            default_variance=DEFAULT_OBSERVATION_VARIANCE,
            variance_floor=OBSERVATION_VARIANCE_FLOOR,
        )
        sat, responses = satisfaction[course_id]
        out[course_id] = Effectiveness(
            course_id=course_id,
            declared_uplift=declared[course_id],
            estimate=result.estimate,
            low=result.low,
            high=result.high,
            observed_uplift=result.observed_mean,
            evidence=result.n,
            behaviour_evidence=sum(1 for k, _u in evidence if k == "behaviour"),
            learning_evidence=sum(1 for k, _u in evidence if k == "learning"),
            weight=result.weight,
            satisfaction=sat,
            responses=responses,
        )
    return out


@dataclass(frozen=True)
class CourseFlag:
    course: Course
    effectiveness: Effectiveness
    reasons: list[str]


def courses_flagged_for_review(*, user: Actor | UserLike) -> list[CourseFlag]:
    """Courses of the caller's administrations with low measured effectiveness or low satisfaction.

    For the content-lifecycle dashboard; reasons are stable codes: "low_effectiveness", "low_satisfaction".
    """
    courses = {
        c.pk: c
        for c in courses_for_evaluation(user=user).filter(
            pk__in=Session.objects.filter(status=Session.Status.SCHEDULED).values("course_id")
        )
    }
    flags = []
    for course_id, eff in course_effectiveness(course_ids=list(courses)).items():
        reasons = [
            r
            for r, on in (
                ("low_effectiveness", eff.low_effectiveness),
                ("low_satisfaction", eff.low_satisfaction),
            )
            if on
        ]
        if reasons:
            flags.append(CourseFlag(courses[course_id], eff, reasons))
    return sorted(flags, key=lambda f: f.course.code)
