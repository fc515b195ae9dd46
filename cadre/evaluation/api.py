"""REST endpoints for evaluation: summaries of sessions, courses and programmes, measured course
effectiveness, ROI, follow-ups; writes for test scores and programme benefits. Mount at ``/evaluation``.

Reaction results follow the pages' anonymity rule: below the minimum group only counts are returned.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from pydantic import StringConstraints

from cadre.delivery.selectors import enrolment_get_for_user
from cadre.evaluation import selectors
from cadre.evaluation.models import LearningScore, ProgrammeBenefit
from cadre.evaluation.selectors.behaviour import BehaviourSummary
from cadre.evaluation.selectors.effectiveness import Effectiveness
from cadre.evaluation.selectors.learning import LearningRow
from cadre.evaluation.selectors.pages import CourseEvaluation, SessionLine
from cadre.evaluation.selectors.reaction import ReactionSummary
from cadre.evaluation.selectors.results import CourseResults
from cadre.evaluation.selectors.roi import ProgrammeROI
from cadre.evaluation.services.learning import learning_score_record
from cadre.evaluation.services.programmes import programme_benefit_add
from cadre.evaluation.stats import LearningSummary
from cadre.tenancy.access import actor_for

router = Router()


# --- output schemas (built from the selectors' dataclasses) ------------------------------------------


class EffectivenessOut(Schema):
    course_id: int
    declared_uplift: float
    estimate: float
    low: float
    high: float
    ratio: float = Field(description="Estimate / declared uplift: the planner's effectiveness multiplier")
    observed_uplift: float | None
    evidence: int
    behaviour_evidence: int
    learning_evidence: int
    weight: float
    satisfaction: float | None
    responses: int
    low_effectiveness: bool
    low_satisfaction: bool

    @staticmethod
    def of(e: Effectiveness) -> EffectivenessOut:
        return EffectivenessOut(
            course_id=e.course_id,
            declared_uplift=e.declared_uplift,
            estimate=e.estimate,
            low=e.low,
            high=e.high,
            ratio=e.ratio,
            observed_uplift=e.observed_uplift,
            evidence=e.evidence,
            behaviour_evidence=e.behaviour_evidence,
            learning_evidence=e.learning_evidence,
            weight=e.weight,
            satisfaction=e.satisfaction,
            responses=e.responses,
            low_effectiveness=e.low_effectiveness,
            low_satisfaction=e.low_satisfaction,
        )


class ChoiceCount(Schema):
    choice: str
    count: int


class QuestionOut(Schema):
    sequence: int
    kind: str
    prompt: str
    answered: int
    likert_mean: float | None
    likert_counts: list[int]
    choices: list[ChoiceCount]
    texts: list[str]


class ReactionOut(Schema):
    invited: int
    responded: int
    responses: int
    response_rate: float | None
    shown: bool = Field(description="False below the minimum group: only the counts are given")
    satisfaction: float | None
    questions: list[QuestionOut]

    @staticmethod
    def of(r: ReactionSummary) -> ReactionOut:
        return ReactionOut(
            invited=r.invited,
            responded=r.responded,
            responses=r.responses,
            response_rate=r.response_rate,
            shown=r.shown,
            satisfaction=r.satisfaction,
            questions=[
                QuestionOut(
                    sequence=q.question.sequence,
                    kind=q.question.kind,
                    prompt=q.question.prompt,
                    answered=q.answered,
                    likert_mean=q.likert_mean,
                    likert_counts=q.likert_counts,
                    choices=[ChoiceCount(choice=c, count=n) for c, n in q.choice_counts],
                    texts=q.texts,
                )
                for q in r.questions
            ],
        )


class LearningOut(Schema):
    n: int
    mean_pre: float | None
    mean_post: float | None
    mean_gain: float | None
    mean_normalised_gain: float | None
    class_normalised_gain: float | None

    @staticmethod
    def of(s: LearningSummary) -> LearningOut:
        return LearningOut(
            n=s.n,
            mean_pre=s.mean_pre,
            mean_post=s.mean_post,
            mean_gain=s.mean_gain,
            mean_normalised_gain=s.mean_normalised_gain,
            class_normalised_gain=s.class_normalised_gain,
        )


class LearningRowOut(Schema):
    enrolment_id: int
    pre: float | None
    post: float | None
    gain: float | None
    normalised_gain: float | None

    @staticmethod
    def of(r: LearningRow) -> LearningRowOut:
        return LearningRowOut(
            enrolment_id=r.enrolment_id,
            pre=r.pre,
            post=r.post,
            gain=r.gain,
            normalised_gain=r.normalised_gain,
        )


class BehaviourOut(Schema):
    scheduled: int
    due: int
    completed: int
    transferred: int
    completion_rate: float | None
    transfer_rate: float | None
    mean_uplift: float | None
    uplift_n: int

    @staticmethod
    def of(b: BehaviourSummary) -> BehaviourOut:
        return BehaviourOut(
            scheduled=b.scheduled,
            due=b.due,
            completed=b.completed,
            transferred=b.transferred,
            completion_rate=b.completion_rate,
            transfer_rate=b.transfer_rate,
            mean_uplift=b.mean_uplift,
            uplift_n=b.uplift_n,
        )


class SessionEvaluationOut(Schema):
    session_id: int
    course_id: int
    survey_open: bool
    reaction: ReactionOut
    learning: LearningOut
    learning_rows: list[LearningRowOut]
    behaviour: BehaviourOut


class SessionLineOut(Schema):
    session_id: int
    starts_at: dt.datetime
    responses: int
    learning: LearningOut

    @staticmethod
    def of(line: SessionLine) -> SessionLineOut:
        return SessionLineOut(
            session_id=line.session.pk,
            starts_at=line.session.starts_at,
            responses=line.responses,
            learning=LearningOut.of(line.learning),
        )


class KPIResultOut(Schema):
    kpi_id: int
    name: str
    relevance: float
    before: float | None
    after: float | None
    change: float | None
    trained_change: float | None
    untrained_change: float | None
    difference: float | None


class ResultsOut(Schema):
    first_completion: dt.date | None
    kpis: list[KPIResultOut]
    caveats: list[str]

    @staticmethod
    def of(r: CourseResults) -> ResultsOut:
        return ResultsOut(
            first_completion=r.first_completion,
            kpis=[
                KPIResultOut(
                    kpi_id=k.kpi.pk,
                    name=k.kpi.name,
                    relevance=k.relevance,
                    before=k.overall.before if k.overall else None,
                    after=k.overall.after if k.overall else None,
                    change=k.overall.change if k.overall else None,
                    trained_change=k.trained_change,
                    untrained_change=k.untrained_change,
                    difference=k.difference,
                )
                for k in r.kpis
            ],
            caveats=[str(c) for c in r.caveats],
        )


class CourseEvaluationOut(Schema):
    course_id: int
    code: str
    title: str
    sessions: list[SessionLineOut]
    reaction: ReactionOut
    learning: LearningOut
    behaviour: BehaviourOut
    effectiveness: EffectivenessOut
    results: ResultsOut

    @staticmethod
    def of(c: CourseEvaluation) -> CourseEvaluationOut:
        return CourseEvaluationOut(
            course_id=c.course.pk,
            code=c.course.code,
            title=c.course.title,
            sessions=[SessionLineOut.of(s) for s in c.sessions],
            reaction=ReactionOut.of(c.reaction),
            learning=LearningOut.of(c.learning),
            behaviour=BehaviourOut.of(c.behaviour),
            effectiveness=EffectivenessOut.of(c.effectiveness),
            results=ResultsOut.of(c.results),
        )


class SessionCostOut(Schema):
    session_id: int
    course_id: int
    starts_at: dt.datetime
    participants: int
    instructor_days: Decimal
    participant_days: Decimal
    session_cost: Decimal
    instructor_cost: Decimal
    absence_cost: Decimal
    total: Decimal


class BenefitOut(Schema):
    id: int
    programme_id: int
    description: str
    amount: Decimal
    basis: str


class ROIOut(Schema):
    programme_id: int
    daily_cost_of_absence: Decimal
    participants: int
    session_costs: Decimal
    instructor_costs: Decimal
    absence_costs: Decimal
    costs: Decimal
    benefits: Decimal
    net_benefit: Decimal
    roi_percent: Decimal | None = Field(
        description="(benefits - costs) / costs x 100; null when nothing spent"
    )
    benefit_cost_ratio: Decimal | None
    sessions: list[SessionCostOut]
    benefit_items: list[BenefitOut]

    @staticmethod
    def of(r: ProgrammeROI) -> ROIOut:
        return ROIOut(
            programme_id=r.programme.pk,
            daily_cost_of_absence=r.daily_cost_of_absence,
            participants=r.participants,
            session_costs=r.session_costs,
            instructor_costs=r.instructor_costs,
            absence_costs=r.absence_costs,
            costs=r.roi.costs,
            benefits=r.roi.benefits,
            net_benefit=r.roi.net_benefit,
            roi_percent=r.roi.roi_percent,
            benefit_cost_ratio=r.roi.benefit_cost_ratio,
            sessions=[
                SessionCostOut(
                    session_id=s.session.pk,
                    course_id=s.session.course_id,
                    starts_at=s.session.starts_at,
                    participants=s.participants,
                    instructor_days=s.instructor_days,
                    participant_days=s.participant_days,
                    session_cost=s.session_cost,
                    instructor_cost=s.instructor_cost,
                    absence_cost=s.absence_cost,
                    total=s.total,
                )
                for s in r.sessions
            ],
            benefit_items=[BenefitOut.from_orm(b) for b in r.benefits],
        )


class ProgrammeOut(Schema):
    id: int
    administration_id: int
    name: str
    description: str
    period_start: dt.date
    period_end: dt.date
    course_ids: list[int]

    @staticmethod
    def resolve_course_ids(obj: object) -> list[int]:
        return sorted(c.pk for c in obj.courses.all())  # type: ignore[attr-defined]


class ProgrammeEvaluationOut(Schema):
    programme: ProgrammeOut
    roi: ROIOut
    courses: list[CourseEvaluationOut]


class FollowUpOut(Schema):
    id: int
    enrolment_id: int
    officer_id: int = Field(alias="enrolment.officer_id")
    session_id: int = Field(alias="enrolment.session_id")
    course_id: int = Field(alias="enrolment.session.course_id")
    due_on: dt.date
    state: str
    completed_at: dt.datetime | None
    transferred: bool | None


class ScoreIn(Schema):
    score: Decimal = Field(description="0 to 100")


class ScoreOut(Schema):
    enrolment_id: int
    phase: str
    score: Decimal
    source: str


class BenefitIn(Schema):
    description: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]
    amount: Decimal = Field(description="Money, 0 or more")
    basis: Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)] = ""


# --- reads -------------------------------------------------------------------------------------------


@router.get("/sessions/{session_id}", response=SessionEvaluationOut)
def session_evaluation(request: HttpRequest, session_id: int) -> SessionEvaluationOut:
    """A session's reaction (aggregates from 5 responses), learning and behaviour (managers, instructors)."""
    session = selectors.session_get_for_evaluation(user=request.user, session_id=session_id)
    ev = selectors.session_evaluation(session=session)
    return SessionEvaluationOut(
        session_id=session.pk,
        course_id=session.course_id,
        survey_open=ev.survey is not None,
        reaction=ReactionOut.of(ev.reaction),
        learning=LearningOut.of(ev.learning),
        learning_rows=[LearningRowOut.of(r) for r in ev.learning_rows],
        behaviour=BehaviourOut.of(ev.behaviour),
    )


@router.get("/courses/{course_id}", response=CourseEvaluationOut)
def course_evaluation(request: HttpRequest, course_id: int) -> CourseEvaluationOut:
    """All five levels for a course of your administrations (training managers)."""
    course = selectors.course_get_for_evaluation(user=request.user, course_id=course_id)
    return CourseEvaluationOut.of(selectors.course_evaluation(course=course))


@router.get("/courses/{course_id}/effectiveness", response=EffectivenessOut)
def course_effectiveness(request: HttpRequest, course_id: int) -> EffectivenessOut:
    """Measured uplift shrunk toward the declared uplift, its 95 % interval, and the review flags."""
    course = selectors.course_get_for_evaluation(user=request.user, course_id=course_id)
    return EffectivenessOut.of(selectors.course_effectiveness(course_ids=[course.pk])[course.pk])


@router.get("/programmes", response=list[ProgrammeOut])
@paginate
def programme_list(request: HttpRequest):  # type: ignore[no-untyped-def]
    """Programmes of the administrations you manage."""
    return selectors.programmes_for_user(user=request.user).order_by("-period_start", "name", "pk")


@router.get("/programmes/{programme_id}", response=ProgrammeEvaluationOut)
def programme_evaluation(request: HttpRequest, programme_id: int) -> dict[str, object]:
    """A programme's ROI and the evaluation of each of its courses."""
    programme = selectors.programme_get_for_user(user=request.user, programme_id=programme_id)
    ev = selectors.programme_evaluation(programme=programme)
    return {
        "programme": programme,
        "roi": ROIOut.of(ev.roi),
        "courses": [CourseEvaluationOut.of(c) for c in ev.courses],
    }


@router.get("/programmes/{programme_id}/roi", response=ROIOut)
def programme_roi(request: HttpRequest, programme_id: int) -> ROIOut:
    """Costs from delivery against the benefits valued in money: ROI % and benefit-cost ratio, inputs shown."""
    programme = selectors.programme_get_for_user(user=request.user, programme_id=programme_id)
    return ROIOut.of(selectors.programme_roi(programme=programme))


@router.get("/follow-ups", response=list[FollowUpOut])
@paginate
def follow_up_list(request: HttpRequest, state: str = ""):  # type: ignore[no-untyped-def]
    """Behaviour follow-ups of your administrations (managers) or of officers you supervise."""
    qs = selectors.follow_ups_for_user(user=request.user)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("due_on", "pk")


# --- writes ------------------------------------------------------------------------------------------


@router.put("/enrolments/{enrolment_id}/scores/{phase}", response=ScoreOut)
def learning_score_put(
    request: HttpRequest, enrolment_id: int, phase: Literal["pre", "post"], payload: ScoreIn
) -> LearningScore:
    """Record or correct a confirmed participant's pre- or post-test score (managers, the session's instructors)."""
    enrolment = enrolment_get_for_user(user=request.user, enrolment_id=enrolment_id)
    return learning_score_record(
        actor=actor_for(request.user), enrolment=enrolment, phase=phase, score=payload.score
    )


@router.post("/programmes/{programme_id}/benefits", response={201: BenefitOut})
def benefit_create(
    request: HttpRequest, programme_id: int, payload: BenefitIn
) -> tuple[int, ProgrammeBenefit]:
    """Add a benefit valued in money, with how it was valued; it enters the programme's ROI."""
    programme = selectors.programme_get_for_user(user=request.user, programme_id=programme_id)
    return 201, programme_benefit_add(
        actor=request.user,
        programme=programme,
        description=payload.description,
        amount=payload.amount,
        basis=payload.basis,
    )
