"""Learning results: pre/post scores, gain and normalised gain per session and per course."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cadre.delivery.models import Enrolment, Session
from cadre.evaluation.models import LearningScore, LearningTestActivity
from cadre.evaluation.stats import LearningSummary, learning_summary, normalised_gain


@dataclass(frozen=True)
class LearningRow:
    enrolment_id: int
    session_id: int
    officer: str
    employee_number: str
    pre: float | None
    post: float | None

    @property
    def gain(self) -> float | None:
        return self.post - self.pre if self.pre is not None and self.post is not None else None

    @property
    def normalised_gain(self) -> float | None:
        if self.pre is None or self.post is None:
            return None
        return normalised_gain(self.pre, self.post)


def learning_rows(*, session_ids: Iterable[int]) -> list[LearningRow]:
    """One row per confirmed participant of the sessions, with whatever scores exist (two queries)."""
    ids = list(session_ids)
    scores: dict[int, dict[str, float]] = {}
    for enrolment_id, phase, score in LearningScore.objects.filter(enrolment__session_id__in=ids).values_list(
        "enrolment_id", "phase", "score"
    ):
        scores.setdefault(enrolment_id, {})[phase] = float(score)
    enrolments = (
        Enrolment.objects.filter(session_id__in=ids, state=Enrolment.State.CONFIRMED)
        .select_related("officer")
        .order_by("session_id", "officer__family_name", "officer__given_name", "pk")
    )
    return [
        LearningRow(
            e.pk,
            e.session_id,
            e.officer.full_name,
            e.officer.employee_number,
            scores.get(e.pk, {}).get("pre"),
            scores.get(e.pk, {}).get("post"),
        )
        for e in enrolments
    ]


def learning_summary_for(rows: Iterable[LearningRow]) -> LearningSummary:
    """Summary over participants with both scores."""
    return learning_summary([(r.pre, r.post) for r in rows if r.pre is not None and r.post is not None])


def learning_test_activity_for(*, session: Session) -> LearningTestActivity | None:
    """The pre-/post-test activity IRIs configured for the session's course in its administration."""
    return LearningTestActivity.objects.filter(
        administration_id=session.administration_id, course_id=session.course_id
    ).first()
