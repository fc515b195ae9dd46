"""CSV and XLSX downloads of any table, with spreadsheet-formula neutralisation."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@")


@dataclass
class Table:
    name: str  # the file name, without extension
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]


def neutralise(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula gets a leading single quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cells(table: Table) -> list[list[Any]]:
    return [[neutralise(str(h)) for h in table.headers]] + [
        [neutralise(v if v is None or isinstance(v, int | float) else str(v)) for v in row]
        for row in table.rows
    ]


def csv_response(table: Table) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in _cells(table):
        writer.writerow(["" if v is None else v for v in row])
    response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table.name}.csv"'
    return response


def xlsx_response(table: Table) -> HttpResponse:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=table.name[:31])
    for row in _cells(table):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{table.name}.xlsx"'
    return response


def export_response(table: Table, fmt: str) -> HttpResponse | None:
    """The download for ``?format=csv|xlsx``, or None to render the page."""
    if fmt == "csv":
        return csv_response(table)
    if fmt == "xlsx":
        return xlsx_response(table)
    return None
