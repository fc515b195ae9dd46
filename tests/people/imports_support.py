"""Build import files for the officer-import tests."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest

DATA = Path(__file__).parent / "data"

HEADER = [
    "employee_number",
    "given_name",
    "family_name",
    "email",
    "org_unit",
    "position",
    "grade",
    "service_start",
    "languages",
    "supervisor",
    "active",
]


def data_file(name: str) -> bytes:
    return (DATA / name).read_bytes()


def csv_bytes(rows: list[list[Any]], *, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[Any]], *, text_cells: tuple[str, ...] = ()) -> bytes:
    """A workbook of ``rows``; openpyxl writes "=..." strings as formulas unless listed in ``text_cells``."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for ref in text_cells:
        sheet[ref].data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def officer_row(number: str, **overrides: Any) -> list[Any]:
    """A valid Alpha row in HEADER order."""
    values = {
        "employee_number": number,
        "given_name": "Given",
        "family_name": f"Family {number}",
        "email": f"{number.lower()}@alpha.example",
        "org_unit": "a-HQ",
        "position": "a-EXAM",
        "grade": "G3",
        "service_start": "2015-04-01",
        "languages": "en",
        "supervisor": "",
        "active": "yes",
        **overrides,
    }
    return [values[name] for name in HEADER]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The world's personas get passwords; PBKDF2 at full strength costs ~1 s each on a busy runner."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
