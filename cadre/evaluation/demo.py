"""Demo evaluation data for the big administration, on top of the delivery demo's past sessions.

A default reaction questionnaire answered after each session that is over (one session with every
participant answering, so results show; one with three answers, so they stay hidden), pre/post
test scores (one course that teaches little, so the content-lifecycle dashboard flags it), the
behaviour follow-ups that have come due, some completed by a manager, a programme with benefits
so ROI shows, and KPI measurements per unit. Writes go through the services, except the answers
of participants without a login (the demo's officers mostly have none), which are stored as the
answering service stores them. Deterministic for a given ``rng`` and day; a second call changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from cadre.core.errors import DomainError
from cadre.delivery.models import Completion, Enrolment, Session
from cadre.evaluation.models import Answer, FollowUp, Invitation, QuestionnaireTemplate, Response, Survey
from cadre.evaluation.selectors.roi import programme_roi
from cadre.evaluation.services.followups import follow_up_complete, follow_ups_open_due, follow_ups_schedule
from cadre.evaluation.services.learning import learning_scores_import
from cadre.evaluation.services.programmes import programme_benefit_add, programme_create
from cadre.evaluation.services.questionnaires import (
    QuestionInput,
    answers_clean,
    questionnaire_template_create,
    survey_launch,
)
from cadre.evaluation.services.results import unit_kpi_measurements_import
from cadre.evaluation.services.settings import evaluation_settings_set
from cadre.people.models import Officer
from cadre.strategy.models import KPI
from cadre.tenancy.access import Actor, actor_for
from cadre.tenancy.models import Administration, Membership, OrgUnit
from cadre.tenancy.types import Role

REACTION_NAME = "After the course"
FOLLOW_UP_NAME = "Twelve weeks later (supervisor)"
PROGRAMME_NAME = "Customs core skills 2026"
#: Follow-ups a manager completes in the demo (the rest stay due, so the list has work in it).
FOLLOW_UPS_COMPLETED = 24
HIDDEN_GROUP = 3  # answers in the session whose results stay hidden (below the minimum group of 5)


@dataclass(frozen=True)
class EvaluationDemoSummary:
    surveys: int = 0
    responses: int = 0
    scores: int = 0
    follow_ups_completed: int = 0
    programmes: int = 0
    measurements: int = 0


def _templates(actor: Actor, admin: Administration) -> tuple[QuestionnaireTemplate, QuestionnaireTemplate]:
    reaction = questionnaire_template_create(
        actor=actor,
        administration=admin,
        name=REACTION_NAME,
        kind="reaction",
        anonymous=True,
        questions=[
            QuestionInput("likert", "The course was useful for my work"),
            QuestionInput("likert", "The instructors explained clearly"),
            QuestionInput("choice", "The pace was", ["Too slow", "Right", "Too fast"]),
            QuestionInput("text", "What should change?", required=False),
        ],
    )
    follow_up = questionnaire_template_create(
        actor=actor,
        administration=admin,
        name=FOLLOW_UP_NAME,
        kind="follow_up",
        anonymous=False,
        questions=[
            QuestionInput("likert", "The officer applies what the course taught"),
            QuestionInput("text", "Example of use at work", required=False),
        ],
    )
    return reaction, follow_up


def _answer(survey: Survey, invitation: Invitation, raw: dict[str, str]) -> None:
    """Store one participant's answers as ``survey_respond`` does (no link to them when anonymous)."""
    rows = answers_clean(list(survey.template.questions.all()), raw)
    response = Response.objects.create(
        survey=survey, officer=None if survey.anonymous else invitation.officer
    )
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    invitation.responded = True
    invitation.save(update_fields=["responded"])


COMMENTS = ("More practical cases", "Longer exercises on real declarations", "Good examples", "")


def _reactions(
    actor: Actor,
    sessions: list[Session],
    template: QuestionnaireTemplate,
    weak: int,
    rng: random.Random,
    pending: frozenset[int] = frozenset(),
) -> tuple[int, int]:
    """Send every past session's questionnaire and answer most; officers in ``pending`` keep theirs to answer."""
    questions = list(template.questions.order_by("sequence"))
    surveys = responses = 0
    shown_done = hidden_done = False
    for session in sessions:
        try:
            survey = survey_launch(actor=actor, session=session, template=template)
        except DomainError:
            continue
        surveys += 1
        invitations = [
            i
            for i in survey.invitations.select_related("officer").order_by("pk")
            if i.officer_id not in pending
        ]
        if len(invitations) >= 5 and not shown_done:
            answering, shown_done = len(invitations), True
        elif len(invitations) >= 5 and not hidden_done:
            answering, hidden_done = HIDDEN_GROUP, True
        else:
            answering = round(len(invitations) * rng.uniform(0.5, 0.95))
        scale = (1, 2, 2, 3, 3) if session.course_id == weak else (3, 4, 4, 5, 5)
        for invitation in invitations[:answering]:
            raw = {
                f"q{questions[0].pk}": str(rng.choice(scale)),
                f"q{questions[1].pk}": str(rng.choice(scale)),
                f"q{questions[2].pk}": rng.choice(("Right", "Right", "Too fast", "Too slow")),
                f"q{questions[3].pk}": rng.choice(COMMENTS),
            }
            _answer(survey, invitation, raw)
            responses += 1
    return surveys, responses


def _scores(actor: Actor, sessions: list[Session], weak: int, rng: random.Random) -> int:
    saved = 0
    for session in sessions:
        numbers = list(
            session.enrolments.filter(state=Enrolment.State.CONFIRMED)
            .order_by("pk")
            .values_list("officer__employee_number", flat=True)
        )
        if not numbers:
            continue
        lines = ["employee_number,pre,post"]
        for number in numbers:
            pre = rng.randint(25, 60)
            if session.course_id == weak:
                post = min(100, max(0, pre + rng.randint(-6, 8)))
            else:
                post = round(pre + (100 - pre) * rng.uniform(0.7, 1.0))
            lines.append(f"{number},{pre},{post}")
        result = learning_scores_import(actor=actor, session=session, data="\n".join(lines).encode())
        saved += result.scores
    return saved


def _follow_ups(actor: Actor, admin: Administration, weak: int, today: dt.date, rng: random.Random) -> int:
    follow_ups_schedule(today=today)
    follow_ups_open_due(today=today)
    due = list(
        FollowUp.objects.filter(administration=admin, state=FollowUp.State.OPEN)
        .select_related("enrolment__session__course", "template")
        .prefetch_related("enrolment__session__course__objectives", "template__questions")
        .order_by("due_on", "pk")[:FOLLOW_UPS_COMPLETED]
    )
    done = 0
    for follow_up in due:
        course = follow_up.enrolment.session.course
        levels = {}
        for objective in course.objectives.all():
            shortfall = rng.choice((1, 2)) if course.pk == weak else rng.choice((0, 0, 0, 1))
            levels[objective.competency_id] = max(0, objective.target_level - shortfall)
        applies = "2" if course.pk == weak else rng.choice(("4", "4", "5"))
        answers = {}
        if follow_up.template is not None:
            answers = {f"q{q.pk}": applies for q in follow_up.template.questions.all() if q.kind == "likert"}
        try:
            follow_up_complete(actor=actor, follow_up=follow_up, levels=levels, answers=answers)
        except DomainError:
            continue
        done += 1
    return done


def _programme(actor: Actor, admin: Administration, sessions: list[Session], today: dt.date) -> bool:
    course_ids = sorted({s.course_id for s in sessions})[:4]
    if not course_ids:
        return False
    programme = programme_create(
        actor=actor,
        administration=admin,
        name=PROGRAMME_NAME,
        description="The core customs courses held this year, evaluated together for return on investment.",
        period_start=dt.date(today.year, 1, 1),
        period_end=dt.date(today.year, 12, 31),
        course_ids=course_ids,
    )
    costs = programme_roi(programme=programme).roi.costs
    for description, share, basis in (
        (
            "Duties and taxes recovered at post-clearance audit",
            Decimal("1.10"),
            "Audit adjustments attributed to trained officers x average recovery, finance division estimate",
        ),
        (
            "Time saved on classification and valuation rulings",
            Decimal("0.55"),
            "Hours saved per ruling x rulings per year x hourly cost of an officer",
        ),
    ):
        programme_benefit_add(
            actor=actor,
            programme=programme,
            description=description,
            amount=(costs * share / 1000).quantize(Decimal(1)) * 1000,
            basis=basis,
        )
    return True


QUARTERS = ((3, 31), (6, 30), (9, 30), (12, 31))


def _measurements(actor: Actor, admin: Administration, sessions: list[Session], rng: random.Random) -> int:
    """Quarterly KPI values per unit: trained units move toward the target after their training."""
    trained: dict[str, dt.date] = {}
    for code, day in Completion.objects.filter(enrolment__session__in=sessions, passed=True).values_list(
        "enrolment__officer__org_unit__code", "completed_on"
    ):
        trained[code] = min(day, trained.get(code, day))
    trained_codes = sorted(trained)[:6]
    untrained = list(
        OrgUnit.objects.filter(administration=admin, officers__isnull=False)
        .exclude(code__in=trained)
        .distinct()
        .order_by("code")
        .values_list("code", flat=True)[:6]
    )
    kpis = list(KPI.objects.filter(objective__administration=admin).order_by("pk")[:2])
    if not kpis or not trained_codes:
        return 0
    year = timezone.localdate().year
    days = [
        dt.date(y, m, d)
        for y in (year - 1, year)
        for m, d in QUARTERS
        if dt.date(y, m, d) < timezone.localdate()
    ]
    lines = ["kpi_id,unit_code,measured_on,value"]
    for kpi in kpis:
        span = kpi.target - kpi.baseline
        for code in trained_codes + untrained:
            start = kpi.baseline * rng.uniform(0.9, 1.1)
            since = trained.get(code)
            for day in days:
                drift = 0.05 * span * (day.year - year + 1)
                lift = 0.2 * span if since is not None and day > since else 0.0
                value = start + drift + lift + rng.gauss(0, abs(span) * 0.02)
                lines.append(f"{kpi.pk},{code},{day.isoformat()},{value:.2f}")
    return unit_kpi_measurements_import(actor=actor, administration=admin, data="\n".join(lines).encode())


@transaction.atomic
def load_evaluation_demo(*, big_administration: Administration, rng: random.Random) -> EvaluationDemoSummary:
    """Evaluation at every level for the big administration's past sessions (idempotent)."""
    admin = big_administration
    if QuestionnaireTemplate.objects.filter(administration=admin, name=REACTION_NAME).exists():
        return EvaluationDemoSummary()
    row = (
        Membership.objects.filter(role=Role.TRAINING_MANAGER, administration=admin)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if row is None:
        return EvaluationDemoSummary()
    actor = actor_for(row.user)
    reaction, follow_up = _templates(actor, admin)
    evaluation_settings_set(
        actor=actor,
        administration=admin,
        follow_up_weeks=12,
        reminder_after_days=7,
        daily_cost_of_absence=Decimal("24000"),
        reaction_template=reaction,
        follow_up_template=follow_up,
    )
    now = timezone.now()
    sessions: list[Session] = list(
        Session.objects.filter(administration=admin, status=Session.Status.SCHEDULED, ends_at__lt=now)
        .annotate(confirmed=Count("enrolments", filter=Q(enrolments__state=Enrolment.State.CONFIRMED)))
        .filter(confirmed__gt=0)
        .select_related("course")
        .order_by("ends_at", "pk")
    )
    if not sessions:
        return EvaluationDemoSummary()
    courses = sorted({s.course_id for s in sessions})
    # The course that teaches little: the last past course outside the programme (which takes the first 4).
    weak = courses[-1] if len(courses) > 4 else -1
    # The officer persona finds a questionnaire waiting on their home page.
    persona = Officer.objects.filter(
        user__memberships__role=Role.LEARNER, user__memberships__administration=admin
    ).values_list("pk", flat=True)
    surveys, responses = _reactions(actor, sessions, reaction, weak, rng, frozenset(persona))
    scores = _scores(actor, sessions, weak, rng)
    today = timezone.localdate()
    completed = _follow_ups(actor, admin, weak, today, rng)
    programmes = int(_programme(actor, admin, sessions, today))
    measurements = _measurements(actor, admin, sessions, rng)
    return EvaluationDemoSummary(surveys, responses, scores, completed, programmes, measurements)
