"""Supply and demand of instructor-days per qualification; shortages first."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cadre.delivery.models import InstructorAvailability, Session
from cadre.delivery.supply import instructor_available_days, supply_demand
from tests.delivery.conftest import make_instructor, make_session

pytestmark = pytest.mark.django_db


# The `delivery` fixture's own session starts 30 days from now; the year counted here is two years
# ahead, so that session never falls into it, whatever the date.
def _far_year() -> int:
    return timezone.now().year + 2


def _year_session(course, month, **kw):
    start = dt.datetime(_far_year(), month, 10, 0, 0, tzinfo=dt.UTC)
    return make_session(course, start=start, room=f"R{month}", **kw)


def test_available_days_follow_ranges_and_cap(world):
    instructor = make_instructor(world.a.administration, max_days_per_year=300)
    assert instructor_available_days(instructor=instructor, year=2027) == 261  # weekdays of 2027
    InstructorAvailability.objects.create(
        instructor=instructor, starts_on=dt.date(2027, 3, 1), ends_on=dt.date(2027, 3, 31), available=True
    )
    InstructorAvailability.objects.create(
        instructor=instructor, starts_on=dt.date(2027, 3, 1), ends_on=dt.date(2027, 3, 5), available=False
    )
    assert instructor_available_days(instructor=instructor, year=2027) == 23 - 5
    instructor.max_days_per_year = 10
    assert instructor_available_days(instructor=instructor, year=2027) == 10


def test_shortage_visible_per_qualification(world, delivery):
    # given 2-day courses needing 2 instructors, 3 sessions in the far year, and one instructor with 5 days
    course = delivery.course
    course.instructors_per_session = 2
    course.save()
    delivery.instructor.max_days_per_year = 5
    delivery.instructor.save()
    for month in (2, 5, 9):
        _year_session(course, month)
    _year_session(course, 11, status=Session.Status.CANCELLED)
    # when the report runs with 4 extra days of demand and a qualification nobody holds
    rows = supply_demand(
        administration=world.a.administration,
        year=_far_year(),
        extra_demand={"RISK": Decimal(4), "VR-SIM": Decimal(6)},
    )
    # then RISK needs 3 x 2 x 2 + 4 = 16 days against 5, VR-SIM 6 against 0
    by_key = {r.key: r for r in rows}
    assert (by_key["RISK"].sessions, by_key["RISK"].needed_days, by_key["RISK"].available_days) == (3, 16, 5)
    assert by_key["RISK"].shortage
    assert by_key["VR-SIM"].instructors == 0
    assert all(r.shortage for r in rows)


def test_report_page(world, delivery, client_for):
    _year_session(delivery.course, 4)
    client = client_for(world.a.tm)
    response = client.get(reverse("delivery:supply_demand"), {"year": _far_year(), "extra": "RISK 3"})
    assert response.status_code == 200
    assert "RISK" in response.content.decode()
    bad = client.get(reverse("delivery:supply_demand"), {"year": _far_year(), "extra": "RISK lots"})
    assert bad.status_code == 400
