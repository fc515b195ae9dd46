"""Gap-engine settings per administration, and stored runs of the engine (snapshots)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NeedsSettings(models.Model):
    """The weights of the priority score (see cadre.needs.engine); defaults apply when absent."""

    class RelevanceMode(models.TextChoices):
        SUM = "sum", _("Sum over objectives")
        MAX = "max", _("Strongest objective")

    administration = models.OneToOneField(
        "tenancy.Administration", on_delete=models.CASCADE, related_name="needs_settings"
    )
    weight_gap = models.FloatField(_("weight of the gap"), default=1.0)
    weight_criticality = models.FloatField(_("weight of criticality"), default=0.5)
    weight_strategy = models.FloatField(_("weight of strategic relevance"), default=1.0)
    relevance_mode = models.CharField(
        _("strategic relevance"), max_length=3, choices=RelevanceMode.choices, default=RelevanceMode.SUM
    )

    class Meta:
        verbose_name_plural = "needs settings"
        constraints = [
            models.CheckConstraint(
                name="needs_settings_weights_non_negative",
                condition=Q(weight_gap__gte=0, weight_criticality__gte=0, weight_strategy__gte=0),
            )
        ]

    def __str__(self) -> str:
        return f"Needs settings of {self.administration_id}"


class GapSnapshot(models.Model):
    """One run of the gap engine: a fixed, reproducible picture that plans and reports refer to."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    administration = models.ForeignKey(
        "tenancy.Administration", on_delete=models.CASCADE, related_name="gap_snapshots"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    parameters = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text=_("Percent done."))
    totals = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["administration", "status", "-created_at"])]
        constraints = [
            models.CheckConstraint(name="gap_snapshot_progress_percent", condition=Q(progress__lte=100)),
        ]

    def __str__(self) -> str:
        return f"Gap snapshot {self.pk} ({self.created_at:%Y-%m-%d %H:%M})"


class GapSnapshotData(models.Model):
    """A snapshot's results, kept apart so listing snapshots never loads them.

    ``aggregates`` and ``officer_rows`` are uncompressed ``.npz`` archives (see cadre.needs.store):
    the heatmap reads one small archive, a drill-down reads the officer rows of one run.
    """

    snapshot = models.OneToOneField(
        GapSnapshot, on_delete=models.CASCADE, related_name="data", primary_key=True
    )
    dimensions = models.JSONField(default=dict)
    aggregates = models.BinaryField()
    officer_rows = models.BinaryField()

    def __str__(self) -> str:
        return f"Data of {self.snapshot_id}"
