"""Reading uploads: the formats HR systems produce, and the files that must be refused."""

import io
import zipfile

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


def _preview(world, content, filename="hr.csv"):
    return officer_import_preview(
        actor=world.a.tm, administration=world.a.administration, filename=filename, content=content
    )


def _refusal(world, content, filename):
    """Preview and apply both refuse the file, naming the field ``file`` (or ``header``); nothing stored."""
    officers, events = Officer.objects.count(), AuditEvent.objects.count()
    for service in (officer_import_preview, officer_import_apply):
        with pytest.raises(DomainError) as raised:
            service(
                actor=world.a.tm, administration=world.a.administration, filename=filename, content=content
            )
    assert (Officer.objects.count(), AuditEvent.objects.count()) == (officers, events)
    [error] = raised.value.errors
    return error


ROWS = [HEADER, officer_row("N-1", given_name="花子"), officer_row("N-2", supervisor="N-1")]


@pytest.mark.parametrize(
    ("content", "filename"),
    [
        (csv_bytes(ROWS), "comma.csv"),
        (csv_bytes(ROWS, delimiter=";"), "semicolon.csv"),
        (b"\xef\xbb\xbf" + csv_bytes(ROWS), "bom.csv"),
        (csv_bytes(ROWS, delimiter="\t", encoding="utf-16"), "unicode-text.txt"),  # Excel "Unicode text"
        (csv_bytes(ROWS, delimiter="\t", encoding="utf-16-le"), "no-bom-utf16.txt"),
        (csv_bytes(ROWS, delimiter="\t"), "tabs.tsv"),
        (b"sep=;\r\n" + csv_bytes(ROWS, delimiter=";"), "excel-hint.csv"),
        (xlsx_bytes(ROWS), "book.xlsx"),
    ],
)
def test_good_files_in_every_supported_shape(world, content, filename):
    # given the same two officers in one of the supported shapes
    # when previewed
    plan = _preview(world, content, filename)
    # then both rows would be created, with the Japanese name intact
    assert plan.errors == []
    assert plan.total_rows == 2
    assert [c.employee_number for c in plan.creates] == ["N-1", "N-2"]
    assert plan.creates[0].changes["given_name"] == (None, "花子")
    assert plan.creates[1].changes["supervisor"] == (None, "N-1")


def test_sample_files_in_the_repository(world):
    # given the sample exports kept as test data
    # when previewed
    comma = _preview(world, data_file("officers_comma.csv"))
    semicolon = _preview(world, data_file("officers_semicolon_bom.csv"))
    # then every row is valid
    assert (len(comma.creates), comma.errors) == (3, [])
    assert (len(semicolon.creates), semicolon.errors) == (2, [])
    assert semicolon.creates[1].changes["active"] == (None, False)


def test_headers_are_matched_loosely_and_unknown_columns_warned(world):
    # given HR-style headers, a column Cadre does not know, and blank rows between data
    content = csv_bytes(
        [
            ["  EMPLOYEE NO. ", "First_Name", "SURNAME", "Unit", "Favourite colour"],
            [],
            ["N-1", "Aiko", "Mori", "a-HQ", "blue"],
            ["", "", "", "", ""],
            ["N-2", "Ben", "Ng", "a-HQ", "red"],
        ]
    )
    # when previewed
    plan = _preview(world, content)
    # then the columns are recognised, the unknown one ignored with a warning, lines count blank rows
    assert plan.columns == {
        "EMPLOYEE NO.": "employee_number",
        "First_Name": "given_name",
        "SURNAME": "family_name",
        "Unit": "org_unit",
    }
    assert any("Favourite colour" in w for w in plan.warnings)
    assert [c.line for c in plan.creates] == [3, 5]


def test_formula_cells_are_refused_but_xlsx_text_starting_with_equals_is_text(world):
    # given a workbook with a formula cell (G2) and text cells that merely start with = + - @ (row 3)
    rows = [
        HEADER,
        officer_row("N-1", grade="=1+1"),
        officer_row("N-2", grade="=HYPERLINK(1)", given_name="+81 3", family_name="@home"),
    ]
    content = xlsx_bytes(rows, text_cells=("G3", "B3", "C3"))
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert sheet_xml.count("<f>") == 1
    # when previewed
    plan = _preview(world, content, "f.xlsx")
    # then the formula is an error on its row, never evaluated, and the text is kept verbatim
    assert [(e.line, e.field, e.reason) for e in plan.errors] == [
        (2, "grade", "formula not allowed (enter the value itself)")
    ]
    [created] = plan.creates
    assert created.changes["grade"] == (None, "=HYPERLINK(1)")
    assert created.name == "+81 3 @home"


def test_text_cells_starting_with_formula_characters_stay_text(world):
    # given CSV cells beginning with = + - @ (CSV has no formulas: they are names and grades)
    content = csv_bytes([HEADER, officer_row("N-1", grade="=1+1", given_name="@home", family_name="-Dash")])
    # when applied
    officer_import_apply(
        actor=world.a.tm, administration=world.a.administration, filename="x.csv", content=content
    )
    # then they are stored verbatim
    officer = Officer.objects.get(employee_number="N-1")
    assert (officer.grade, officer.given_name, officer.family_name) == ("=1+1", "@home", "-Dash")


@pytest.mark.parametrize(
    ("content", "filename", "reason"),
    [
        (b"", "empty.csv", "The file is empty."),
        (b"\r\n \r\n", "blank.csv", "The file is empty."),
        (csv_bytes([HEADER]), "header-only.csv", "The file has a header but no data rows."),
        (xlsx_bytes([HEADER]), "header-only.xlsx", "The file has a header but no data rows."),
        (bytes(range(256)) * 40, "random.xlsx", "This is not an .xlsx workbook."),
        (
            xlsx_bytes([HEADER, officer_row("N-1")])[:900],
            "truncated.xlsx",
            "The workbook is damaged or truncated.",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
            "protected.xlsx",
            "This workbook is password-protected or in the old .xls format: save it as an unprotected .xlsx.",
        ),
        (
            xlsx_bytes([HEADER, officer_row("N-1")]),
            "book.csv",
            "This is a spreadsheet workbook, not CSV text: upload it as .xlsx.",
        ),
        (b"a,b\r\n1,2\r\n", "data.json", "Upload a .csv, .tsv, .txt or .xlsx file."),
        (
            b"a,b\r\n1,2\r\n",
            "old.xls",
            "Old .xls workbooks are not supported: save the file as .xlsx or CSV UTF-8.",
        ),
        (b"\x00\x01\x02\x03" * 100, "binary.csv", "This is not a text file."),
    ],
)
def test_malformed_files_are_refused_with_a_clear_reason(world, content, filename, reason):
    # given a file that cannot be imported
    # when previewed or applied, then both refuse it with the reason, storing nothing
    error = _refusal(world, content, filename)
    assert (error.field, error.reason) == ("file", reason)


def test_latin1_and_shift_jis_text_are_refused_with_the_line(world):
    # given an export saved in a legacy encoding
    for encoding, name in (("latin-1", "Zoë"), ("shift_jis", "花子")):
        content = csv_bytes(
            [HEADER, officer_row("N-1"), officer_row("N-2", given_name=name)], encoding=encoding
        )
        # when imported, then the refusal says which line and how to save the file
        error = _refusal(world, content, "legacy.csv")
        assert "line 3" in error.reason
        assert "CSV UTF-8" in error.reason


def test_oversize_files_are_refused_before_reading(world, settings):
    # given a limit of 1 KB and a larger file
    settings.CADRE_IMPORT_MAX_BYTES = 1024
    content = csv_bytes([HEADER] + [officer_row(f"N-{i}") for i in range(50)])
    # when imported, then it is refused by size
    assert _refusal(world, content, "big.csv").reason == "The file is larger than the limit of 1.0\xa0KB."


def test_a_workbook_with_a_corrupted_part_is_refused(world):
    # given a workbook whose compressed sheet data was damaged in transit (the zip directory is intact)
    content = bytearray(xlsx_bytes([HEADER] + [officer_row(f"N-{i}") for i in range(200)]))
    archive = zipfile.ZipFile(io.BytesIO(bytes(content)))
    sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    data_start = sheet.header_offset + 30 + len(sheet.filename.encode()) + len(sheet.extra)
    for offset in range(data_start + 200, data_start + 400):
        content[offset] ^= 0x5A
    # when imported, then it is refused as damaged
    assert "damaged" in _refusal(world, bytes(content), "broken.xlsx").reason


def test_too_many_rows_are_refused(world, settings):
    # given a row limit of 10
    settings.CADRE_IMPORT_MAX_ROWS = 10
    rows = [HEADER] + [officer_row(f"N-{i}") for i in range(11)]
    # when a CSV or XLSX with 11 rows is imported, then both are refused
    for content, filename in ((csv_bytes(rows), "x.csv"), (xlsx_bytes(rows), "x.xlsx")):
        assert "more than 10 data rows" in _refusal(world, content, filename).reason


def test_zip_bomb_is_refused_from_its_declared_size(world, settings):
    # given a workbook with an extra part that inflates to 300 MB from ~300 KB
    settings.CADRE_IMPORT_MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
    buffer = io.BytesIO(xlsx_bytes([HEADER, officer_row("N-1")]))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        book.writestr("xl/media/bomb.bin", bytes(300 * 1024 * 1024))
    content = buffer.getvalue()
    assert len(content) < 1024 * 1024
    # when imported, then it is refused without inflating it
    assert "expands to more than 50 MB" in _refusal(world, content, "bomb.xlsx").reason


def test_entity_expansion_in_a_workbook_part_is_refused(world):
    # given a workbook whose shared strings declare entities (billion laughs / XXE)
    buffer = io.BytesIO()
    original = zipfile.ZipFile(io.BytesIO(xlsx_bytes([HEADER, officer_row("N-1")])))
    with zipfile.ZipFile(buffer, "w") as book:
        for item in original.infolist():
            book.writestr(item, original.read(item.filename))
        book.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]><sst><si><t>&lol;</t></si></sst>',
        )
    # when imported, then it is refused
    assert "document type" in _refusal(world, buffer.getvalue(), "xxe.xlsx").reason


def test_a_zip_that_is_not_a_workbook_is_refused(world):
    # given a zip archive (say, a .docx renamed or a folder of CSVs)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("officers.csv", "employee_number\nN-1\n")
    # when imported as .xlsx, then it is refused
    assert _refusal(world, buffer.getvalue(), "x.xlsx").reason == "This zip archive is not an .xlsx workbook."


def test_far_away_cells_do_not_blow_up_reading(world):
    # given a workbook with one stray cell at the last column and a wrongly declared dimension
    rows = [HEADER, officer_row("N-1")]
    buffer = io.BytesIO()
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    sheet["XFD3"] = "stray"
    book.save(buffer)
    # when previewed
    plan = _preview(world, buffer.getvalue(), "wide.xlsx")
    # then the data is read (the stray cell lies beyond the columns read)
    assert [c.employee_number for c in plan.creates] == ["N-1"]


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        (["given_name", "family_name"], "No employee number column"),
        (
            ["employee_number", "Surname", "Last name"],
            "Columns “Surname” and “Last name” both mean family_name.",
        ),
    ],
)
def test_unusable_headers_are_refused(world, header, reason):
    # given a header without an employee number, or naming one field twice
    content = csv_bytes([header, ["x"] * len(header)])
    # when imported, then the header is refused
    error = _refusal(world, content, "h.csv")
    assert error.field == "header"
    assert error.reason.startswith(reason)
