"""The statistics against hand-worked examples, and invariants with hypothesis."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadre.evaluation.stats import (
    Z95,
    before_after,
    learning_summary,
    normalised_gain,
    return_on_investment,
    shrink,
)


def test_normalised_gain_by_hand():
    # given pre 40 and post 70: 30 gained of 60 possible
    assert normalised_gain(40, 70) == pytest.approx(0.5)
    assert normalised_gain(100, 100) is None
    assert normalised_gain(50, 40) == pytest.approx(-0.2)


def test_learning_summary_by_hand():
    # given three learners (pre, post): (40, 70) g=.5, (60, 80) g=.5, (80, 100) g=1
    s = learning_summary([(40, 70), (60, 80), (80, 100)])
    assert s.n == 3
    assert s.mean_pre == pytest.approx(60)
    assert s.mean_post == pytest.approx(250 / 3)
    assert s.mean_gain == pytest.approx(250 / 3 - 60)
    assert s.mean_normalised_gain == pytest.approx(2 / 3)
    # Hake: (83.33 - 60) / (100 - 60) = 0.5833
    assert s.class_normalised_gain == pytest.approx((250 / 3 - 60) / 40)


def test_shrinkage_by_hand():
    # given declared 1.0, prior variance 0.25, observations 2, 2, 3, 1 (mean 2, s2 = 2/3)
    r = shrink(
        prior_mean=1.0,
        prior_variance=0.25,
        observations=[2, 2, 3, 1],
        default_variance=0.5,
        variance_floor=0.05,
    )
    # s2/n = (2/3)/4 = 1/6; weight = .25 / (.25 + 1/6) = 0.6
    assert r.weight == pytest.approx(0.6)
    assert r.estimate == pytest.approx(0.6 * 2 + 0.4 * 1)  # 1.6
    posterior_variance = 1 / (1 / 0.25 + 4 / (2 / 3))  # 0.1
    assert posterior_variance == pytest.approx(0.1)
    assert r.high - r.estimate == pytest.approx(Z95 * math.sqrt(0.1))


def test_shrinkage_without_evidence_is_the_prior():
    r = shrink(
        prior_mean=1.5, prior_variance=0.25, observations=[], default_variance=0.5, variance_floor=0.05
    )
    assert (r.estimate, r.weight, r.observed_mean) == (1.5, 0.0, None)
    assert r.low == pytest.approx(1.5 - Z95 * 0.5)


def test_one_observation_uses_the_default_variance():
    # weight = .25 / (.25 + .5 / 1) = 1/3
    r = shrink(
        prior_mean=1.0, prior_variance=0.25, observations=[0.0], default_variance=0.5, variance_floor=0.05
    )
    assert r.weight == pytest.approx(1 / 3)
    assert r.estimate == pytest.approx(2 / 3)


@given(
    declared=st.floats(0, 4),
    observations=st.lists(st.floats(-3, 5), min_size=1, max_size=40),
)
def test_shrinkage_lies_between_declared_and_observed(declared, observations):
    r = shrink(
        prior_mean=declared,
        prior_variance=0.25,
        observations=observations,
        default_variance=0.5,
        variance_floor=0.05,
    )
    low, high = sorted((declared, r.observed_mean))
    assert low - 1e-9 <= r.estimate <= high + 1e-9
    assert 0 < r.weight < 1
    assert r.low <= r.estimate <= r.high


@given(n=st.integers(1, 30))
def test_more_evidence_weighs_more(n):
    few = shrink(
        prior_mean=1,
        prior_variance=0.25,
        observations=[2.0, 1.0] * n,
        default_variance=0.5,
        variance_floor=0.05,
    )
    more = shrink(
        prior_mean=1,
        prior_variance=0.25,
        observations=[2.0, 1.0] * (n + 1),
        default_variance=0.5,
        variance_floor=0.05,
    )
    assert more.weight > few.weight
    assert more.high - more.low < few.high - few.low


def test_roi_by_hand():
    # given costs 8,000 and benefits 12,000: ROI = 4,000 / 8,000 = 50 %, BCR = 1.5
    r = return_on_investment(costs=Decimal("8000"), benefits=Decimal("12000"))
    assert r.roi_percent == Decimal("50.0")
    assert r.benefit_cost_ratio == Decimal("1.50")
    assert r.net_benefit == Decimal("4000")
    nothing = return_on_investment(costs=Decimal(0), benefits=Decimal(10))
    assert nothing.roi_percent is None
    assert nothing.benefit_cost_ratio is None


def test_before_after_by_hand():
    d = dt.date
    points = [(d(2024, 1, 1), 10.0), (d(2024, 2, 1), 12.0), (d(2024, 3, 1), 15.0), (d(2024, 4, 1), 17.0)]
    r = before_after(points, d(2024, 3, 1))
    assert (r.before, r.after, r.change, r.n_before, r.n_after) == (11.0, 16.0, 5.0, 2, 2)
