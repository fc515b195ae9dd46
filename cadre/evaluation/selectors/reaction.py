"""Reaction results: response rates, and answers aggregated only over groups of at least 5."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Avg, Count, Q

from cadre.evaluation.models import Answer, Invitation, Question, Response
from cadre.evaluation.stats import likert_share


def min_group() -> int:
    """Smallest number of responses whose aggregate may be shown (CADRE_EVALUATION_MIN_GROUP, at least 5)."""
    return max(5, int(getattr(settings, "CADRE_EVALUATION_MIN_GROUP", 5)))


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    likert_mean: float | None = None
    likert_counts: list[int] = field(default_factory=lambda: [0, 0, 0, 0, 0])
    choice_counts: list[tuple[str, int]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ReactionSummary:
    invited: int
    responded: int
    responses: int
    shown: bool  # False: fewer than min_group() responses, nothing but the counts is shown
    questions: list[QuestionResult]
    satisfaction: float | None  # mean of every Likert answer, 1-5

    @property
    def response_rate(self) -> float | None:
        return self.responded / self.invited if self.invited else None

    @property
    def satisfaction_share(self) -> float | None:
        return likert_share(self.satisfaction) if self.satisfaction is not None else None


def reaction_summary(*, survey_ids: Iterable[int]) -> ReactionSummary:
    """Aggregate the answers of one or more surveys (a session, a course, an instructor)."""
    ids = list(survey_ids)
    counts = Invitation.objects.filter(survey_id__in=ids).aggregate(
        invited=Count("pk"), responded=Count("pk", filter=Q(responded=True))
    )
    responses = Response.objects.filter(survey_id__in=ids).count()
    if responses < min_group():
        return ReactionSummary(counts["invited"], counts["responded"], responses, False, [], None)
    answers = Answer.objects.filter(response__survey_id__in=ids).select_related("question")
    by_question: dict[int, QuestionResult] = {}
    texts: dict[int, list[str]] = {}
    choices: dict[int, Counter[str]] = {}
    for answer in answers.order_by("question__template_id", "question__sequence", "text"):
        result = by_question.setdefault(answer.question_id, QuestionResult(answer.question))
        result.answered += 1
        if answer.likert is not None:
            result.likert_counts[answer.likert - 1] += 1
        elif answer.choice:
            choices.setdefault(answer.question_id, Counter())[answer.choice] += 1
        elif answer.text:
            texts.setdefault(answer.question_id, []).append(answer.text)
    for qid, result in by_question.items():
        n = sum(result.likert_counts)
        if n:
            result.likert_mean = sum((i + 1) * c for i, c in enumerate(result.likert_counts)) / n
        if qid in choices:
            options = result.question.choices or sorted(choices[qid])
            result.choice_counts = [(o, choices[qid].get(o, 0)) for o in options]
        # Sorted, not in entry order: the order of free texts must not hint at who wrote them.
        result.texts = sorted(texts.get(qid, []))
    satisfaction = answers.filter(likert__isnull=False).aggregate(m=Avg("likert"))["m"]
    questions = sorted(by_question.values(), key=lambda r: (r.question.template_id, r.question.sequence))
    return ReactionSummary(
        counts["invited"],
        counts["responded"],
        responses,
        True,
        questions,
        float(satisfaction) if satisfaction is not None else None,
    )
