"""Behaviour results: follow-up completion, transfer rate and the levels gained since the course."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from cadre.evaluation.models import FollowUp, FollowUpRating
from cadre.evaluation.stats import mean


@dataclass(frozen=True)
class BehaviourSummary:
    scheduled: int  # not yet due
    due: int  # open: due and not completed
    completed: int
    transferred: int
    mean_uplift: float | None  # mean over completed follow-ups with a known baseline
    uplift_n: int

    @property
    def completion_rate(self) -> float | None:
        """Completed follow-ups among those that have come due."""
        total = self.due + self.completed
        return self.completed / total if total else None

    @property
    def transfer_rate(self) -> float | None:
        return self.transferred / self.completed if self.completed else None


def follow_up_uplift(ratings: Iterable[FollowUpRating]) -> float | None:
    """Mean levels gained over the re-assessed competencies whose pre-course level is known."""
    return mean([r.level - r.baseline_level for r in ratings if r.baseline_level is not None])


def follow_ups_of_sessions(*, session_ids: Iterable[int]) -> list[FollowUp]:
    return list(
        FollowUp.objects.filter(enrolment__session_id__in=list(session_ids))
        .select_related("enrolment__officer", "enrolment__session")
        .prefetch_related(Prefetch("ratings", queryset=FollowUpRating.objects.order_by("competency_id")))
        .order_by("due_on", "pk")
    )


def behaviour_summary(follow_ups: Iterable[FollowUp], today: dt.date | None = None) -> BehaviourSummary:
    today = today or timezone.localdate()
    scheduled = due = completed = transferred = 0
    uplifts: list[float] = []
    for f in follow_ups:
        if f.state == FollowUp.State.COMPLETED:
            completed += 1
            transferred += bool(f.transferred)
            uplift = follow_up_uplift(f.ratings.all())
            if uplift is not None:
                uplifts.append(uplift)
        elif f.state == FollowUp.State.CANCELLED:
            continue
        elif f.due_on <= today:
            due += 1
        else:
            scheduled += 1
    return BehaviourSummary(scheduled, due, completed, transferred, mean(uplifts), len(uplifts))
