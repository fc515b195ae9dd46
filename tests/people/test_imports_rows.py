"""Row validation: every kind of bad row is reported on its line with its reason, and blocks apply."""

import pytest

from cadre.core.errors import DomainError
from cadre.people.imports import officer_import_apply, officer_import_preview
from cadre.people.models import Officer
from tests.people.imports_support import (  # noqa: F401 (fixture)
    HEADER,
    csv_bytes,
    data_file,
    fast_password_hashing,
    officer_row,
)


def _preview(world, content):
    return officer_import_preview(
        actor=world.a.tm, administration=world.a.administration, filename="rows.csv", content=content
    )


def test_every_bad_row_kind_in_the_sample_file(world):
    # given the sample file with one good row and one bad row of each kind
    # when previewed
    plan = _preview(world, data_file("officers_bad_rows.csv"))
    # then each bad row is reported on its line, and only the good row would be created
    assert [(e.line, e.field, e.reason) for e in plan.errors] == [
        (3, "given_name", "required"),
        (4, "email", "not a valid email address: not-an-email"),
        (5, "org_unit", "unknown org unit code b-CH1"),
        (6, "service_start", "not a valid date: 2015-02-30"),
        (7, "languages", "unknown language code xx (use ISO 639-1 codes such as en, ja)"),
        (8, "supervisor", "no officer Z-9999 in this administration or in the file"),
        (9, "employee_number", "A-3001 already appears on line 2"),
        (10, "supervisor", "an officer cannot supervise themself"),
        (11, "active", "expected yes or no, found maybe"),
    ]
    assert [c.employee_number for c in plan.creates] == ["A-3001"]
    assert plan.total_rows == 10
    assert plan.error_lines == list(range(3, 12))


def test_apply_of_the_sample_file_raises_one_field_error_per_problem(world):
    # given the sample file with bad rows
    count = Officer.objects.count()
    # when applied
    with pytest.raises(DomainError) as raised:
        officer_import_apply(
            actor=world.a.tm,
            administration=world.a.administration,
            filename="rows.csv",
            content=data_file("officers_bad_rows.csv"),
        )
    # then errors name "row N.column", and not even the good row was stored
    fields = [e.field for e in raised.value.errors]
    assert fields[:3] == ["row 3.given_name", "row 4.email", "row 5.org_unit"]
    assert len(fields) == 9
    assert "9 rows" in raised.value.detail
    assert Officer.objects.count() == count


@pytest.mark.parametrize(
    ("overrides", "field", "reason"),
    [
        ({"family_name": "   "}, "family_name", "required"),
        ({"org_unit": ""}, "org_unit", "required"),
        ({"position": "b-EXAM"}, "position", "unknown position code b-EXAM"),
        ({"service_start": "1899-01-01"}, "service_start", "implausible date 1899-01-01"),
        ({"service_start": "2999-01-01"}, "service_start", "implausible date 2999-01-01"),
        ({"service_start": "yesterday"}, "service_start", "not a date: yesterday (use YYYY-MM-DD)"),
        ({"service_start": "03/04/2015"}, "service_start", "ambiguous date 03/04/2015"),
        ({"given_name": "x" * 121}, "given_name", "longer than 120 characters"),
        ({"given_name": "Evil\u202eeman"}, "given_name", "contains control characters"),
        ({"family_name": "Line\nBreak"}, "family_name", "contains control characters"),
        ({"email": "a@b@c"}, "email", "not a valid email address: a@b@c"),
        ({"languages": "en, klingon"}, "languages", "unknown language code klingon"),
    ],
)
def test_bad_values_are_reported_on_their_line(world, overrides, field, reason):
    # given one good row and one row with a bad value
    content = csv_bytes([HEADER, officer_row("N-1"), officer_row("N-2", **overrides)])
    # when previewed
    plan = _preview(world, content)
    # then the bad value is reported on line 3 only
    [error] = plan.errors
    assert (error.line, error.field) == (3, field)
    assert error.reason.startswith(reason)
    assert [c.employee_number for c in plan.creates] == ["N-1"]


def test_mangled_employee_numbers_are_refused(world):
    # given an employee number Excel turned into scientific notation
    content = csv_bytes([HEADER, officer_row("1.23457E+11")])
    # when previewed, then the row explains how to fix the export
    [error] = _preview(world, content).errors
    assert error.field == "employee_number"
    assert "format the column as text" in error.reason


def test_foreign_codes_are_unknown_even_for_existing_officers(world):
    # given an existing Alpha officer moved to a unit and position code that exist only in Beta
    officer = world.a.officers[0]
    content = csv_bytes(
        [["employee_number", "org_unit", "position"], [officer.employee_number, "b-HQ", "b-EXAM"]]
    )
    # when previewed
    plan = _preview(world, content)
    # then both codes are unknown (never matched to Beta's) and nothing would change
    assert [(e.field, e.reason) for e in plan.errors] == [
        ("org_unit", "unknown org unit code b-HQ"),
        ("position", "unknown position code b-EXAM"),
    ]
    assert plan.updates == []


def test_supervisor_in_another_administration_is_unknown(world):
    # given a supervisor who is a Beta officer
    beta_officer = world.b.officers[0]
    content = csv_bytes([HEADER, officer_row("N-1", supervisor=beta_officer.employee_number)])
    # when previewed, then the supervisor is not found in this administration
    [error] = _preview(world, content).errors
    assert error.field == "supervisor"
    assert error.reason.startswith(f"no officer {beta_officer.employee_number}")


def test_a_loop_through_existing_officers_is_refused(world):
    # given Alpha officers x <- y (y supervised by x) already stored
    x, y = world.a.officers[1], world.a.officers[2]
    y.supervisor = x
    y.save(update_fields=["supervisor"])
    # when a file makes x report to y
    content = csv_bytes([["employee_number", "supervisor"], [x.employee_number, y.employee_number]])
    [error] = _preview(world, content).errors
    # then the loop is named
    assert error.field == "supervisor"
    assert f"{x.employee_number} → {y.employee_number} → {x.employee_number}" in error.reason


def test_new_officers_need_names_and_unit_columns(world):
    # given a file with only employee numbers and emails, one existing officer and one new
    existing = world.a.officers[0]
    content = csv_bytes(
        [
            ["employee_number", "email"],
            [existing.employee_number, "x@alpha.example"],
            ["N-1", "n@alpha.example"],
        ]
    )
    # when previewed
    plan = _preview(world, content)
    # then the existing officer's email would be updated and the new row lacks required columns
    assert [u.employee_number for u in plan.updates] == [existing.employee_number]
    assert [(e.line, e.field) for e in plan.errors] == [
        (3, "given_name"),
        (3, "family_name"),
        (3, "org_unit"),
    ]


def test_extra_cells_beyond_the_header_are_ignored_with_a_warning(world):
    # given a row with a value under no column
    content = csv_bytes([HEADER, [*officer_row("N-1"), "stray"]])
    # when previewed
    plan = _preview(world, content)
    # then the row is valid and the stray value is mentioned
    assert plan.errors == []
    assert any("line" in w and "2" in w for w in plan.warnings)


def test_plan_as_dict_is_json_ready(world):
    # given a valid file
    content = csv_bytes([HEADER, officer_row("N-1")])
    # when previewed and serialised
    data = _preview(world, content).as_dict()
    # then dates are ISO strings and before/after are pairs
    assert data["creates"][0]["changes"]["service_start"] == [None, "2015-04-01"]
    assert data["total_rows"] == 1
    assert data["errors"] == []
