"""Managers set the worked weekdays, the country and closures; refusals name the field and store nothing."""

import datetime as dt

import pytest

from cadre.calendars.models import Closure, WorkingCalendar
from cadre.calendars.selectors import closure_get_for_user
from cadre.calendars.services import closure_add, closure_remove, working_calendar_update
from cadre.core.audit import AuditEvent
from cadre.core.errors import DomainError, NotFound

pytestmark = pytest.mark.django_db


def test_update_stores_and_audits(world):
    calendar = working_calendar_update(
        actor=world.a.tm,
        administration=world.a.administration,
        country="JP",
        subdivision="",
        weekdays=[5, 1, 2, 3, 4],
    )
    assert (calendar.country, calendar.weekdays) == ("JP", "12345")
    working_calendar_update(
        actor=world.a.tm, administration=world.a.administration, country="JP", weekdays="123456"
    )
    assert WorkingCalendar.objects.get(administration=world.a.administration).weekdays == "123456"
    assert AuditEvent.objects.filter(entity_type="calendars.workingcalendar").count() == 2


@pytest.mark.parametrize(
    ("kwargs", "code", "field"),
    [
        ({"country": "XX"}, "calendar.country_unknown", "country"),
        ({"country": "JP", "subdivision": "ZZ"}, "calendar.subdivision_unknown", "subdivision"),
        ({"country": "JP", "weekdays": ""}, "calendar.weekdays_invalid", "weekdays"),
        ({"country": "JP", "weekdays": "1238"}, "calendar.weekdays_invalid", "weekdays"),
    ],
)
def test_update_refusals_name_the_field_and_store_nothing(world, kwargs, code, field):
    with pytest.raises(DomainError) as caught:
        working_calendar_update(actor=world.a.tm, administration=world.a.administration, **kwargs)
    assert (caught.value.code, caught.value.field) == (code, field)
    assert not WorkingCalendar.objects.exists()


def test_only_managers_of_the_administration_write(world):
    for actor in (world.a.learner, world.b.tm):
        with pytest.raises(NotFound):
            working_calendar_update(actor=actor, administration=world.a.administration, country="JP")
        with pytest.raises(NotFound):
            closure_add(
                actor=actor,
                administration=world.a.administration,
                name="X",
                starts_on=dt.date(2027, 1, 1),
                ends_on=dt.date(2027, 1, 1),
            )
    assert not WorkingCalendar.objects.exists()
    assert not Closure.objects.exists()


@pytest.mark.parametrize(
    ("name", "starts_on", "ends_on", "kind", "code"),
    [
        ("", dt.date(2027, 1, 1), dt.date(2027, 1, 2), "closure", "closure.name_required"),
        ("X", dt.date(2027, 1, 2), dt.date(2027, 1, 1), "closure", "closure.dates_invalid"),
        ("X", dt.date(2027, 1, 1), dt.date(2028, 6, 1), "closure", "closure.dates_invalid"),
        ("X", dt.date(2027, 1, 1), dt.date(2027, 1, 1), "holiday", "closure.kind_invalid"),
    ],
)
def test_closure_refusals(world, name, starts_on, ends_on, kind, code):
    with pytest.raises(DomainError) as caught:
        closure_add(
            actor=world.a.tm,
            administration=world.a.administration,
            name=name,
            starts_on=starts_on,
            ends_on=ends_on,
            kind=kind,
        )
    assert caught.value.code == code
    assert not Closure.objects.exists()


def test_a_closure_is_removed_by_its_manager_only(world):
    closure = closure_add(
        actor=world.a.tm,
        administration=world.a.administration,
        name="Peak",
        starts_on=dt.date(2027, 8, 1),
        ends_on=dt.date(2027, 8, 20),
        kind="peak",
    )
    with pytest.raises(NotFound):
        closure_get_for_user(actor=world.b.tm, closure_id=closure.pk)
    with pytest.raises(NotFound):
        closure_remove(actor=world.b.tm, closure=closure)
    closure_remove(actor=world.a.tm, closure=closure_get_for_user(actor=world.a.tm, closure_id=closure.pk))
    assert not Closure.objects.exists()
