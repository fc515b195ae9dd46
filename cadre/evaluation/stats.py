"""The statistics of evaluation as pure functions: gains, shrinkage, ROI, before/after comparisons.

Each function is small enough to check by hand; ``tests/test_stats.py`` does exactly that.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

#: z of a two-sided 95 % normal interval.
Z95 = 1.959963984540054


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def sample_variance(values: Sequence[float]) -> float | None:
    """Unbiased sample variance (n - 1); None below two values."""
    if len(values) < 2:
        return None
    m = sum(values) / len(values)
    return sum((v - m) ** 2 for v in values) / (len(values) - 1)


def normalised_gain(pre: float, post: float, maximum: float = 100.0) -> float | None:
    """Hake's normalised gain of one learner: the share of the possible gain achieved.

    None when the pre-test was already at the maximum (nothing left to gain).
    """
    if pre >= maximum:
        return None
    return (post - pre) / (maximum - pre)


@dataclass(frozen=True)
class LearningSummary:
    n: int
    mean_pre: float | None
    mean_post: float | None
    mean_gain: float | None
    #: Average of the learners' own normalised gains (learners at the maximum before are left out).
    mean_normalised_gain: float | None
    #: Hake's class gain: (mean post - mean pre) / (100 - mean pre).
    class_normalised_gain: float | None


def learning_summary(pairs: Sequence[tuple[float, float]], maximum: float = 100.0) -> LearningSummary:
    """Summarise (pre, post) pairs of the same learners."""
    if not pairs:
        return LearningSummary(0, None, None, None, None, None)
    pre = [p for p, _ in pairs]
    post = [q for _, q in pairs]
    gains = [g for p, q in pairs if (g := normalised_gain(p, q, maximum)) is not None]
    mean_pre, mean_post = mean(pre), mean(post)
    assert mean_pre is not None
    assert mean_post is not None
    class_gain = normalised_gain(mean_pre, mean_post, maximum)
    return LearningSummary(
        n=len(pairs),
        mean_pre=mean_pre,
        mean_post=mean_post,
        mean_gain=mean_post - mean_pre,
        mean_normalised_gain=mean(gains),
        class_normalised_gain=class_gain,
    )


@dataclass(frozen=True)
class Shrinkage:
    prior_mean: float
    prior_variance: float
    n: int
    observed_mean: float | None
    sampling_variance: float  # of one observation
    weight: float  # share of the estimate that comes from the observations (0 without any)
    estimate: float
    low: float
    high: float


def shrink(
    *,
    prior_mean: float,
    prior_variance: float,
    observations: Sequence[float],
    default_variance: float,
    variance_floor: float,
) -> Shrinkage:
    """Normal-normal posterior of a mean: the observations' mean pulled toward the prior mean.

    With n observations of variance s2 (the sample variance, at least ``variance_floor``;
    ``default_variance`` below two observations), the observed mean has variance s2 / n and

        weight   = prior_variance / (prior_variance + s2 / n)
        estimate = weight * observed_mean + (1 - weight) * prior_mean
        variance = 1 / (1 / prior_variance + n / s2)

    and the interval is estimate +- 1.96 * sqrt(variance). Without observations the estimate is
    the prior mean with the prior's interval.
    """
    if prior_variance <= 0:
        raise ValueError("prior_variance must be positive")
    n = len(observations)
    if n == 0:
        half = Z95 * math.sqrt(prior_variance)
        return Shrinkage(
            prior_mean,
            prior_variance,
            0,
            None,
            default_variance,
            0.0,
            prior_mean,
            prior_mean - half,
            prior_mean + half,
        )
    observed = sum(observations) / n
    variance = sample_variance(observations)
    s2 = max(variance if variance is not None else default_variance, variance_floor)
    weight = prior_variance / (prior_variance + s2 / n)
    estimate = weight * observed + (1 - weight) * prior_mean
    posterior_variance = 1 / (1 / prior_variance + n / s2)
    half = Z95 * math.sqrt(posterior_variance)
    return Shrinkage(
        prior_mean, prior_variance, n, observed, s2, weight, estimate, estimate - half, estimate + half
    )


@dataclass(frozen=True)
class ReturnOnInvestment:
    costs: Decimal
    benefits: Decimal
    net_benefit: Decimal
    roi_percent: Decimal | None  # None when nothing was spent
    benefit_cost_ratio: Decimal | None


def return_on_investment(*, costs: Decimal, benefits: Decimal) -> ReturnOnInvestment:
    """Phillips' ROI % = (benefits - costs) / costs x 100, and the benefit-cost ratio benefits / costs."""
    net = benefits - costs
    if costs <= 0:
        return ReturnOnInvestment(costs, benefits, net, None, None)
    roi = (net / costs * 100).quantize(Decimal("0.1"))
    bcr = (benefits / costs).quantize(Decimal("0.01"))
    return ReturnOnInvestment(costs, benefits, net, roi, bcr)


@dataclass(frozen=True)
class BeforeAfter:
    before: float | None
    after: float | None
    change: float | None
    n_before: int
    n_after: int


def before_after(points: Sequence[tuple[object, float]], pivot: object) -> BeforeAfter:
    """Mean of the values measured before ``pivot`` and on or after it (points are (date, value))."""
    before = [v for d, v in points if d < pivot]  # type: ignore[operator]
    after = [v for d, v in points if d >= pivot]  # type: ignore[operator]
    b, a = mean(before), mean(after)
    change = a - b if a is not None and b is not None else None
    return BeforeAfter(b, a, change, len(before), len(after))


def likert_share(value: float) -> float:
    """A 1-5 mean as a share of the scale (1 -> 0, 5 -> 1)."""
    return (value - 1) / 4
