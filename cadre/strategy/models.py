"""Strategic objectives of an administration, their KPIs and the competencies that serve them."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class StrategicObjective(models.Model):
    """A goal of the administration's strategy for a period, weighted against the others."""

    administration = models.ForeignKey(
        "tenancy.Administration", on_delete=models.CASCADE, related_name="strategic_objectives"
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    priority_weight = models.FloatField(
        _("priority weight"),
        default=1.0,
        help_text=_("Relative weight of this objective, above 0 and at most 10."),
    )
    owner = models.CharField(
        _("owner"),
        max_length=200,
        blank=True,
        help_text=_("Who answers for the objective, e.g. a directorate."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-priority_weight", "title"]
        constraints = [
            models.CheckConstraint(
                name="objective_period_ordered", condition=Q(period_end__gte=F("period_start"))
            ),
            models.CheckConstraint(
                name="objective_priority_weight_range",
                condition=Q(priority_weight__gt=0, priority_weight__lte=10),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class KPI(models.Model):
    """A measurable indicator of an objective, moving from a baseline towards a target."""

    objective = models.ForeignKey(StrategicObjective, on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_('e.g. "%", "hours", "cases"'))
    baseline = models.FloatField(_("baseline"))
    target = models.FloatField(_("target"))

    class Meta:
        ordering = ["objective", "name"]
        verbose_name = "KPI"
        constraints = [
            models.UniqueConstraint(fields=["objective", "name"], name="kpi_name_unique_per_objective"),
        ]

    def __str__(self) -> str:
        return self.name


class KPIMeasurement(models.Model):
    kpi = models.ForeignKey(KPI, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("date"))
    value = models.FloatField(_("value"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kpi", "measured_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kpi", "measured_on"], name="kpi_measurement_unique_date"),
        ]

    def __str__(self) -> str:
        return f"{self.kpi} {self.measured_on}: {self.value}"


class ObjectiveCompetency(models.Model):
    """An objective needs a competency, with a relevance weight in (0, 1]."""

    objective = models.ForeignKey(
        StrategicObjective, on_delete=models.CASCADE, related_name="competency_links"
    )
    competency = models.ForeignKey(
        "competencies.Competency", on_delete=models.PROTECT, related_name="objective_links"
    )
    relevance = models.FloatField(_("relevance"), default=1.0)

    class Meta:
        ordering = ["objective", "-relevance", "competency__code"]
        constraints = [
            models.UniqueConstraint(fields=["objective", "competency"], name="objective_competency_unique"),
            models.CheckConstraint(
                name="objective_competency_relevance_range", condition=Q(relevance__gt=0, relevance__lte=1)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.objective} → {self.competency.code} ({self.relevance})"
