"""Delivery: instructors, sessions, enrolments (nominations), attendance, completions, calendar tokens."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DeliveryPolicy(models.Model):
    """An administration's delivery rules; defaults apply when it has none."""

    class AwayMode(models.TextChoices):
        WARN = "warn", _("Warn")
        REFUSE = "refuse", _("Refuse")

    administration = models.OneToOneField(
        "tenancy.Administration", on_delete=models.CASCADE, related_name="delivery_policy"
    )
    away_cap_share = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Largest share of a unit's staff away on training at the same time (0-1); empty: no cap"),
    )
    away_cap_mode = models.CharField(max_length=6, choices=AwayMode.choices, default=AwayMode.WARN)
    training_evidence_auto_validated = models.BooleanField(
        default=True,
        help_text=_("A passed course counts as validated competency evidence without a supervisor's review"),
    )

    class Meta:
        verbose_name_plural = "delivery policies"
        constraints = [
            models.CheckConstraint(
                name="policy_away_share_0_1",
                condition=Q(away_cap_share__isnull=True) | Q(away_cap_share__gte=0, away_cap_share__lte=1),
            )
        ]

    def __str__(self) -> str:
        return f"Delivery policy of administration {self.administration_id}"


class Instructor(models.Model):
    """Someone who teaches: one of the administration's officers, or an external or regional expert."""

    class Kind(models.TextChoices):
        OFFICER = "officer", _("Officer")
        EXTERNAL = "external", _("External expert")
        REGIONAL = "regional", _("Regional expert")

    administration = models.ForeignKey(
        "tenancy.Administration", on_delete=models.CASCADE, related_name="instructors"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.OFFICER)
    officer = models.ForeignKey(
        "people.Officer", null=True, blank=True, on_delete=models.PROTECT, related_name="instructor_roles"
    )
    name = models.CharField(max_length=200, blank=True, help_text=_("For external and regional experts"))
    organisation = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    max_days_per_year = models.PositiveSmallIntegerField(default=60)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                name="instructor_officer_or_name",
                condition=(Q(kind="officer", officer__isnull=False) | (~Q(kind="officer") & ~Q(name=""))),
            ),
            models.UniqueConstraint(
                fields=["administration", "officer"],
                name="instructor_officer_unique",
                condition=Q(officer__isnull=False),
            ),
            models.CheckConstraint(name="instructor_max_days_366", condition=Q(max_days_per_year__lte=366)),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.officer_id is not None and not self.name:
            return str(self.officer)
        return self.name


class InstructorQualification(models.Model):
    """What an instructor may teach: a course qualification code, or a competency up to a level."""

    instructor = models.ForeignKey(Instructor, on_delete=models.CASCADE, related_name="qualifications")
    code = models.CharField(max_length=80, blank=True)
    competency = models.ForeignKey(
        "competencies.Competency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="qualification_code_or_competency",
                condition=(Q(competency__isnull=True, level__isnull=True) & ~Q(code=""))
                | Q(code="", competency__isnull=False, level__gte=1),
            ),
            models.UniqueConstraint(
                fields=["instructor", "code"], name="qualification_code_unique", condition=~Q(code="")
            ),
            models.UniqueConstraint(
                fields=["instructor", "competency"],
                name="qualification_competency_unique",
                condition=Q(competency__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.code or f"{self.competency} ≥ {self.level}"


class InstructorAvailability(models.Model):
    """A date range in which an instructor is available (or, with ``available`` off, not)."""

    instructor = models.ForeignKey(Instructor, on_delete=models.CASCADE, related_name="availability")
    starts_on = models.DateField()
    ends_on = models.DateField()
    available = models.BooleanField(default=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(name="availability_ordered", condition=Q(ends_on__gte=F("starts_on"))),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on}–{self.ends_on} {'available' if self.available else 'unavailable'}"


class Session(models.Model):
    """One run of a course: when (time-zone aware), where, in which language, by whom, with how many seats."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    identifier = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    administration = models.ForeignKey(
        "tenancy.Administration", on_delete=models.CASCADE, related_name="sessions"
    )
    course = models.ForeignKey("catalogue.Course", on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.CharField(max_length=200, blank=True)
    room = models.CharField(max_length=100, blank=True)
    online_url = models.URLField(blank=True, max_length=500)
    language = models.CharField(max_length=10)
    seats = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    instructors = models.ManyToManyField(Instructor, blank=True, related_name="sessions")
    self_paced = models.BooleanField(
        default=False,
        help_text=_(
            "The year-long container of a self-paced online course: officers join it by completing "
            "its modules (learning records), not by requesting a seat"
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(name="session_ends_after_start", condition=Q(ends_at__gt=F("starts_at"))),
            models.CheckConstraint(name="session_seats_positive", condition=Q(seats__gte=1)),
            models.UniqueConstraint(
                fields=["administration", "course", "starts_at"],
                name="session_self_paced_one_per_year",
                condition=Q(self_paced=True),
            ),
        ]
        indexes = [models.Index(fields=["administration", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.course.code} {self.starts_at:%Y-%m-%d}"


class Enrolment(models.Model):
    """An officer's place in a session, from request or nomination to confirmation (or not).

    requested -> approved (supervisor) -> confirmed (training manager, a seat is free) or
    waitlisted (the session is full; promoted in order when a seat frees); rejected and cancelled
    end it. A supervisor's own nomination starts approved.
    """

    class State(models.TextChoices):
        REQUESTED = "requested", _("Awaiting supervisor approval")
        APPROVED = "approved", _("Approved, awaiting confirmation")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", pgettext_lazy("enrolment state", "Cancelled")

    class Origin(models.TextChoices):
        REQUEST = "request", _("Officer's request")
        NOMINATION = "nomination", _("Nomination")
        SELF_PACED = "self_paced", _("Self-paced (learning records)")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="enrolments")
    officer = models.ForeignKey("people.Officer", on_delete=models.CASCADE, related_name="enrolments")
    state = models.CharField(max_length=10, choices=State.choices)
    origin = models.CharField(max_length=10, choices=Origin.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True, help_text=_("When rejected or cancelled"))
    decision_reason = models.CharField(
        max_length=500, blank=True, help_text=_("Why the request was rejected, as told to the officer")
    )
    warnings = models.JSONField(default=list, blank=True)

    ACTIVE = (State.REQUESTED, State.APPROVED, State.WAITLISTED, State.CONFIRMED)

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "officer"],
                name="enrolment_one_active_per_officer",
                condition=Q(state__in=["requested", "approved", "waitlisted", "confirmed"]),
            ),
            models.CheckConstraint(
                name="enrolment_confirmed_was_approved",
                condition=~Q(state="confirmed") | Q(approved_at__isnull=False, confirmed_at__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["session", "state"])]

    def __str__(self) -> str:
        return f"{self.officer} · {self.session} · {self.state}"

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE


class Attendance(models.Model):
    """Whether a confirmed participant was there on one day of the session."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    day = models.DateField()
    present = models.BooleanField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["enrolment", "day"], name="attendance_one_per_day")]

    def __str__(self) -> str:
        return f"{self.day} {'present' if self.present else 'absent'}"


class Completion(models.Model):
    """The result of a confirmed participant; a pass becomes competency evidence."""

    class Source(models.TextChoices):
        ROSTER = "roster", _("Recorded on the roster")
        XAPI = "xapi", _("xAPI learning records")

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="completion")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ROSTER)
    statement_id = models.UUIDField(
        null=True, blank=True, help_text=_("The learning record (xAPI statement) that completed the course")
    )
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField()
    completed_on = models.DateField()
    certificate_number = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    assessments = models.ManyToManyField("competencies.Assessment", blank=True, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="completion_score_0_100",
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} passed={self.passed}"


class CalendarToken(models.Model):
    """A per-user secret that opens that user's calendar feeds; only its hash is stored."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Calendar link of user {self.user_id}"
