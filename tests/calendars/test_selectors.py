"""Which days a session may use: weekends, the country's public holidays, closures and peak seasons."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadre.calendars.selectors import (
    CalendarRules,
    ClosureSpan,
    calendar_for_user,
    calendar_rules,
    country_for_time_zone,
    days_off,
    working_days,
)
from cadre.calendars.services import closure_add, working_calendar_update
from cadre.core.errors import NotFound

pytestmark = pytest.mark.django_db


def _rules(**kw) -> CalendarRules:
    base = {
        "administration_id": 1,
        "country": "JP",
        "subdivision": "",
        "weekdays": (1, 2, 3, 4, 5),
        "closures": (),
        "configured": True,
    }
    return CalendarRules(**(base | kw))


def test_japanese_holidays_of_2027_are_days_off_with_their_names():
    # Given Japan's calendar / when January 2027 is read in Japanese and in English
    off_ja = days_off(_rules(), dt.date(2027, 1, 1), dt.date(2027, 1, 31), language="ja")
    off_en = days_off(_rules(), dt.date(2027, 1, 1), dt.date(2027, 1, 31), language="en")
    # Then Coming of Age Day (second Monday) is a holiday, named in the viewer's language
    assert off_ja[dt.date(2027, 1, 11)].reason == "holiday"
    assert off_ja[dt.date(2027, 1, 11)].name == "成人の日"
    assert off_en[dt.date(2027, 1, 11)].name == "Coming of Age Day"
    # and the weekends are off, the ordinary Tuesday is not
    assert off_en[dt.date(2027, 1, 9)].reason == "weekend"
    assert dt.date(2027, 1, 12) not in off_en


def test_a_closure_is_named_before_the_holiday_it_covers():
    closures = (
        ClosureSpan(dt.date(2026, 12, 29), dt.date(2027, 1, 3), "closure", "Year-end closure"),
        ClosureSpan(dt.date(2027, 3, 15), dt.date(2027, 3, 31), "peak", "Spring travel peak"),
    )
    off = days_off(_rules(closures=closures), dt.date(2026, 12, 28), dt.date(2027, 3, 31), language="en")
    assert off[dt.date(2027, 1, 1)].reason == "closure"  # New Year's Day, inside the closure
    assert off[dt.date(2027, 1, 1)].name == "Year-end closure"
    assert off[dt.date(2027, 3, 16)].reason == "peak"
    assert dt.date(2026, 12, 28) not in off  # a Monday before the closure


def test_a_six_day_week_and_no_country():
    rules = _rules(country="", weekdays=(1, 2, 3, 4, 5, 6))
    days = working_days(rules, dt.date(2027, 1, 4), dt.date(2027, 1, 10))
    assert [d.isoweekday() for d in days] == [1, 2, 3, 4, 5, 6]


@settings(max_examples=40, deadline=None)
@given(
    start=st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2029, 12, 1)),
    length=st.integers(min_value=0, max_value=60),
    weekdays=st.sets(st.integers(min_value=1, max_value=7), min_size=1),
)
def test_working_days_and_days_off_partition_the_range(start, length, weekdays):
    rules = _rules(weekdays=tuple(sorted(weekdays)))
    end = start + dt.timedelta(days=length)
    work = working_days(rules, start, end)
    off = days_off(rules, start, end)
    assert len(work) + len(off) == length + 1
    assert not set(work) & set(off)
    assert all(d.isoweekday() in weekdays for d in work)


def test_defaults_come_from_the_time_zone_until_the_manager_sets_them(world):
    # Given Alpha (Asia/Tokyo) without a stored calendar
    rules = calendar_rules(administration=world.a.administration)
    assert (rules.country, rules.weekdays, rules.configured) == ("JP", (1, 2, 3, 4, 5), False)
    assert country_for_time_zone("Etc/UTC") == ""
    # When its manager stores a calendar and a closure
    working_calendar_update(
        actor=world.a.tm, administration=world.a.administration, country="jp", weekdays="123456"
    )
    closure_add(
        actor=world.a.tm,
        administration=world.a.administration,
        name="Year end",
        starts_on=dt.date(2026, 12, 29),
        ends_on=dt.date(2027, 1, 3),
    )
    # Then the rules read them back
    rules = calendar_rules(administration=world.a.administration)
    assert (rules.country, rules.weekdays, rules.configured) == ("JP", (1, 2, 3, 4, 5, 6), True)
    assert [c.name for c in rules.closures] == ["Year end"]


def test_members_read_their_calendar_and_a_foreign_one_is_not_found(world):
    administration, rules = calendar_for_user(
        actor=world.a.learner, administration_id=world.a.administration.pk
    )
    assert administration == world.a.administration
    assert rules.country == "JP"
    with pytest.raises(NotFound):
        calendar_for_user(actor=world.b.tm, administration_id=world.a.administration.pk)


def test_reading_a_calendar_costs_two_queries_whatever_the_closures(world, django_assert_num_queries):
    for month in range(1, 11):
        closure_add(
            actor=world.a.tm,
            administration=world.a.administration,
            name=f"C{month}",
            starts_on=dt.date(2027, month, 1),
            ends_on=dt.date(2027, month, 2),
        )
    with django_assert_num_queries(2):
        rules = calendar_rules(administration=world.a.administration)
    assert len(rules.closures) == 10
