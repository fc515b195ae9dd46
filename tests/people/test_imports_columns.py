"""Cell parsers: dates, yes/no, languages, headers."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadre.people.imports import columns as col
from cadre.people.imports.files import CellError, Formula

DATES = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2025, 12, 31))


@given(DATES)
def test_every_supported_date_spelling_parses_to_the_same_day(date):
    # given one day written the ways HR systems and people write it
    spellings = [
        date.isoformat(),
        f"{date:%Y/%m/%d}",
        f"{date:%Y%m%d}",
        f"{date:%d.%m.%Y}",
        f"{date.year}年{date.month}月{date.day}日",
        f"{date.day} {date:%B} {date.year}",
        f"{date.day}-{date:%b}-{date.year}",
        f"{date:%b} {date.day}, {date.year}",
        f"{date.isoformat()}T00:00:00Z",
        f"{date.isoformat()} 00:00",
        dt.datetime.combine(date, dt.time(9, 30)),
    ]
    # when parsed, then each gives the day back
    assert {col.parse_date(s) for s in spellings} == {date}


@given(DATES)
def test_slash_dates_follow_the_column_order(date):
    # given a slash date in a column known to be day-first, or month-first
    day_first, month_first = f"{date:%d/%m/%Y}", f"{date:%m/%d/%Y}"
    # when parsed with the column's order, then the day comes back
    assert col.parse_date(day_first, day_first=True) == date
    assert col.parse_date(month_first, day_first=False) == date


def test_column_order_is_inferred_from_unambiguous_values():
    # given columns whose values reveal their order, or do not
    assert col.infer_day_first(["01/02/2015", "25/12/2016", None]) is True
    assert col.infer_day_first(["01/02/2015", "12/25/2016"]) is False
    assert col.infer_day_first(["01/02/2015", "2016-01-01"]) is None
    assert col.infer_day_first(["25/12/2016", "12/25/2016"]) is None  # contradictory: decide per value
    # and an ambiguous value in an undecided column is refused, an unambiguous one is not
    with pytest.raises(col.CellValueError, match="ambiguous"):
        col.parse_date("01/02/2015")
    assert col.parse_date("25/12/2016") == dt.date(2016, 12, 25)
    assert col.parse_date("05/05/2016") == dt.date(2016, 5, 5)


def test_numbers_in_date_columns():
    # given an Excel serial day and a yyyymmdd number
    assert col.parse_date(42095) == dt.date(2015, 4, 1)
    assert col.parse_date(20150401) == dt.date(2015, 4, 1)
    assert col.parse_date(None) is None
    assert col.parse_date("  ") is None
    with pytest.raises(col.CellValueError):
        col.parse_date(True)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("yes", True),
        ("No", False),
        ("TRUE", True),
        ("false", False),
        ("1", True),
        ("0", False),
        (1, True),
        (0.0, False),
        (True, True),
        ("", True),
        (None, True),
        ("Inactive", False),
        ("ｙｅｓ", True),
    ],
)
def test_active_values(value, expected):
    assert col.parse_active(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("en", ["en"]),
        ("ja, en", ["ja", "en"]),
        ("JA;EN;ja", ["ja", "en"]),
        ("en-GB th_TH", ["en", "th"]),
        ("", []),
        (None, []),
    ],
)
def test_language_lists(value, expected):
    assert col.parse_languages(value) == expected


def test_special_cells_are_refused():
    with pytest.raises(col.CellValueError, match="formula not allowed"):
        col.parse_text(Formula("=A1"), name="grade")
    with pytest.raises(col.CellValueError, match="#N/A"):
        col.parse_text(CellError("#N/A"), name="grade")


def test_numbers_as_text_lose_their_float_tail():
    assert col.parse_text(12345.0, name="employee_number") == "12345"
    assert col.parse_text(dt.datetime(2015, 4, 1), name="grade") == "2015-04-01"


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Employee No.", "employee_number"),
        ("EMPLOYEE_NUMBER", "employee_number"),
        ("staff id", "employee_number"),
        ("First Name", "given_name"),
        ("Surname", "family_name"),
        ("E-mail", "email"),
        ("Org Unit Code", "org_unit"),
        ("Reports To", "supervisor"),
        ("Hire Date", "service_start"),
        ("職員番号", "employee_number"),
    ],
)
def test_header_aliases(header, field):
    assert col.HEADER_FIELDS[col.header_key(header)] == field
