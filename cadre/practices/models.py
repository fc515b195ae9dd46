"""Good practices of member administrations: structured entries, review workflow, versions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    STRATEGIC_ALIGNMENT = "strategic_alignment", _("Strategic alignment")
    COMPETENCY_FRAMEWORKS = "competency_frameworks", _("Competency frameworks")
    NEEDS_ANALYSIS = "needs_analysis", _("Needs analysis")
    TRAINING_CYCLE = "training_cycle", _("Training cycle")
    BLENDED = "blended", _("Blended learning")
    MICROLEARNING = "microlearning", _("Microlearning")
    MOBILE = "mobile", _("Mobile learning")
    VR = "vr", _("Virtual reality")
    AI_ANALYTICS = "ai_analytics", _("AI and analytics")
    EVALUATION = "evaluation", _("Evaluation")
    INSTRUCTOR_DEVELOPMENT = "instructor_development", _("Instructor development")
    BUDGETING = "budgeting", _("Budgeting")
    CONTENT_MAINTENANCE = "content_maintenance", _("Content maintenance")
    INTERNATIONAL_COOPERATION = "international_cooperation", _("International cooperation")


class DeliveryMode(models.TextChoices):
    NONE = "", _("Not applicable")
    CLASSROOM = "classroom", _("Classroom")
    ELEARNING = "elearning", _("E-learning")
    BLENDED = "blended", _("Blended")
    MICROLEARNING = "microlearning", _("Microlearning")
    MOBILE = "mobile", _("Mobile")
    VR = "vr", _("VR simulation")
    ON_THE_JOB = "on_the_job", _("On-the-job")


class Practice(models.Model):
    """One good practice of one administration, written in its original language."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for regional review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    administration = models.ForeignKey(
        "tenancy.Administration", on_delete=models.CASCADE, related_name="practices"
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    title = models.CharField(max_length=300)
    year = models.PositiveSmallIntegerField()
    language = models.CharField(max_length=10, default="en", help_text=_("Original language (ISO 639-1)."))
    summary = models.TextField()
    context = models.TextField(blank=True)
    challenge = models.TextField(blank=True)
    approach = models.TextField(blank=True)
    results = models.TextField(blank=True)
    evidence = models.TextField(blank=True)
    lessons = models.TextField(blank=True)
    transferability = models.TextField(blank=True)
    contact = models.CharField(max_length=300, blank=True)
    delivery_mode = models.CharField(max_length=20, choices=DeliveryMode.choices, blank=True, default="")
    competencies = models.ManyToManyField("competencies.Competency", blank=True, related_name="+")
    courses = models.ManyToManyField("catalogue.Course", blank=True, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    search_text = models.TextField(blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "title", "id"]
        indexes = [
            models.Index(fields=["state", "year"]),
            models.Index(fields=["administration", "state"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="practice_year_plausible", condition=Q(year__gte=1950) & Q(year__lte=2200)
            ),
            models.CheckConstraint(
                name="practice_published_has_date",
                condition=~Q(state="published") | Q(published_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PracticeTopic(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="topic_rows")
    topic = models.CharField(max_length=40, choices=Topic.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["practice", "topic"], name="practice_topic_unique")]
        indexes = [models.Index(fields=["topic", "practice"])]

    def __str__(self) -> str:
        return self.topic


class PracticeTranslation(models.Model):
    """A practice's title and summary in another language (searchable like the original)."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=10)
    title = models.CharField(max_length=300)
    summary = models.TextField()
    body = models.TextField(blank=True, help_text=_("The rest of the entry, translated."))

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "language"], name="practice_translation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.practice_id} [{self.language}]"


class PracticeVersion(models.Model):
    """The entry as it stood at one workflow step; versions are never edited."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    state = models.CharField(max_length=20, choices=Practice.State.choices)
    content = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["practice", "number"], name="practice_version_unique")]

    def __str__(self) -> str:
        return f"{self.practice_id} v{self.number}"


class ReviewComment(models.Model):
    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        PUBLISHED = "published", _("Published")

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COMMENT)
    text = models.TextField()
    version = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class PracticeAttachment(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="practices/%Y/")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name
