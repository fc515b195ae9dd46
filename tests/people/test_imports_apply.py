import datetime as dt
import unicodedata

import pytest

from cadre.core.errors import DomainError
from cadre.core.models import AuditEvent
from cadre.people.imports import officer_import_apply, officer_import_preview
from cadre.people.models import Officer
from tests.people.imports_support import (  # noqa: F401 (fixture)
    HEADER,
    csv_bytes,
    data_file,
    fast_password_hashing,
    officer_row,
    xlsx_bytes,
)
from tests.support.errors import NOT_FOUND


def _state(administration):
    """Everything an import could touch, to prove a refused one changed nothing."""
    return (
        sorted(Officer.objects.filter(administration=administration).values_list()),
        AuditEvent.objects.count(),
    )


def test_apply_creates_officers_with_names_in_any_script(world):
    # given the sample HR export with Japanese, Thai and Arabic names
    content = data_file("officers_comma.csv")
    # when Alpha's training manager applies it
    plan = officer_import_apply(
        actor=world.a.tm, administration=world.a.administration, filename="hr.csv", content=content
    )
    # then three officers exist, names intact, supervisors linked within the file
    assert [c.employee_number for c in plan.creates] == ["A-1001", "A-1002", "A-1003"]
    sato = Officer.objects.get(administration=world.a.administration, employee_number="A-1001")
    somchai = Officer.objects.get(employee_number="A-1002")
    layla = Officer.objects.get(employee_number="A-1003")
    assert (sato.given_name, sato.family_name) == ("花子", "佐藤")
    assert (somchai.given_name, somchai.family_name) == ("สมชาย", "วงศ์สกุล")
    assert (layla.given_name, layla.family_name) == ("ليلى", "الحسيني")
    assert somchai.supervisor == sato
    assert layla.supervisor == somchai
    assert sato.org_unit == world.a.hq
    assert sato.position == world.a.position
    assert sato.languages == ["ja", "en"]
    assert somchai.languages == ["th", "en"]
    assert somchai.service_start == dt.date(2018, 7, 15)
    assert layla.active is False
    assert layla.position is None
    # and each creation is audited with the final state (supervisor included)
    events = AuditEvent.objects.filter(entity_type="people.officer", action="create")
    assert events.count() == 3
    assert events.get(entity_id=str(layla.pk)).after["supervisor_id"] == somchai.pk


def test_reimporting_the_same_file_changes_nothing(world):
    # given an applied file
    content = data_file("officers_comma.csv")
    args = {"actor": world.a.tm, "administration": world.a.administration, "filename": "hr.csv"}
    officer_import_apply(content=content, **args)
    before = _state(world.a.administration)
    # when it is applied again
    plan = officer_import_apply(content=content, **args)
    # then nothing is created, updated or audited
    assert (len(plan.creates), len(plan.updates), plan.unchanged) == (0, 0, 3)
    assert _state(world.a.administration) == before


def test_apply_updates_changed_fields_and_audits_them(world):
    # given an existing Alpha officer
    officer = world.a.officers[1]
    header = ["Staff ID", "Email", "Org Unit", "Grade", "Active"]
    content = csv_bytes([header, [officer.employee_number, "new@alpha.example", "a-CH2", "G9", "no"]])
    # when a file changes their email, unit, grade and status
    plan = officer_import_apply(
        actor=world.a.admin, administration=world.a.administration, filename="u.csv", content=content
    )
    # then the officer is updated, the plan shows before/after, and one audit event records it
    officer.refresh_from_db()
    assert (officer.email, officer.org_unit, officer.grade, officer.active) == (
        "new@alpha.example",
        world.a.other_house,
        "G9",
        False,
    )
    [change] = plan.updates
    assert change.changes["org_unit"] == ("a-CH1", "a-CH2")
    assert change.changes["active"] == (True, False)
    assert "given_name" not in change.changes  # columns absent from the file are left alone
    event = AuditEvent.objects.get(entity_id=str(officer.pk), action="update")
    assert event.after["grade"] == "G9"
    assert event.actor == world.a.admin


def test_a_file_with_one_bad_row_stores_nothing(world):
    # given a file mixing good rows and one row with an unknown unit
    content = csv_bytes(
        [
            HEADER,
            officer_row("N-1"),
            officer_row("N-2", org_unit="NOWHERE"),
            officer_row(world.a.officers[1].employee_number, grade="G9"),
        ]
    )
    before = _state(world.a.administration)
    # when it is applied
    with pytest.raises(DomainError) as raised:
        officer_import_apply(
            actor=world.a.tm, administration=world.a.administration, filename="x.csv", content=content
        )
    # then the error names the row and column, and nothing was stored
    assert [(e.field, e.reason) for e in raised.value.errors] == [
        ("row 3.org_unit", "unknown org unit code NOWHERE")
    ]
    assert _state(world.a.administration) == before


def test_foreign_administrations_manager_gets_404_and_nothing_changes(world):
    # given Beta's training manager and a valid Alpha file
    content = csv_bytes([HEADER, officer_row("N-1")])
    before = _state(world.a.administration)
    # when they preview or apply it against Alpha
    for service in (officer_import_preview, officer_import_apply):
        with pytest.raises(NOT_FOUND):
            service(
                actor=world.b.tm, administration=world.a.administration, filename="x.csv", content=content
            )
    # then nothing changed
    assert _state(world.a.administration) == before


@pytest.mark.parametrize("persona", ["learner_a", "sup_a", "coordinator"])
def test_non_managers_get_404(world, persona):
    # given a user of Alpha (or the region) who is not a manager
    content = csv_bytes([HEADER, officer_row("N-1")])
    # when they try to import, then it is refused as if Alpha did not exist
    with pytest.raises(NOT_FOUND):
        officer_import_apply(
            actor=world.users[persona],
            administration=world.a.administration,
            filename="x.csv",
            content=content,
        )
    assert not Officer.objects.filter(employee_number="N-1").exists()


def test_supervisor_may_be_an_existing_officer_or_a_later_row(world):
    # given rows whose supervisors are an existing officer and a row further down
    boss = world.a.officers[2]
    content = csv_bytes(
        [
            HEADER,
            officer_row("N-1", supervisor="N-2"),
            officer_row("N-2", supervisor=boss.employee_number),
            officer_row(boss.employee_number, supervisor="N-2", given_name=boss.given_name),
        ]
    )
    # when applied
    with pytest.raises(DomainError) as raised:
        officer_import_apply(
            actor=world.a.tm, administration=world.a.administration, filename="x.csv", content=content
        )
    # then the loop boss -> N-2 -> boss is refused on both rows that form it
    assert {e.field for e in raised.value.errors} == {"row 3.supervisor", "row 4.supervisor"}
    # and without the loop, the chain is stored
    content = csv_bytes(
        [HEADER, officer_row("N-1", supervisor="N-2"), officer_row("N-2", supervisor=boss.employee_number)]
    )
    officer_import_apply(
        actor=world.a.tm, administration=world.a.administration, filename="x.csv", content=content
    )
    n1 = Officer.objects.get(employee_number="N-1")
    assert n1.supervisor.employee_number == "N-2"
    assert n1.supervisor.supervisor == boss


def test_existing_officer_may_report_to_an_officer_created_by_the_same_file(world):
    # given an existing officer whose new supervisor is a new row
    officer = world.a.officers[1]
    content = csv_bytes(
        [
            ["employee_number", "supervisor", "given_name", "family_name", "org_unit"],
            [officer.employee_number, "N-9", officer.given_name, officer.family_name, "a-CH1"],
            ["N-9", "", "New", "Boss", "a-HQ"],
        ]
    )
    # when applied
    plan = officer_import_apply(
        actor=world.a.tm, administration=world.a.administration, filename="x.csv", content=content
    )
    # then the update links to the created officer
    officer.refresh_from_db()
    assert officer.supervisor.employee_number == "N-9"
    assert plan.updates[0].changes == {"supervisor": (None, "N-9")}


def test_decomposed_names_are_stored_nfc_and_reimport_is_unchanged(world):
    # given a name typed in decomposed form (e + combining acute; Japanese dakuten)
    nfd_given = unicodedata.normalize("NFD", "Rénée")
    nfd_family = unicodedata.normalize("NFD", "ガギグ")
    content = csv_bytes([HEADER, officer_row("N-1", given_name=nfd_given, family_name=nfd_family)])
    args = {"actor": world.a.tm, "administration": world.a.administration, "filename": "x.csv"}
    # when applied
    officer_import_apply(content=content, **args)
    # then the stored name is the NFC form, and the same file in NFC form changes nothing
    officer = Officer.objects.get(employee_number="N-1")
    assert officer.given_name == "Rénée" == unicodedata.normalize("NFC", nfd_given)
    assert officer.family_name == "ガギグ"
    nfc = csv_bytes([HEADER, officer_row("N-1", given_name="Rénée", family_name="ガギグ")])
    assert officer_import_preview(content=nfc, **args).unchanged == 1


def test_xlsx_apply_with_date_cells_and_numeric_employee_numbers(world):
    # given a workbook whose dates are date cells and whose employee numbers are numbers
    content = xlsx_bytes(
        [
            ["Employee ID", "Given Name", "Last Name", "Org Unit", "Hire Date", "Active"],
            [123456, "Kenji", "Tanaka", "a-CH1", dt.datetime(2011, 10, 3), True],
            [123457.0, "Ana", "Silva", "A-CH2", dt.date(2016, 1, 4), False],
        ]
    )
    # when applied
    plan = officer_import_apply(
        actor=world.a.tm, administration=world.a.administration, filename="HR.XLSX", content=content
    )
    # then numbers become text, dates are dates, codes match case-insensitively
    assert plan.file_format == "xlsx"
    assert len(plan.creates) == 2
    kenji = Officer.objects.get(employee_number="123456")
    assert kenji.service_start == dt.date(2011, 10, 3)
    assert kenji.active
    ana = Officer.objects.get(employee_number="123457")
    assert ana.org_unit == world.a.other_house
    assert not ana.active


def test_preview_stores_nothing(world):
    # given a valid file that would create and update officers
    officer = world.a.officers[1]
    content = csv_bytes([HEADER, officer_row("N-1"), officer_row(officer.employee_number, grade="G9")])
    before = _state(world.a.administration)
    # when previewed
    plan = officer_import_preview(
        actor=world.a.tm, administration=world.a.administration, filename="x.csv", content=content
    )
    # then the plan says what would happen, and nothing happened
    assert (len(plan.creates), len(plan.updates)) == (1, 1)
    assert _state(world.a.administration) == before


def test_an_applied_import_queues_a_needs_snapshot(world):
    # given a valid file for Alpha
    from cadre.needs.models import GapSnapshot
    from cadre.people.imports import officer_import_apply

    content = (
        f"employee_number,given_name,family_name,org_unit\nN900001,Hana,Sato,{world.a.house.code}\n"
    ).encode()
    # when it is applied
    officer_import_apply(
        actor=world.a.tm, administration=world.a.administration, filename="hr.csv", content=content
    )
    # then a snapshot of Alpha's needs is queued (run by the background worker after commit)
    assert GapSnapshot.objects.filter(administration=world.a.administration).count() == 1
