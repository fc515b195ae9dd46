"""The course catalogue: courses, microlearning modules, legal sources and the content lifecycle."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class LifecycleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")


class DeliveryMode(models.TextChoices):
    CLASSROOM = "classroom", _("Classroom")
    ELEARNING = "elearning", _("E-learning")
    BLENDED = "blended", _("Blended")
    MICROLEARNING = "microlearning", _("Microlearning")
    MOBILE = "mobile", _("Mobile")
    VR = "vr", _("VR simulation")
    ON_THE_JOB = "on_the_job", _("On-the-job")
    WEBINAR = "webinar", _("Webinar")


class Course(models.Model):
    """A course owned by an administration, or by the region (the shared regional catalogue).

    An adopted course is an administration's copy of a regional one: ``adopted_from`` and
    ``adopted_version`` remember the source so later regional revisions can be noticed.
    """

    identifier = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    administration = models.ForeignKey(
        "tenancy.Administration", null=True, blank=True, on_delete=models.CASCADE, related_name="courses"
    )
    region = models.ForeignKey(
        "tenancy.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    code = models.CharField(max_length=40)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    delivery_mode = models.CharField(
        max_length=20, choices=DeliveryMode.choices, default=DeliveryMode.CLASSROOM
    )
    duration_days = models.DecimalField(
        max_digits=5, decimal_places=2, default=1, help_text=_("Days away from duty")
    )
    duration_minutes = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("For short online courses")
    )
    languages = models.JSONField(default=list, blank=True)
    min_participants = models.PositiveIntegerField(default=1)
    max_participants = models.PositiveIntegerField(default=20)
    cost_per_session = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    cost_per_participant = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    cost_per_instructor_day = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    instructors_per_session = models.PositiveSmallIntegerField(default=1)
    instructor_qualification = models.CharField(
        max_length=80, blank=True, help_text=_("Qualification code an instructor must hold")
    )
    declared_uplift = models.DecimalField(
        max_digits=4, decimal_places=2, default=1, help_text=_("Levels a participant is expected to gain")
    )
    # Lifecycle
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.CharField(max_length=20, default="1.0")
    status = models.CharField(max_length=10, choices=LifecycleStatus.choices, default=LifecycleStatus.DRAFT)
    last_reviewed_on = models.DateField(null=True, blank=True)
    review_interval_months = models.PositiveSmallIntegerField(default=24)
    adopted_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="adoptions"
    )
    adopted_version = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="course_single_owner",
                condition=Q(region__isnull=False, administration__isnull=True)
                | Q(region__isnull=True, administration__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["administration", "code"],
                name="course_code_unique_admin",
                condition=Q(administration__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["region", "code"], name="course_code_unique_region", condition=Q(region__isnull=False)
            ),
            models.CheckConstraint(
                name="course_participants_order",
                condition=Q(min_participants__lte=models.F("max_participants")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class CourseObjective(models.Model):
    """What a successful participant reaches: competency -> level."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="objectives")
    competency = models.ForeignKey(
        "competencies.Competency", on_delete=models.PROTECT, related_name="course_objectives"
    )
    target_level = models.PositiveSmallIntegerField()
    description = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course", "competency"], name="course_objective_unique"),
            models.CheckConstraint(name="course_objective_level_positive", condition=Q(target_level__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.course.code} → {self.competency.code} {self.target_level}"


class CoursePrerequisite(models.Model):
    """A course that must be completed, or a competency level that must be held, before enrolling."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="prerequisites")
    required_course = models.ForeignKey(
        Course, null=True, blank=True, on_delete=models.PROTECT, related_name="required_by"
    )
    competency = models.ForeignKey(
        "competencies.Competency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    min_level = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="prerequisite_course_or_level",
                condition=Q(required_course__isnull=False, competency__isnull=True)
                | Q(required_course__isnull=True, competency__isnull=False, min_level__isnull=False),
            ),
            models.CheckConstraint(
                name="prerequisite_not_self", condition=~Q(required_course=models.F("course"))
            ),
        ]

    def __str__(self) -> str:
        if self.required_course_id is not None:
            return f"requires course {self.required_course_id}"
        return f"requires competency {self.competency_id} at {self.min_level}"


class Module(models.Model):
    """A microlearning unit of at most 15 minutes: an uploaded file, a link or an xAPI activity."""

    class Kind(models.TextChoices):
        FILE = "file", _("Uploaded file")
        LINK = "link", _("Link")
        XAPI = "xapi", _("xAPI activity")

    identifier = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    administration = models.ForeignKey(
        "tenancy.Administration", null=True, blank=True, on_delete=models.CASCADE, related_name="modules"
    )
    region = models.ForeignKey(
        "tenancy.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    course = models.ForeignKey(
        Course, null=True, blank=True, on_delete=models.SET_NULL, related_name="modules"
    )
    sequence = models.PositiveIntegerField(default=0)
    code = models.CharField(max_length=40)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    minutes = models.PositiveSmallIntegerField(default=10)
    url = models.URLField(blank=True, max_length=500)
    activity_iri = models.CharField(max_length=500, blank=True)
    pass_mark = models.FloatField(
        null=True,
        blank=True,
        help_text=_("xAPI activities: the scaled score (0 to 1) that passes; empty: completing it is enough"),
    )
    file = models.FileField(upload_to="modules/%Y/", blank=True, max_length=300)
    file_name = models.CharField(max_length=255, blank=True, help_text=_("The name shown on download"))
    content_type = models.CharField(max_length=100, blank=True)
    file_size = models.PositiveBigIntegerField(default=0)
    competencies = models.ManyToManyField("competencies.Competency", blank=True, related_name="modules")
    languages = models.JSONField(default=list, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.CharField(max_length=20, default="1.0")
    status = models.CharField(max_length=10, choices=LifecycleStatus.choices, default=LifecycleStatus.DRAFT)
    last_reviewed_on = models.DateField(null=True, blank=True)
    review_interval_months = models.PositiveSmallIntegerField(default=12)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["course", "sequence", "code"]
        constraints = [
            models.CheckConstraint(
                name="module_single_owner",
                condition=Q(region__isnull=False, administration__isnull=True)
                | Q(region__isnull=True, administration__isnull=False),
            ),
            models.CheckConstraint(
                name="module_at_most_15_minutes", condition=Q(minutes__gte=1, minutes__lte=15)
            ),
            models.CheckConstraint(
                name="module_pass_mark_0_1",
                condition=Q(pass_mark__isnull=True) | Q(pass_mark__gte=0, pass_mark__lte=1),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class LegalInstrument(models.Model):
    """A legal source content depends on: HS nomenclature, Revised Kyoto Convention, a national law."""

    administration = models.ForeignKey(
        "tenancy.Administration",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty for international instruments shared by the region"),
    )
    region = models.ForeignKey(
        "tenancy.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    code = models.CharField(max_length=40)
    title = models.CharField(max_length=300)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="instrument_single_owner",
                condition=Q(region__isnull=False, administration__isnull=True)
                | Q(region__isnull=True, administration__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Edition(models.Model):
    """One edition of an instrument (HS 2022); ``superseded_by`` set when a newer one enters into force."""

    instrument = models.ForeignKey(LegalInstrument, on_delete=models.CASCADE, related_name="editions")
    label = models.CharField(max_length=60)
    in_force_from = models.DateField(null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="supersedes"
    )
    superseded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["instrument", "in_force_from"]
        constraints = [models.UniqueConstraint(fields=["instrument", "label"], name="edition_label_unique")]

    def __str__(self) -> str:
        return f"{self.instrument.code} {self.label}"


class Citation(models.Model):
    """Course or module content citing one edition of a legal instrument."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="citations")
    course = models.ForeignKey(
        Course, null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )
    module = models.ForeignKey(
        Module, null=True, blank=True, on_delete=models.CASCADE, related_name="citations"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="citation_course_or_module",
                condition=Q(course__isnull=False, module__isnull=True)
                | Q(course__isnull=True, module__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"cites edition {self.edition_id}"


class Notice(models.Model):
    """An in-app notice to one user (content review reminders); ``key`` keeps reminders from repeating.

    Lives here because Cadre has no shared notifications app yet; it is deliberately generic so it
    can move to ``cadre/core`` when another app needs notices.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    administration = models.ForeignKey(
        "tenancy.Administration", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=200)
    message = models.CharField(max_length=500)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notice_unique_key_per_user")]

    def __str__(self) -> str:
        return self.message
