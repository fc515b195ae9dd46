"""What each evaluation page shows, assembled from the level selectors (one call per page)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone

from cadre.delivery.models import Instructor, Session
from cadre.evaluation.models import FollowUp, Programme, QuestionnaireTemplate, Survey
from cadre.evaluation.selectors.behaviour import BehaviourSummary, behaviour_summary, follow_ups_of_sessions
from cadre.evaluation.selectors.effectiveness import Effectiveness, course_effectiveness
from cadre.evaluation.selectors.learning import LearningRow, learning_rows, learning_summary_for
from cadre.evaluation.selectors.reaction import ReactionSummary, reaction_summary
from cadre.evaluation.selectors.results import CourseResults, course_results
from cadre.evaluation.selectors.roi import ProgrammeROI, programme_roi
from cadre.evaluation.stats import LearningSummary

if TYPE_CHECKING:
    from cadre.catalogue.models import Course


@dataclass(frozen=True)
class SessionEvaluation:
    session: Session
    survey: Survey | None
    templates: list[QuestionnaireTemplate]
    can_launch: bool
    reaction: ReactionSummary
    learning_rows: list[LearningRow]
    learning: LearningSummary
    follow_ups: list[FollowUp]
    behaviour: BehaviourSummary


def session_evaluation(*, session: Session) -> SessionEvaluation:
    survey = Survey.objects.filter(session=session).select_related("template").first()
    rows = learning_rows(session_ids=[session.pk])
    follow_ups = follow_ups_of_sessions(session_ids=[session.pk])
    templates = list(
        QuestionnaireTemplate.objects.filter(
            administration_id=session.administration_id, kind=QuestionnaireTemplate.Kind.REACTION
        )
    )
    return SessionEvaluation(
        session=session,
        survey=survey,
        templates=templates,
        can_launch=survey is None
        and session.ends_at <= timezone.now()
        and session.status == Session.Status.SCHEDULED,
        reaction=reaction_summary(survey_ids=[survey.pk] if survey else []),
        learning_rows=rows,
        learning=learning_summary_for(rows),
        follow_ups=follow_ups,
        behaviour=behaviour_summary(follow_ups),
    )


@dataclass(frozen=True)
class SessionLine:
    session: Session
    learning: LearningSummary
    responses: int


@dataclass(frozen=True)
class CourseEvaluation:
    course: Course
    sessions: list[SessionLine]
    reaction: ReactionSummary
    learning_rows: list[LearningRow]
    learning: LearningSummary
    behaviour: BehaviourSummary
    effectiveness: Effectiveness
    results: CourseResults


def _session_lines(sessions: list[Session], rows: list[LearningRow]) -> list[SessionLine]:
    responses = {s.session_id: s.responses.count() for s in Survey.objects.filter(session__in=sessions)}
    return [
        SessionLine(
            s, learning_summary_for([r for r in rows if r.session_id == s.pk]), responses.get(s.pk, 0)
        )
        for s in sessions
    ]


def course_evaluation(*, course: Course) -> CourseEvaluation:
    sessions = list(
        Session.objects.filter(course=course, administration_id=course.administration_id or 0)
        .exclude(status=Session.Status.CANCELLED)
        .order_by("starts_at")
    )
    ids = [s.pk for s in sessions]
    rows = learning_rows(session_ids=ids)
    return CourseEvaluation(
        course=course,
        sessions=_session_lines(sessions, rows),
        reaction=reaction_summary(
            survey_ids=Survey.objects.filter(session_id__in=ids).values_list("pk", flat=True)
        ),
        learning_rows=rows,
        learning=learning_summary_for(rows),
        behaviour=behaviour_summary(follow_ups_of_sessions(session_ids=ids)),
        effectiveness=course_effectiveness(course_ids=[course.pk])[course.pk],
        results=course_results(course=course),
    )


@dataclass(frozen=True)
class InstructorEvaluation:
    instructor: Instructor
    sessions: list[SessionLine]
    reaction: ReactionSummary
    learning: LearningSummary
    behaviour: BehaviourSummary


def instructor_evaluation(*, instructor: Instructor) -> InstructorEvaluation:
    sessions = list(
        Session.objects.filter(instructors=instructor)
        .exclude(status=Session.Status.CANCELLED)
        .select_related("course")
        .order_by("starts_at")
    )
    ids = [s.pk for s in sessions]
    rows = learning_rows(session_ids=ids)
    return InstructorEvaluation(
        instructor=instructor,
        sessions=_session_lines(sessions, rows),
        reaction=reaction_summary(
            survey_ids=Survey.objects.filter(session_id__in=ids).values_list("pk", flat=True)
        ),
        learning=learning_summary_for(rows),
        behaviour=behaviour_summary(follow_ups_of_sessions(session_ids=ids)),
    )


@dataclass(frozen=True)
class ProgrammeEvaluation:
    programme: Programme
    roi: ProgrammeROI
    courses: list[CourseEvaluation]


def programme_evaluation(*, programme: Programme) -> ProgrammeEvaluation:
    return ProgrammeEvaluation(
        programme=programme,
        roi=programme_roi(programme=programme),
        courses=[course_evaluation(course=c) for c in programme.courses.order_by("code")],
    )
