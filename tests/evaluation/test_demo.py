"""The evaluation demo: every level has data, small groups stay hidden, ROI shows, a second load adds nothing."""

from __future__ import annotations

import random

import pytest

from cadre.demo.names import BIG
from cadre.evaluation.demo import load_evaluation_demo
from cadre.evaluation.models import FollowUp, LearningScore, Programme, Survey, UnitKPIMeasurement
from cadre.evaluation.selectors import programme_roi, reaction_summary
from cadre.tenancy.models import Administration
from tests.demo.conftest import _fast_hasher, demo_world  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def test_demo_has_every_level_and_loads_once(demo_world):  # noqa: F811
    # given the demo loaded (the cycle calls the evaluation loader after delivery)
    big = Administration.objects.get(code=BIG.code)
    summaries = [reaction_summary(survey_ids=[s.pk]) for s in Survey.objects.filter(administration=big)]
    # then one session's reaction shows and one stays hidden below 5 responses
    assert any(s.shown and s.responses >= 5 for s in summaries)
    assert any(not s.shown and 0 < s.responses < 5 for s in summaries)
    # and learning, behaviour, results and ROI have data
    assert LearningScore.objects.filter(administration=big).exists()
    assert FollowUp.objects.filter(administration=big, state=FollowUp.State.COMPLETED).exists()
    assert UnitKPIMeasurement.objects.filter(administration=big).exists()
    roi = programme_roi(programme=Programme.objects.get(administration=big))
    assert roi.roi.roi_percent is not None
    assert roi.benefits
    # when loaded again, nothing is added
    again = load_evaluation_demo(big_administration=big, rng=random.Random(7))
    assert again.surveys == again.responses == again.programmes == 0
