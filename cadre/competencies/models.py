"""Competency frameworks, proficiency scales, role profiles and assessments."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Scale(models.Model):
    """An ordered proficiency scale (default: 0 None, 1 Aware, 2 Trained, 3 Advanced, 4 Expert)."""

    identifier = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        "tenancy.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    administration = models.ForeignKey(
        "tenancy.Administration", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(max_length=120)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="scale_single_owner",
                condition=Q(region__isnull=False, administration__isnull=True)
                | Q(region__isnull=True, administration__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def max_level(self) -> int:
        return max((lvl.value for lvl in self.levels.all()), default=0)


class ScaleLevel(models.Model):
    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="levels")
    value = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=60)
    descriptor = models.TextField(blank=True)

    class Meta:
        ordering = ["scale", "value"]
        constraints = [models.UniqueConstraint(fields=["scale", "value"], name="scale_level_unique_value")]

    def __str__(self) -> str:
        return f"{self.value} {self.label}"


class Framework(models.Model):
    """A competency framework owned by the region (shared) or by one administration; versioned."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    identifier = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        "tenancy.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    administration = models.ForeignKey(
        "tenancy.Administration", null=True, blank=True, on_delete=models.CASCADE, related_name="frameworks"
    )
    code = models.CharField(max_length=40)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    version = models.CharField(max_length=40, default="1.0")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    scale = models.ForeignKey(Scale, on_delete=models.PROTECT, related_name="frameworks")
    extends = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="extensions",
        help_text=_("The regional framework this national framework adopts and extends."),
    )
    publisher = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=10, default="en")
    case_extra = models.JSONField(
        default=dict, blank=True, help_text=_("CASE fields Cadre keeps but does not model.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "version"]
        constraints = [
            models.CheckConstraint(
                name="framework_single_owner",
                condition=Q(region__isnull=False, administration__isnull=True)
                | Q(region__isnull=True, administration__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["administration", "code", "version"],
                name="framework_version_unique_admin",
                condition=Q(administration__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["region", "code", "version"],
                name="framework_version_unique_region",
                condition=Q(region__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    @property
    def is_regional(self) -> bool:
        return self.region_id is not None


class Competency(models.Model):
    """A node of a framework's tree: a group, a competency, or a behavioural indicator."""

    class Kind(models.TextChoices):
        GROUP = "group", _("Group")
        COMPETENCY = "competency", _("Competency")
        INDICATOR = "indicator", _("Behavioural indicator")

    class Type(models.TextChoices):
        VALUES = "values", _("Values")
        PROFESSIONAL = "professional", _("Professional")
        OPERATIONAL = "operational", _("Operational")
        MANAGERIAL = "managerial", _("Managerial")

    identifier = models.UUIDField(default=uuid.uuid4, editable=False)
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="competencies")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.COMPETENCY)
    type = models.CharField(max_length=14, choices=Type.choices, blank=True)
    code = models.CharField(max_length=40)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    sequence = models.PositiveIntegerField(default=0)
    case_extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["framework", "sequence", "code"]
        verbose_name_plural = "competencies"
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="competency_code_unique_per_framework"
            ),
            models.UniqueConstraint(fields=["framework", "identifier"], name="competency_identifier_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class CompetencyMapping(models.Model):
    """Relates a competency of one framework to one of another (national -> regional)."""

    class Relation(models.TextChoices):
        EXACT = "exact", _("Exact match")
        BROADER = "broader", _("Broader than")
        NARROWER = "narrower", _("Narrower than")
        RELATED = "related", _("Related to")

    source = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="mappings_out")
    target = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="mappings_in")
    relation = models.CharField(max_length=10, choices=Relation.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "relation"], name="competency_mapping_unique"
            ),
            models.CheckConstraint(
                name="competency_mapping_not_self", condition=~Q(source=models.F("target"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source.code} {self.relation} {self.target.code}"


class RoleProfile(models.Model):
    """What a position requires: competency -> level and criticality."""

    administration = models.ForeignKey(
        "tenancy.Administration", on_delete=models.CASCADE, related_name="role_profiles"
    )
    position = models.OneToOneField("people.Position", on_delete=models.CASCADE, related_name="role_profile")
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Profile: {self.position}"


class RoleRequirement(models.Model):
    profile = models.ForeignKey(RoleProfile, on_delete=models.CASCADE, related_name="requirements")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="requirements")
    required_level = models.PositiveSmallIntegerField()
    criticality = models.PositiveSmallIntegerField(
        default=2, help_text=_("1 useful, 2 important, 3 critical")
    )

    class Meta:
        ordering = ["profile", "competency__sequence"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "competency"], name="requirement_unique_competency"),
            models.CheckConstraint(
                name="requirement_criticality_1_3", condition=Q(criticality__gte=1, criticality__lte=3)
            ),
            models.CheckConstraint(name="requirement_level_positive", condition=Q(required_level__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.competency.code} ≥ {self.required_level}"


class Assessment(models.Model):
    """One observation of an officer's level in one competency."""

    class Source(models.TextChoices):
        SELF = "self", _("Self-assessment")
        SUPERVISOR = "supervisor", _("Supervisor")
        TEST = "test", _("Test")
        TRAINING = "training", _("Training")
        XAPI = "xapi", _("xAPI evidence")
        CERTIFICATE = "certificate", _("External certificate")

    class Validation(models.TextChoices):
        PENDING = "pending", _("Pending validation")
        VALIDATED = "validated", _("Validated")
        REJECTED = "rejected", _("Rejected")

    administration = models.ForeignKey(
        "tenancy.Administration", on_delete=models.CASCADE, related_name="assessments"
    )
    officer = models.ForeignKey("people.Officer", on_delete=models.CASCADE, related_name="assessments")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="assessments")
    level = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=12, choices=Source.choices)
    assessed_on = models.DateField()
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    evidence = models.TextField(blank=True)
    evidence_url = models.URLField(blank=True, max_length=500)
    validation = models.CharField(max_length=10, choices=Validation.choices, default=Validation.VALIDATED)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        indexes = [
            models.Index(fields=["officer", "competency", "-assessed_on"]),
            models.Index(fields=["administration", "competency"]),
        ]

    def __str__(self) -> str:
        return f"{self.officer} {self.competency.code}={self.level} ({self.source}, {self.assessed_on})"
