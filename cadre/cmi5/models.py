"""cmi5 on the LMS side: imported course structures, registrations and launch sessions."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MoveOn(models.TextChoices):
    NOT_APPLICABLE = "NotApplicable", _("Not applicable")
    PASSED = "Passed", _("Passed")
    COMPLETED = "Completed", _("Completed")
    COMPLETED_AND_PASSED = "CompletedAndPassed", _("Completed and passed")
    COMPLETED_OR_PASSED = "CompletedOrPassed", _("Completed or passed")


class LaunchMethod(models.TextChoices):
    ANY_WINDOW = "AnyWindow", _("Any window")
    OWN_WINDOW = "OwnWindow", _("Own window")


class LaunchMode(models.TextChoices):
    NORMAL = "Normal", _("Normal")
    BROWSE = "Browse", _("Browse")
    REVIEW = "Review", _("Review")


class CoursePackage(models.Model):
    """One imported cmi5 course structure (cmi5.xml, with its content when it came in a ZIP)."""

    administration = models.ForeignKey(
        "tenancy.Administration", on_delete=models.CASCADE, related_name="cmi5_courses"
    )
    identifier = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    publisher_id = models.CharField(max_length=600)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    titles = models.JSONField(default=dict, blank=True)
    structure_xml = models.TextField()
    has_content = models.BooleanField(default=False)
    content_bytes = models.PositiveBigIntegerField(default=0)
    catalogue_course = models.ForeignKey(
        "catalogue.Course", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Block(models.Model):
    package = models.ForeignKey(CoursePackage, on_delete=models.CASCADE, related_name="blocks")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    sequence = models.PositiveIntegerField()
    publisher_id = models.CharField(max_length=600)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    objectives = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["package", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["package", "sequence"], name="cmi5_block_sequence_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class AssignableUnit(models.Model):
    """An AU; ``sequence`` is its 0-based position in the course structure (document order)."""

    package = models.ForeignKey(CoursePackage, on_delete=models.CASCADE, related_name="aus")
    block = models.ForeignKey(Block, null=True, blank=True, on_delete=models.CASCADE, related_name="aus")
    sequence = models.PositiveIntegerField()
    publisher_id = models.CharField(max_length=600)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    url = models.CharField(max_length=2000)
    launch_method = models.CharField(
        max_length=10, choices=LaunchMethod.choices, default=LaunchMethod.ANY_WINDOW
    )
    move_on = models.CharField(max_length=20, choices=MoveOn.choices, default=MoveOn.NOT_APPLICABLE)
    mastery_score = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    launch_parameters = models.TextField(blank=True)
    entitlement_key = models.TextField(blank=True)
    activity_type = models.CharField(max_length=600, blank=True)
    objectives = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["package", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["package", "sequence"], name="cmi5_au_sequence_unique"),
            models.CheckConstraint(
                name="cmi5_au_mastery_range",
                condition=Q(mastery_score__isnull=True) | Q(mastery_score__gte=0, mastery_score__lte=1),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Registration(models.Model):
    """An officer's enrolment in a cmi5 course: the ``registration`` of every statement about it."""

    administration = models.ForeignKey("tenancy.Administration", on_delete=models.CASCADE, related_name="+")
    package = models.ForeignKey(CoursePackage, on_delete=models.CASCADE, related_name="registrations")
    officer = models.ForeignKey("people.Officer", on_delete=models.CASCADE, related_name="cmi5_registrations")
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    actor = models.JSONField()
    satisfied_blocks = models.JSONField(default=list, blank=True)
    satisfied_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["package", "officer"], name="cmi5_registration_unique"),
        ]

    def __str__(self) -> str:
        return str(self.code)


class AuProgress(models.Model):
    """What the registration has achieved on one AU (across sessions)."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="progress")
    au = models.ForeignKey(AssignableUnit, on_delete=models.CASCADE, related_name="+")
    completed = models.BooleanField(default=False)
    passed = models.BooleanField(default=False)
    failed = models.BooleanField(default=False)
    waived = models.BooleanField(default=False)
    waive_reason = models.CharField(max_length=200, blank=True)
    satisfied = models.BooleanField(default=False)
    satisfied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["registration", "au"], name="cmi5_progress_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id}/{self.au_id}"


class LaunchSession(models.Model):
    """One AU launch: its session id, one-time fetch token and what the AU has said so far."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="sessions")
    au = models.ForeignKey(AssignableUnit, on_delete=models.CASCADE, related_name="+")
    session_id = models.CharField(max_length=64, unique=True)
    fetch_digest = models.CharField(max_length=64, unique=True)
    launch_mode = models.CharField(max_length=10, choices=LaunchMode.choices, default=LaunchMode.NORMAL)
    move_on = models.CharField(max_length=20, choices=MoveOn.choices)
    mastery_score = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    launch_url = models.CharField(max_length=2000)
    return_url = models.CharField(max_length=2000, blank=True)
    launched_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    fetched_at = models.DateTimeField(null=True, blank=True)
    preferences_read_at = models.DateTimeField(null=True, blank=True)
    initialized_at = models.DateTimeField(null=True, blank=True)
    terminated_at = models.DateTimeField(null=True, blank=True)
    abandoned_at = models.DateTimeField(null=True, blank=True)
    last_statement_at = models.DateTimeField(null=True, blank=True)
    verbs = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-launched_at", "-id"]

    def __str__(self) -> str:
        return self.session_id

    @property
    def active(self) -> bool:
        return self.terminated_at is None and self.abandoned_at is None
