"""Evaluation: reaction questionnaires, learning tests, behaviour follow-ups, unit KPIs, programmes.

Anonymity of reaction questionnaires rests on the data model: an ``Invitation`` (who was asked,
whether they answered, the hash of their one-time link) has no key to a ``Response``, and an
anonymous ``Response`` has no officer, no timestamp and a random primary key, so no join and no
ordering leads from an answer back to a person.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EvaluationSettings(models.Model):
    """An administration's evaluation rules; defaults apply when it has none."""

    administration = models.OneToOneField(
        "tenancy.Administration", on_delete=models.CASCADE, related_name="evaluation_settings"
    )
    follow_up_weeks = models.PositiveSmallIntegerField(
        default=12, help_text=_("Weeks after completion when the behaviour follow-up is due")
    )
    reminder_after_days = models.PositiveSmallIntegerField(
        default=7, help_text=_("Days after the invitation when non-respondents get one reminder")
    )
    daily_cost_of_absence = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        default=0,
        help_text=_("Cost of one participant's day away from duty, used in ROI"),
    )
    reaction_template = models.ForeignKey(
        "QuestionnaireTemplate", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    follow_up_template = models.ForeignKey(
        "QuestionnaireTemplate", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name_plural = "evaluation settings"
        constraints = [
            models.CheckConstraint(
                name="evaluation_follow_up_weeks_range",
                condition=Q(follow_up_weeks__gte=1, follow_up_weeks__lte=104),
            ),
            models.CheckConstraint(
                name="evaluation_daily_cost_non_negative", condition=Q(daily_cost_of_absence__gte=0)
            ),
        ]

    def __str__(self) -> str:
        return f"Evaluation settings of administration {self.administration_id}"


class QuestionnaireTemplate(models.Model):
    class Kind(models.TextChoices):
        REACTION = "reaction", _("Reaction (participants)")
        FOLLOW_UP = "follow_up", _("Follow-up (supervisors)")

    administration = models.ForeignKey(
        "tenancy.Administration",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="questionnaire_templates",
    )
    region = models.ForeignKey(
        "tenancy.Region",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("A regional questionnaire (regional events); otherwise an administration's"),
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.REACTION)
    name = models.CharField(max_length=200)
    anonymous = models.BooleanField(
        default=True, help_text=_("Answers keep no link to the person who gave them")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["administration", "name"], name="questionnaire_name_unique"),
            models.UniqueConstraint(fields=["region", "name"], name="questionnaire_name_unique_per_region"),
            models.CheckConstraint(
                name="follow_up_questionnaire_not_anonymous", condition=~Q(kind="follow_up", anonymous=True)
            ),
            models.CheckConstraint(
                name="questionnaire_one_owner",
                condition=Q(administration__isnull=False, region__isnull=True)
                | Q(administration__isnull=True, region__isnull=False, kind="reaction"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    class Kind(models.TextChoices):
        LIKERT = "likert", _("Agreement, 1 to 5")
        CHOICE = "choice", _("One choice")
        TEXT = "text", _("Free text")

    template = models.ForeignKey(QuestionnaireTemplate, on_delete=models.CASCADE, related_name="questions")
    sequence = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=6, choices=Kind.choices)
    prompt = models.CharField(max_length=500)
    choices = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ["template", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["template", "sequence"], name="question_sequence_unique"),
        ]

    def __str__(self) -> str:
        return self.prompt


class Survey(models.Model):
    """A reaction questionnaire sent to participants: of one session (an administration's), or of a
    regional subject such as a workshop (the region's, named by ``title``)."""

    administration = models.ForeignKey(
        "tenancy.Administration", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    session = models.OneToOneField(
        "delivery.Session", null=True, blank=True, on_delete=models.CASCADE, related_name="survey"
    )
    region = models.ForeignKey(
        "tenancy.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(max_length=300, blank=True, help_text=_("What a regional survey is about"))
    template = models.ForeignKey(QuestionnaireTemplate, on_delete=models.PROTECT, related_name="surveys")
    anonymous = models.BooleanField()
    opened_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="survey_of_a_session_or_a_regional_subject",
                condition=Q(session__isnull=False, administration__isnull=False, region__isnull=True)
                | (Q(session__isnull=True, administration__isnull=True, region__isnull=False) & ~Q(title="")),
            )
        ]

    def __str__(self) -> str:
        return f"Survey of session {self.session_id}" if self.session_id else f"Survey: {self.title}"

    @property
    def subject(self) -> str:
        """What the participants are asked about: the session's course, or the regional subject."""
        return self.session.course.title if self.session_id and self.session else self.title


class Invitation(models.Model):
    """A one-time response token for one participant. Deliberately without a key to its response."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    officer = models.ForeignKey("people.Officer", on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    responded = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "officer"], name="invitation_one_per_officer"),
        ]

    def __str__(self) -> str:
        return f"Invitation to survey {self.survey_id}"


class FollowUp(models.Model):
    """The behaviour check a set time after a completion: supervisor questionnaire and re-assessment."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        OPEN = "open", _("Due")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    administration = models.ForeignKey("tenancy.Administration", on_delete=models.CASCADE, related_name="+")
    enrolment = models.OneToOneField("delivery.Enrolment", on_delete=models.CASCADE, related_name="follow_up")
    template = models.ForeignKey(
        QuestionnaireTemplate, null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups"
    )
    due_on = models.DateField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.SCHEDULED)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    transferred = models.BooleanField(null=True, blank=True)
    assessments = models.ManyToManyField("competencies.Assessment", blank=True, related_name="+")

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["administration", "state", "due_on"])]
        constraints = [
            models.CheckConstraint(
                name="follow_up_completed_has_time",
                condition=~Q(state="completed") | Q(completed_at__isnull=False, transferred__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"Follow-up of enrolment {self.enrolment_id} due {self.due_on}"


class FollowUpRating(models.Model):
    """One competency re-assessed at a follow-up, with the level held before the course."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="ratings")
    competency = models.ForeignKey("competencies.Competency", on_delete=models.PROTECT, related_name="+")
    baseline_level = models.PositiveSmallIntegerField(null=True, blank=True)
    target_level = models.PositiveSmallIntegerField()
    level = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follow_up", "competency"], name="follow_up_rating_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.competency_id}: {self.baseline_level} -> {self.level}"


class Response(models.Model):
    """A filled questionnaire: a participant's (officer empty when anonymous) or a supervisor's."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey, null=True, blank=True, on_delete=models.CASCADE, related_name="responses"
    )
    follow_up = models.OneToOneField(
        FollowUp, null=True, blank=True, on_delete=models.CASCADE, related_name="response"
    )
    officer = models.ForeignKey(
        "people.Officer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="response_survey_or_follow_up",
                condition=Q(survey__isnull=False, follow_up__isnull=True)
                | Q(survey__isnull=True, follow_up__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return "Response"


class Answer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    likert = models.PositiveSmallIntegerField(null=True, blank=True)
    choice = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_one_per_question"),
            models.CheckConstraint(
                name="answer_likert_1_5", condition=Q(likert__isnull=True) | Q(likert__gte=1, likert__lte=5)
            ),
        ]

    def __str__(self) -> str:
        return "Answer"


class LearningScore(models.Model):
    """A participant's pre- or post-test score (0-100): entered, imported, or from xAPI."""

    class Phase(models.TextChoices):
        PRE = "pre", _("Pre-test")
        POST = "post", _("Post-test")

    class Source(models.TextChoices):
        ENTERED = "entered", _("Entered")
        IMPORTED = "imported", _("Imported")
        XAPI = "xapi", _("xAPI")

    administration = models.ForeignKey("tenancy.Administration", on_delete=models.CASCADE, related_name="+")
    enrolment = models.ForeignKey(
        "delivery.Enrolment", on_delete=models.CASCADE, related_name="learning_scores"
    )
    phase = models.CharField(max_length=4, choices=Phase.choices)
    score = models.DecimalField(max_digits=5, decimal_places=2)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.ENTERED)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "phase"], name="learning_score_one_per_phase"),
            models.CheckConstraint(name="learning_score_0_100", condition=Q(score__gte=0, score__lte=100)),
        ]

    def __str__(self) -> str:
        return f"{self.phase} {self.score}"


class UnitKPIMeasurement(models.Model):
    """A KPI measured for one org unit, so results can be compared across trained and untrained units."""

    administration = models.ForeignKey("tenancy.Administration", on_delete=models.CASCADE, related_name="+")
    kpi = models.ForeignKey("strategy.KPI", on_delete=models.CASCADE, related_name="+")
    org_unit = models.ForeignKey("tenancy.OrgUnit", on_delete=models.CASCADE, related_name="+")
    measured_on = models.DateField()
    value = models.FloatField()

    class Meta:
        ordering = ["kpi", "org_unit", "measured_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "org_unit", "measured_on"], name="unit_kpi_measurement_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi_id}@{self.org_unit_id} {self.measured_on}: {self.value}"


class Programme(models.Model):
    """A set of courses evaluated together for return on investment."""

    administration = models.ForeignKey("tenancy.Administration", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    courses = models.ManyToManyField("catalogue.Course", related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_start", "name"]
        constraints = [
            models.UniqueConstraint(fields=["administration", "name"], name="programme_name_unique"),
            models.CheckConstraint(
                name="programme_period_ordered", condition=Q(period_end__gte=models.F("period_start"))
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProgrammeBenefit(models.Model):
    """A benefit of a programme the training manager valued in money, with how it was valued."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="benefits")
    description = models.CharField(max_length=300)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    basis = models.TextField(blank=True, help_text=_("How the amount was estimated"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(name="benefit_amount_non_negative", condition=Q(amount__gte=0)),
        ]

    def __str__(self) -> str:
        return self.description


class LearningTestActivity(models.Model):
    """The xAPI activities of a course's pre- and post-test, configured per administration.

    Added to the activity IRIs of the course's catalogue modules when scores are imported from the LRS.
    """

    administration = models.ForeignKey("tenancy.Administration", on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey("catalogue.Course", on_delete=models.CASCADE, related_name="+")
    pre_test_iri = models.CharField(_("pre-test activity IRI"), max_length=500, blank=True)
    post_test_iri = models.CharField(_("post-test activity IRI"), max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["administration", "course"], name="learning_test_activity_unique")
        ]

    def __str__(self) -> str:
        return f"{self.course_id}: {self.pre_test_iri} / {self.post_test_iri}"
