"""The Learning Record Store: clients, immutable statements with their query indexes, documents, the outbox."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    STATEMENTS_WRITE = "statements/write", _("Write statements")
    STATEMENTS_READ_MINE = "statements/read/mine", _("Read its own statements")
    STATEMENTS_READ = "statements/read", _("Read all statements of the administration")
    STATE = "state", _("Read and write activity state")
    DEFINE = "define", _("Define activities and agent/activity profiles")


class LrsClient(models.Model):
    """A tool (e-learning player, simulator) that talks xAPI on behalf of one administration.

    The secret is high-entropy and shown once; only an HMAC-SHA256 digest is kept, so checking it
    costs one keyed hash and a constant-time compare instead of a password hash per request.
    """

    administration = models.ForeignKey(
        "tenancy.Administration", on_delete=models.CASCADE, related_name="lrs_clients"
    )
    name = models.CharField(max_length=120)
    key = models.CharField(max_length=40, unique=True)
    secret_digest = models.CharField(max_length=64)
    scopes = models.JSONField(default=list)
    rate_limit_per_minute = models.PositiveIntegerField(default=60000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key})"


class Statement(models.Model):
    """One statement exactly as stored (``payload``), plus the columns the queries filter on.

    The administration has no index of its own here nor on the index rows below: every composite
    index starts with it, and each extra index is one more B-tree insert per statement on ingest.
    """

    administration = models.ForeignKey(
        "tenancy.Administration", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    client = models.ForeignKey(LrsClient, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    statement_id = models.UUIDField()
    payload = models.TextField()
    actor_ifi = models.CharField(max_length=600)
    verb_iri = models.CharField(max_length=600)
    activity_iri = models.CharField(max_length=600, blank=True)
    ref_statement_id = models.UUIDField(null=True, blank=True)
    registration = models.UUIDField(null=True, blank=True)
    timestamp = models.DateTimeField()
    stored = models.DateTimeField()
    voided = models.BooleanField(default=False)
    has_attachments = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["administration", "statement_id"], name="lrs_statement_id_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["administration", "stored", "id"], name="lrs_st_stored"),
            models.Index(fields=["administration", "verb_iri", "stored"], name="lrs_st_verb"),
            models.Index(fields=["administration", "activity_iri", "stored"], name="lrs_st_activity"),
            models.Index(fields=["administration", "registration", "stored"], name="lrs_st_registration"),
            models.Index(fields=["administration", "ref_statement_id"], name="lrs_st_ref"),
        ]

    def __str__(self) -> str:
        return str(self.statement_id)


class StatementAgent(models.Model):
    """An agent a statement mentions; ``direct`` for the actor and an agent object (the plain agent filter).

    ``stored`` repeats the statement's (statements are immutable), so that an agent query walks one
    index newest first and stops after a page instead of sorting every statement of the agent.
    """

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="+")
    administration = models.ForeignKey(
        "tenancy.Administration", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    ifi = models.CharField(max_length=600)
    direct = models.BooleanField(default=False)
    stored = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(
                fields=["administration", "ifi", "stored", "statement", "direct"], name="lrs_sa_ifi_stored"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ifi} ({'direct' if self.direct else 'related'})"


class StatementActivity(models.Model):
    """An activity a statement mentions; ``direct`` for the object (the plain activity filter).

    ``stored`` repeats the statement's, for the same newest-first index walk as ``StatementAgent``.
    """

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="+")
    administration = models.ForeignKey(
        "tenancy.Administration", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    iri = models.CharField(max_length=600)
    direct = models.BooleanField(default=False)
    stored = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(
                fields=["administration", "iri", "stored", "statement", "direct"], name="lrs_sact_iri_stored"
            )
        ]

    def __str__(self) -> str:
        return f"{self.iri} ({'direct' if self.direct else 'related'})"


class Attachment(models.Model):
    """Raw attachment content, addressed by its SHA-2 within one administration."""

    administration = models.ForeignKey("tenancy.Administration", on_delete=models.CASCADE, related_name="+")
    sha2 = models.CharField(max_length=128)
    content_type = models.CharField(max_length=255)
    content = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["administration", "sha2"], name="lrs_attachment_sha2_unique")
        ]

    def __str__(self) -> str:
        return self.sha2


class ActivityDefinition(models.Model):
    """The canonical definition of an activity as the LRS knows it (the activities resource)."""

    administration = models.ForeignKey("tenancy.Administration", on_delete=models.CASCADE, related_name="+")
    iri = models.CharField(max_length=600)
    definition = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["administration", "iri"], name="lrs_activity_unique")]

    def __str__(self) -> str:
        return self.iri


class Document(models.Model):
    """A state, activity profile or agent profile document."""

    class Kind(models.TextChoices):
        STATE = "state", _("State")
        ACTIVITY_PROFILE = "activity_profile", _("Activity profile")
        AGENT_PROFILE = "agent_profile", _("Agent profile")

    administration = models.ForeignKey("tenancy.Administration", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    activity_iri = models.CharField(max_length=600, blank=True)
    agent_ifi = models.CharField(max_length=600, blank=True)
    registration = models.CharField(max_length=36, blank=True)
    doc_id = models.CharField(max_length=600)
    content = models.BinaryField()
    content_type = models.CharField(max_length=255)
    etag = models.CharField(max_length=64)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["administration", "kind", "activity_iri", "agent_ifi", "registration", "doc_id"],
                name="lrs_document_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.doc_id}"


class OutboxEntry(models.Model):
    """A stored statement waiting to be turned into progress and evidence, processed exactly once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPLIED = "applied", _("Applied")
        UNMATCHED = "unmatched", _("Kept: unknown officer or activity")
        IGNORED = "ignored", _("Nothing to do")

    statement = models.OneToOneField(Statement, on_delete=models.CASCADE, related_name="outbox")
    administration = models.ForeignKey("tenancy.Administration", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(max_length=300, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "id"], name="lrs_outbox_status")]

    def __str__(self) -> str:
        return f"{self.statement_id} {self.status}"


class ModuleProgress(models.Model):
    """An officer's progress on a catalogue module, fed by xAPI statements."""

    administration = models.ForeignKey("tenancy.Administration", on_delete=models.CASCADE, related_name="+")
    officer = models.ForeignKey("people.Officer", on_delete=models.CASCADE, related_name="module_progress")
    module = models.ForeignKey("catalogue.Module", on_delete=models.CASCADE, related_name="+")
    completed = models.BooleanField(default=False)
    passed = models.BooleanField(null=True)
    score_scaled = models.FloatField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    last_statement = models.ForeignKey(Statement, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["officer", "module"], name="lrs_progress_unique"),
            models.CheckConstraint(
                name="lrs_progress_score_range",
                condition=Q(score_scaled__isnull=True) | Q(score_scaled__gte=-1, score_scaled__lte=1),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer_id}/{self.module_id} completed={self.completed}"


class ScoreBand(models.Model):
    """A score band of an activity mapped to the competency level its evidence records."""

    administration = models.ForeignKey("tenancy.Administration", on_delete=models.CASCADE, related_name="+")
    activity_iri = models.CharField(max_length=600)
    competency = models.ForeignKey("competencies.Competency", on_delete=models.CASCADE, related_name="+")
    min_scaled = models.FloatField()
    level = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["activity_iri", "competency", "-min_scaled"]
        constraints = [
            models.CheckConstraint(name="lrs_band_range", condition=Q(min_scaled__gte=-1, min_scaled__lte=1)),
            models.CheckConstraint(name="lrs_band_level_positive", condition=Q(level__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.activity_iri} ≥ {self.min_scaled} → {self.level}"


class LaunchCredential(models.Model):
    """A session-bound credential for content launched by the LMS (the cmi5 auth-token).

    It speaks for one actor in one registration and one launch session only, through the
    administration's launch client; the token's secret is kept as an HMAC digest like a client's.
    """

    client = models.ForeignKey(LrsClient, on_delete=models.CASCADE, related_name="+")
    administration = models.ForeignKey("tenancy.Administration", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=40, unique=True)
    secret_digest = models.CharField(max_length=64)
    actor = models.JSONField()
    actor_ifi = models.CharField(max_length=600)
    registration = models.UUIDField()
    activity_iri = models.CharField(max_length=600)
    session_id = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"launch {self.session_id}"
