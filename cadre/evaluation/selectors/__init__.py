"""Evaluation reads, split by level; import them from here."""

from cadre.evaluation.selectors.access import (
    benefit_get_for_user,
    course_get_for_evaluation,
    courses_for_evaluation,
    follow_up_get_for_user,
    follow_ups_for_user,
    has_open_invitation,
    instructor_get_for_evaluation,
    invitation_for_survey,
    invitation_for_token,
    open_invitations_for,
    programme_get_for_user,
    programmes_for_user,
    regional_templates_for_user,
    session_get_for_evaluation,
    sessions_for_evaluation,
    settings_for,
    survey_for_session,
    template_get_for_user,
    template_questions,
    templates_for_user,
)
from cadre.evaluation.selectors.behaviour import BehaviourSummary, behaviour_summary, follow_ups_of_sessions
from cadre.evaluation.selectors.effectiveness import (
    CourseFlag,
    Effectiveness,
    course_effectiveness,
    courses_flagged_for_review,
)
from cadre.evaluation.selectors.learning import (
    LearningRow,
    learning_rows,
    learning_summary_for,
    learning_test_activity_for,
)
from cadre.evaluation.selectors.reaction import ReactionSummary, min_group, reaction_summary
from cadre.evaluation.selectors.results import CourseResults, course_results
from cadre.evaluation.selectors.roi import ProgrammeROI, programme_roi

__all__ = [
    "BehaviourSummary",
    "CourseFlag",
    "CourseResults",
    "Effectiveness",
    "LearningRow",
    "ProgrammeROI",
    "ReactionSummary",
    "behaviour_summary",
    "benefit_get_for_user",
    "course_effectiveness",
    "course_get_for_evaluation",
    "course_results",
    "courses_flagged_for_review",
    "courses_for_evaluation",
    "follow_up_get_for_user",
    "follow_ups_for_user",
    "follow_ups_of_sessions",
    "has_open_invitation",
    "instructor_get_for_evaluation",
    "invitation_for_survey",
    "invitation_for_token",
    "learning_rows",
    "learning_summary_for",
    "learning_test_activity_for",
    "min_group",
    "open_invitations_for",
    "programme_get_for_user",
    "programme_roi",
    "programmes_for_user",
    "reaction_summary",
    "regional_templates_for_user",
    "session_get_for_evaluation",
    "sessions_for_evaluation",
    "settings_for",
    "survey_for_session",
    "template_get_for_user",
    "template_questions",
    "templates_for_user",
]

from cadre.evaluation.selectors.pages import (
    CourseEvaluation,
    InstructorEvaluation,
    ProgrammeEvaluation,
    SessionEvaluation,
    course_evaluation,
    instructor_evaluation,
    programme_evaluation,
    session_evaluation,
)

__all__ += [
    "CourseEvaluation",
    "InstructorEvaluation",
    "ProgrammeEvaluation",
    "SessionEvaluation",
    "course_evaluation",
    "instructor_evaluation",
    "programme_evaluation",
    "session_evaluation",
]
