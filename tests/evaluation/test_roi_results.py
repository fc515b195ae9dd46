"""ROI of a programme and KPI results per unit, against hand-worked numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cadre.core.errors import DomainError
from cadre.delivery.models import Attendance
from cadre.evaluation.models import Programme
from cadre.evaluation.selectors import course_results, programme_roi
from cadre.evaluation.services.programmes import programme_benefit_add, programme_create
from cadre.evaluation.services.results import unit_kpi_measurements_import
from cadre.evaluation.services.settings import evaluation_settings_set
from cadre.strategy.models import KPI, KPIMeasurement, ObjectiveCompetency, StrategicObjective
from tests.evaluation.conftest import complete


def _programme(ev) -> Programme:
    today = dt.date.today()
    return programme_create(
        actor=ev.world.a.tm,
        administration=ev.world.a.administration,
        name="Valuation 2025",
        period_start=today - dt.timedelta(days=60),
        period_end=today,
        course_ids=[ev.course.pk],
    )


def test_programme_roi_by_hand(ev):
    # given a daily absence cost of 100, one 2-day course session (6 participants, 1 instructor)
    evaluation_settings_set(
        actor=ev.world.a.tm,
        administration=ev.world.a.administration,
        follow_up_weeks=12,
        reminder_after_days=7,
        daily_cost_of_absence="100",
    )
    # one participant's attendance was recorded: present one day only
    Attendance.objects.create(enrolment=ev.enrolments[0], day=ev.session.starts_at.date(), present=True)
    programme = _programme(ev)
    programme_benefit_add(
        actor=ev.world.a.tm,
        programme=programme,
        description="Fewer valuation errors",
        amount="9000",
        basis="30 errors x 300",
    )
    roi = programme_roi(programme=programme)
    s = roi.sessions[0]
    # session: 1000 + 50 x 6 = 1300; instructor: 2 days x 300 = 600; away: (1 + 5 x 2) days x 100 = 1100
    assert (s.session_cost, s.instructor_cost, s.absence_cost) == (Decimal(1300), Decimal(600), Decimal(1100))
    assert roi.roi.costs == Decimal(3000)
    # ROI = (9000 - 3000) / 3000 = 200 %, BCR = 3
    assert roi.roi.roi_percent == Decimal("200.0")
    assert roi.roi.benefit_cost_ratio == Decimal("3.00")


def test_programme_refuses_foreign_courses_and_bad_periods(ev):
    today = dt.date.today()
    with pytest.raises(DomainError) as exc:
        programme_create(
            actor=ev.world.a.tm,
            administration=ev.world.a.administration,
            name="x",
            period_start=today,
            period_end=today - dt.timedelta(days=1),
            course_ids=[ev.course_b.pk],
        )
    assert {e.field for e in exc.value.errors} == {"period_end", "courses"}
    assert not Programme.objects.exists()


def test_kpi_results_before_after_per_unit(ev):
    a = ev.world.a
    objective = StrategicObjective.objects.create(
        administration=a.administration,
        title="Accurate valuation",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2030, 1, 1),
    )
    ObjectiveCompetency.objects.create(
        objective=objective, competency=ev.world.competencies[0], relevance=0.8
    )
    kpi = KPI.objects.create(
        objective=objective, name="Valuation error rate", unit="%", baseline=10, target=5
    )
    trained_on = complete(ev.enrolments[0]).completed_on  # an officer of the port house
    d = trained_on
    KPIMeasurement.objects.create(kpi=kpi, measured_on=d - dt.timedelta(days=30), value=10)
    KPIMeasurement.objects.create(kpi=kpi, measured_on=d + dt.timedelta(days=1), value=8)
    rows = "\n".join(
        [
            "kpi_id,unit_code,measured_on,value",
            f"{kpi.pk},a-CH1,{d - dt.timedelta(days=30)},10",
            f"{kpi.pk},a-CH1,{d + dt.timedelta(days=1)},7",
            f"{kpi.pk},a-CH2,{d - dt.timedelta(days=30)},10",
            f"{kpi.pk},a-CH2,{d + dt.timedelta(days=1)},9.5",
        ]
    )
    assert unit_kpi_measurements_import(actor=a.tm, administration=a.administration, data=rows.encode()) == 4
    result = course_results(course=ev.course).kpis[0]
    assert result.relevance == 0.8
    assert (result.overall.before, result.overall.after) == (10, 8)
    trained, untrained = result.units
    assert trained.unit == a.house
    assert trained.trained_on == trained_on
    assert trained.change.change == -3
    assert untrained.trained_on is None
    assert untrained.change.change == pytest.approx(-0.5)
    assert result.difference == pytest.approx(-2.5)


def test_unit_kpi_import_names_bad_rows_and_keeps_nothing(ev):
    with pytest.raises(DomainError) as exc:
        unit_kpi_measurements_import(
            actor=ev.world.a.tm,
            administration=ev.world.a.administration,
            data=b"kpi_id,unit_code,measured_on,value\n999,b-CH1,2024-13-01,x\n",
        )
    assert {e.field for e in exc.value.errors} == {"row 2: kpi_id", "row 2: unit_code", "row 2: measured_on"}
