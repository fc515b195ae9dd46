"""Scoped lookups of evaluation data: a foreign id answers 404 exactly like a missing one.

Who sees what: managers of an administration see all its evaluation; a session's instructors see
their session's page; supervisors see the follow-ups of officers in their subtrees; a participant
sees only their own open questionnaires. A region's questionnaires (for its events) are its
coordinators' and regional admins'.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, QuerySet

from cadre.catalogue.selectors import courses_visible_to
from cadre.delivery.selectors import (
    instructor_get_for_user,
    session_get_for_roster,
    sessions_taught_or_managed_by,
)
from cadre.evaluation.models import (
    EvaluationSettings,
    FollowUp,
    Invitation,
    Programme,
    ProgrammeBenefit,
    Question,
    QuestionnaireTemplate,
    Survey,
)
from cadre.evaluation.services._common import token_hash
from cadre.tenancy.access import (
    MANAGERS,
    Actor,
    UserLike,
    access_for,
    actor_for,
    get_scoped_or_404,
    q_for_administrations,
    q_for_supervised_units,
)
from cadre.tenancy.types import REGIONAL_ROLES
from cadre.translations.selectors import with_translations

if TYPE_CHECKING:
    from cadre.catalogue.models import Course
    from cadre.delivery.models import Instructor, Session


def settings_for(*, administration_id: int) -> EvaluationSettings:
    """The administration's settings, or an unsaved row with the defaults."""
    row = EvaluationSettings.objects.filter(administration_id=administration_id).first()
    return row or EvaluationSettings(administration_id=administration_id)


def sessions_for_evaluation(*, user: Actor | UserLike) -> QuerySet[Session]:
    return sessions_taught_or_managed_by(user=actor_for(user).user)


def session_get_for_evaluation(*, user: Actor | UserLike, session_id: int) -> Session:
    return session_get_for_roster(user=actor_for(user).user, session_id=session_id)


def courses_for_evaluation(*, user: Actor | UserLike) -> QuerySet[Course]:
    """Courses of the administrations the caller manages (evidence never mixes administrations on a page)."""
    actor = actor_for(user)
    return courses_visible_to(user=actor.user).filter(q_for_administrations(user=actor, roles=MANAGERS))


def course_get_for_evaluation(*, user: Actor | UserLike, course_id: int) -> Course:
    return get_scoped_or_404(courses_for_evaluation(user=user), pk=course_id)


def instructor_get_for_evaluation(*, user: Actor | UserLike, instructor_id: int) -> Instructor:
    """Managers of the instructor's administration, or the instructor themself."""
    return instructor_get_for_user(user=actor_for(user).user, instructor_id=instructor_id)


def _translated_questions() -> Prefetch[Any]:
    return Prefetch(
        "questions", queryset=with_translations(Question.objects.all(), kind="question", fields=["prompt"])
    )


def templates_for_user(*, user: Actor | UserLike) -> QuerySet[QuestionnaireTemplate]:
    """The caller's questionnaires, names and questions in the viewer's language where translated."""
    return with_translations(
        QuestionnaireTemplate.objects.filter(q_for_administrations(user=user, roles=MANAGERS)),
        kind="questionnaire",
        fields=["name"],
    ).prefetch_related(_translated_questions())


def template_questions(*, template: QuestionnaireTemplate) -> list[Question]:
    """A questionnaire's questions in order, each prompt in the viewer's language where translated."""
    return list(
        with_translations(template.questions.all(), kind="question", fields=["prompt"]).order_by("sequence")
    )


def regional_templates_for_user(*, user: Actor | UserLike, region_id: int) -> QuerySet[QuestionnaireTemplate]:
    """The region's own questionnaires, for its coordinators and regional admins (nobody else)."""
    if region_id not in access_for(user).region_ids(REGIONAL_ROLES):
        return QuestionnaireTemplate.objects.none()
    return QuestionnaireTemplate.objects.filter(region_id=region_id).prefetch_related("questions")


def template_get_for_user(*, user: Actor | UserLike, template_id: int) -> QuestionnaireTemplate:
    return get_scoped_or_404(templates_for_user(user=user), pk=template_id)


def programmes_for_user(*, user: Actor | UserLike) -> QuerySet[Programme]:
    return Programme.objects.filter(q_for_administrations(user=user, roles=MANAGERS)).prefetch_related(
        "courses"
    )


def programme_get_for_user(*, user: Actor | UserLike, programme_id: int) -> Programme:
    return get_scoped_or_404(programmes_for_user(user=user), pk=programme_id)


def benefit_get_for_user(*, user: Actor | UserLike, benefit_id: int) -> ProgrammeBenefit:
    qs = ProgrammeBenefit.objects.filter(
        q_for_administrations(user=user, roles=MANAGERS, field_name="programme__administration")
    ).select_related("programme")
    return get_scoped_or_404(qs, pk=benefit_id)


def follow_ups_for_user(*, user: Actor | UserLike) -> QuerySet[FollowUp]:
    """Follow-ups of the caller's administrations (managers) or supervised officers, never their own."""
    actor = actor_for(user)
    if not actor.is_authenticated:
        return FollowUp.objects.none()
    q = q_for_administrations(user=actor, roles=MANAGERS) | q_for_supervised_units(
        user=actor, field_name="enrolment__officer__org_unit"
    )
    return (
        FollowUp.objects.filter(q)
        .exclude(enrolment__officer__user_id=actor.user_id or 0)
        .select_related("enrolment__officer__org_unit", "enrolment__session__course", "template")
    )


def follow_up_get_for_user(*, user: Actor | UserLike, follow_up_id: int) -> FollowUp:
    return get_scoped_or_404(follow_ups_for_user(user=user), pk=follow_up_id)


def invitation_for_token(*, user: Actor | UserLike, token: str) -> Invitation:
    """The caller's own invitation behind a one-time link; anyone else's answers 404."""
    qs = Invitation.objects.filter(officer__user_id=actor_for(user).user_id or 0).select_related(
        "survey__template", "survey__session__course"
    )
    return get_scoped_or_404(qs, token_hash=token_hash(token))


def invitation_for_survey(*, user: Actor | UserLike, survey_id: int) -> Invitation:
    qs = Invitation.objects.filter(officer__user_id=actor_for(user).user_id or 0).select_related(
        "survey__template", "survey__session__course"
    )
    return get_scoped_or_404(qs, survey_id=survey_id)


def open_invitations_for(*, user: Actor | UserLike) -> QuerySet[Invitation]:
    """The caller's questionnaires still waiting for an answer."""
    return (
        Invitation.objects.filter(officer__user_id=actor_for(user).user_id or 0, responded=False)
        .select_related("survey__session__course")
        .order_by("-survey__opened_at")
    )


def has_open_invitation(*, user: Actor | UserLike, survey_id: int) -> bool:
    """Whether the caller was asked to answer this survey and has not yet."""
    return open_invitations_for(user=user).filter(survey_id=survey_id).exists()


def survey_for_session(*, session: Session) -> Survey | None:
    return Survey.objects.filter(session=session).select_related("template").first()
