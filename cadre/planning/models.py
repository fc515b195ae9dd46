"""Annual training plans: inputs (budget, caps, instructor capacity), solved decisions and locks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AnnualPlan(models.Model):
    """One year's plan of an administration, built from a needs snapshot."""

    class PeriodKind(models.TextChoices):
        QUARTER = "quarter", _("Quarter")
        MONTH = "month", _("Month")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SOLVED = "solved", _("Solved")
        FAILED = "failed", _("Failed")

    administration = models.ForeignKey(
        "tenancy.Administration", on_delete=models.CASCADE, related_name="annual_plans"
    )
    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    period_kind = models.CharField(
        _("periods"), max_length=8, choices=PeriodKind.choices, default=PeriodKind.QUARTER
    )
    budget = models.DecimalField(_("budget"), max_digits=14, decimal_places=2)
    officer_day_cap = models.DecimalField(
        _("training days per officer"), max_digits=5, decimal_places=1, default=10
    )
    snapshot = models.ForeignKey(
        "needs.GapSnapshot",
        on_delete=models.PROTECT,
        related_name="annual_plans",
        verbose_name=_("needs snapshot"),
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    time_limit = models.PositiveSmallIntegerField(_("solver time limit (s)"), default=30)
    result = models.JSONField(default=dict, blank=True)
    scenarios = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    solved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(name="plan_budget_non_negative", condition=Q(budget__gte=0)),
            models.CheckConstraint(name="plan_day_cap_positive", condition=Q(officer_day_cap__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    @property
    def periods(self) -> int:
        return 12 if self.period_kind == self.PeriodKind.MONTH else 4


class UnitBudget(models.Model):
    """An optional budget for the per-participant costs of one org unit's officers."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="unit_budgets")
    org_unit = models.ForeignKey("tenancy.OrgUnit", on_delete=models.CASCADE, related_name="+")
    amount = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "org_unit"], name="unit_budget_unique"),
            models.CheckConstraint(name="unit_budget_non_negative", condition=Q(amount__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.org_unit_id}: {self.amount}"


class InstructorCapacity(models.Model):
    """Instructor-days available for a qualification in one period (derived or entered)."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="capacities")
    qualification = models.CharField(max_length=80)
    period = models.PositiveSmallIntegerField()
    days = models.DecimalField(max_digits=8, decimal_places=1)
    entered = models.BooleanField(default=False, help_text=_("Entered by hand rather than derived"))

    class Meta:
        ordering = ["qualification", "period"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "qualification", "period"], name="capacity_unique"),
            models.CheckConstraint(name="capacity_days_non_negative", condition=Q(days__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.qualification} P{self.period + 1}: {self.days}"


class PlannedSession(models.Model):
    """Sessions of one course in one period; locked rows are kept when the plan is solved again."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="sessions")
    course = models.ForeignKey("catalogue.Course", on_delete=models.CASCADE, related_name="+")
    period = models.PositiveSmallIntegerField()
    count = models.PositiveSmallIntegerField(default=1)
    participants = models.PositiveIntegerField(default=0)
    cost = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    locked = models.BooleanField(default=False)

    class Meta:
        ordering = ["period", "course__code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "course", "period"], name="planned_session_unique")
        ]

    def __str__(self) -> str:
        return f"{self.course_id} P{self.period + 1} x{self.count}"


class PlannedAssignment(models.Model):
    """One officer attending one course in one period."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="assignments")
    officer = models.ForeignKey("people.Officer", on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey("catalogue.Course", on_delete=models.CASCADE, related_name="+")
    period = models.PositiveSmallIntegerField()
    value = models.FloatField(default=0)
    locked = models.BooleanField(default=False)

    class Meta:
        ordering = ["period", "officer_id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "officer", "course"], name="planned_assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.officer_id} -> {self.course_id} P{self.period + 1}"


class PublishedSession(models.Model):
    """A delivery session created when a plan was published: the (course, period, index) it stands for.

    Publishing again skips the rows already here, so a plan is published at most once per session.
    """

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="published")
    course = models.ForeignKey("catalogue.Course", on_delete=models.CASCADE, related_name="+")
    period = models.PositiveSmallIntegerField()
    index = models.PositiveSmallIntegerField()
    session = models.ForeignKey("delivery.Session", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["period", "course_id", "index"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "course", "period", "index"], name="published_session_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.course_id} P{self.period + 1} #{self.index + 1} -> {self.session_id}"


class PlanRun(models.Model):
    """One background solve (or scenario sweep, or reproduction) of a plan: progress, cancel, inputs.

    The solver's input is stored with the result (``problem``: the ``Problem`` as JSON, compressed
    when large; see ``problem_io``) together with the solver version, seed and time limit, so a run
    can be solved again and compared.
    """

    class Kind(models.TextChoices):
        SOLVE = "solve", _("Solve")
        SCENARIOS = "scenarios", _("Scenarios")
        REPRODUCE = "reproduce", _("Reproduction")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        CANCELLED = "cancelled", _("Cancelled")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="runs")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SOLVE)
    source = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reproductions"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    phase = models.CharField(max_length=40, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    messages = models.JSONField(default=list, blank=True)
    cancel_requested = models.BooleanField(default=False)
    error = models.TextField(blank=True)
    time_limit = models.FloatField()
    seed = models.IntegerField()
    solver_version = models.CharField(max_length=120, blank=True)
    problem = models.BinaryField(null=True, blank=True)
    problem_sha256 = models.CharField(max_length=64, blank=True)
    result = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(name="plan_run_progress_range", condition=Q(progress__lte=100)),
            models.CheckConstraint(name="plan_run_time_limit_positive", condition=Q(time_limit__gt=0)),
            # one active run per plan: two solves racing would overwrite each other's decisions
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(status__in=["queued", "running"]),
                name="plan_run_one_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} of plan {self.plan_id}: {self.status}"

    @property
    def active(self) -> bool:
        return self.status in self.ACTIVE
