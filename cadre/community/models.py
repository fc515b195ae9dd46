"""The regional community: events with calls for nominations and quotas, and the expert pool."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    """A regional workshop, seminar or training event run for the member administrations."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        NOMINATIONS_OPEN = "nominations_open", _("Nominations open")
        SELECTION_CLOSED = "selection_closed", _("Selection closed")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    region = models.ForeignKey("tenancy.Region", on_delete=models.CASCADE, related_name="+")
    code = models.SlugField(max_length=40)
    title = models.CharField(max_length=300)
    theme = models.CharField(max_length=300, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    venue = models.CharField(max_length=300)
    organisers = models.CharField(max_length=500, blank=True)
    seats = models.PositiveIntegerField()
    languages = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    description = models.TextField(blank=True)
    survey = models.OneToOneField(
        "evaluation.Survey",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The evaluation form sent to the participants who attended."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="event_code_unique_per_region"),
            models.CheckConstraint(name="event_dates_ordered", condition=Q(ends_on__gte=F("starts_on"))),
            models.CheckConstraint(name="event_has_seats", condition=Q(seats__gte=1)),
        ]

    def __str__(self) -> str:
        return self.title


class NominationCall(models.Model):
    """The call for nominations of one event: deadline, default quota and eligibility rules."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="call")
    closes_on = models.DateField()
    quota_per_administration = models.PositiveIntegerField(default=1)
    eligible_position_titles = models.JSONField(
        default=list, blank=True, help_text=_("Position titles that may be nominated; empty: any.")
    )
    required_competency = models.ForeignKey(
        "competencies.Competency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    required_level = models.PositiveSmallIntegerField(null=True, blank=True)
    required_languages = models.JSONField(
        default=list, blank=True, help_text=_("The nominee must speak at least one of these.")
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="call_level_with_competency",
                condition=Q(required_competency__isnull=True, required_level__isnull=True)
                | Q(required_competency__isnull=False, required_level__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} · call"


class Quota(models.Model):
    """A per-administration override of the call's default quota."""

    call = models.ForeignKey(NominationCall, on_delete=models.CASCADE, related_name="quotas")
    administration = models.ForeignKey("tenancy.Administration", on_delete=models.CASCADE, related_name="+")
    seats = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["call", "administration"], name="quota_unique_per_administration")
        ]

    def __str__(self) -> str:
        return f"{self.administration_id}: {self.seats}"


class Nomination(models.Model):
    class State(models.TextChoices):
        NOMINATED = "nominated", _("Nominated")
        SELECTED = "selected", _("Selected")
        WAITLISTED = "waitlisted", _("Waiting list")
        NOT_SELECTED = "not_selected", _("Not selected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="nominations")
    administration = models.ForeignKey("tenancy.Administration", on_delete=models.CASCADE, related_name="+")
    officer = models.ForeignKey("people.Officer", on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=20, choices=State.choices, default=State.NOMINATED)
    priority = models.PositiveSmallIntegerField(
        default=1, help_text=_("The focal point's order of preference.")
    )
    waitlist_position = models.PositiveIntegerField(null=True, blank=True)
    motivation = models.TextField(blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attended = models.BooleanField(default=False)
    certificate_number = models.UUIDField(null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["administration_id", "priority", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "officer"], name="nomination_unique_officer_per_event"),
            models.CheckConstraint(
                name="nomination_waitlist_position",
                condition=Q(state="waitlisted", waitlist_position__isnull=False)
                | (~Q(state="waitlisted") & Q(waitlist_position__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} · {self.officer_id} · {self.state}"


class AgendaItem(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda")
    day = models.DateField()
    starts_at = models.TimeField()
    title = models.CharField(max_length=300)
    speaker = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["day", "starts_at", "id"]

    def __str__(self) -> str:
        return self.title


class Material(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(max_length=300)
    url = models.URLField(blank=True)
    file = models.FileField(upload_to="community/%Y/", blank=True)

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class Outcome(models.Model):
    """A conclusion or recommendation of an event; a recommendation may start a good practice."""

    class Kind(models.TextChoices):
        OUTCOME = "outcome", _("Outcome")
        RECOMMENDATION = "recommendation", _("Recommendation")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OUTCOME)
    text = models.TextField()
    practices = models.ManyToManyField("practices.Practice", blank=True, related_name="+")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:60]


class ExpertCategory(models.TextChoices):
    """The WCO expert categories."""

    DIAGNOSTIC_FACILITATOR = "diagnostic_facilitator", _("Diagnostic facilitator")
    MODERNISATION_ADVISOR = "modernisation_advisor", _("Customs modernisation advisor")
    TECHNICAL_ADVISOR = "technical_advisor", _("Technical and operational advisor")
    EXPERT_TRAINER = "expert_trainer", _("Expert trainer")
    LEADERSHIP_ADVISOR = "leadership_advisor", _("Leadership and management development advisor")
    RECOGNISED_EXPERT = "recognised_expert", _("Recognised expert")
    EXTERNAL_EXPERT = "external_expert", _("External expert")


class Expert(models.Model):
    """A member of the regional expert pool; its home administration (if any) approves missions."""

    class Stage(models.TextChoices):
        WORKSHOP = "workshop", _("Accreditation workshop")
        IN_FIELD = "in_field", _("In-field mission")
        ACCREDITED = "accredited", _("Accredited")

    class Availability(models.TextChoices):
        AVAILABLE = "available", _("Available")
        LIMITED = "limited", _("Limited")
        UNAVAILABLE = "unavailable", _("Unavailable")

    region = models.ForeignKey("tenancy.Region", on_delete=models.CASCADE, related_name="+")
    home_administration = models.ForeignKey(
        "tenancy.Administration", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    officer = models.ForeignKey(
        "people.Officer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    category = models.CharField(max_length=30, choices=ExpertCategory.choices)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.WORKSHOP)
    languages = models.JSONField(default=list, blank=True)
    availability = models.CharField(
        max_length=20, choices=Availability.choices, default=Availability.AVAILABLE
    )
    available_from = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class ExpertCompetency(models.Model):
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="competencies")
    competency = models.ForeignKey("competencies.Competency", on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["expert", "competency"], name="expert_competency_unique"),
            models.CheckConstraint(name="expert_competency_level_positive", condition=Q(level__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.expert_id}:{self.competency_id}={self.level}"


class MissionRequest(models.Model):
    """A request for an expert's mission; the expert's home administration decides."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="missions")
    requesting_administration = models.ForeignKey(
        "tenancy.Administration", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    purpose = models.TextField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.REQUESTED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(name="mission_dates_ordered", condition=Q(ends_on__gte=F("starts_on")))
        ]

    def __str__(self) -> str:
        return f"{self.expert} · {self.starts_on}"
