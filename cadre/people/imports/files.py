"""Turn uploaded bytes into a header and rows of cell values, refusing files that are unsafe to read.

Every refusal is a ``DomainError`` on the field ``file`` with a reason a training manager can act on.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from cadre.core.errors import DomainError, FieldError


@dataclass(frozen=True)
class Formula:
    """A spreadsheet formula cell: never evaluated, always refused."""

    text: str


@dataclass(frozen=True)
class CellError:
    """A spreadsheet error value such as ``#N/A``."""

    code: str


CellValue = str | int | float | bool | dt.datetime | dt.date | dt.time | Formula | CellError | None


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    max_uncompressed_bytes: int
    max_columns: int = 256
    max_zip_members: int = 2_000

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            max_bytes=settings.CADRE_IMPORT_MAX_BYTES,
            max_rows=getattr(settings, "CADRE_IMPORT_MAX_ROWS", 100_000),
            max_uncompressed_bytes=getattr(
                settings, "CADRE_IMPORT_MAX_UNCOMPRESSED_BYTES", 256 * 1024 * 1024
            ),
        )


@dataclass
class Sheet:
    """The first non-blank row is the header; blank rows are dropped; lines count as a spreadsheet does."""

    kind: str  # "csv" or "xlsx"
    header: list[CellValue]
    header_line: int
    rows: list[tuple[int, list[CellValue]]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


CSV_SUFFIXES = frozenset({".csv", ".tsv", ".txt"})
XLSX_SUFFIXES = frozenset({".xlsx"})
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, and every password-protected workbook
EXCEL_MAX_ROWS = 1_048_576


def file_error(reason: str) -> DomainError:
    return DomainError(_("File not imported"), [FieldError("file", reason)])


def read_sheet(*, filename: str, content: bytes, limits: Limits) -> Sheet:
    """Read a CSV or XLSX upload, choosing the reader by the file name's extension."""
    content = bytes(content)
    suffix = PurePath(filename or "").suffix.lower()
    if len(content) > limits.max_bytes:
        raise file_error(
            _("The file is larger than the limit of %(size)s.") % {"size": filesizeformat(limits.max_bytes)}
        )
    if not content.strip():
        raise file_error(_("The file is empty."))
    if suffix in XLSX_SUFFIXES:
        sheet = _read_xlsx(content, limits)
    elif suffix in CSV_SUFFIXES:
        if content.startswith((ZIP_MAGIC, OLE_MAGIC)):
            raise file_error(_("This is a spreadsheet workbook, not CSV text: upload it as .xlsx."))
        sheet = _read_csv(content, limits)
    elif suffix == ".xls":
        raise file_error(_("Old .xls workbooks are not supported: save the file as .xlsx or CSV UTF-8."))
    else:
        raise file_error(_("Upload a .csv, .tsv, .txt or .xlsx file."))
    if not sheet.rows:
        raise file_error(_("The file has a header but no data rows."))
    return sheet


# --- CSV ---------------------------------------------------------------------------------------

_SEP_HINT = re.compile(r"^sep=(.)\s*$")  # Excel's "sep=;" first line


def _decode(content: bytes) -> str:
    """UTF-8 (with or without BOM) and UTF-16 (Excel's "Unicode text") only: other encodings are refused,
    because guessing one (cp1252? Shift_JIS?) silently corrupts names."""
    if content.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise file_error(_("UTF-32 text is not supported: save the file as CSV UTF-8."))
    if content.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif b"\x00" in content[:4096]:
        sample = content[:4096]
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > len(sample) // 4 and even == 0:
            encoding = "utf-16-le"
        elif even > len(sample) // 4 and odd == 0:
            encoding = "utf-16-be"
        else:
            raise file_error(_("This is not a text file."))
    else:
        encoding = "utf-8"
    try:
        text = content.decode(encoding)
    except UnicodeDecodeError as exc:
        line = content[: exc.start].decode(encoding, errors="replace").count("\n") + 1
        raise file_error(
            _(
                "The file is not UTF-8 or UTF-16 text (first unreadable byte on line %(line)d): "
                'save it as "CSV UTF-8" or "Unicode text".'
            )
            % {"line": line}
        ) from exc
    if "\x00" in text:
        raise file_error(_("This is not a text file."))
    return text


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            count += 1
    return count


def _delimiter(text: str) -> str:
    """Count candidates in the header line (names rarely contain them); ask csv.Sniffer on a tie."""
    first = text.split("\n", 1)[0]
    counts = {d: _count_outside_quotes(first, d) for d in (",", ";", "\t")}
    ranked = sorted(counts.values(), reverse=True)
    if ranked[0] > 0 and ranked[0] != ranked[1]:
        return max(counts, key=lambda d: counts[d])
    try:
        return csv.Sniffer().sniff(text[:65536], delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _read_csv(content: bytes, limits: Limits) -> Sheet:
    text = _decode(content)
    first_line = 1
    hint = _SEP_HINT.match(text.split("\n", 1)[0].rstrip("\r"))
    if hint:
        delimiter = hint.group(1)
        text = text.split("\n", 1)[1] if "\n" in text else ""
        first_line = 2
    else:
        delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _collect("csv", _numbered(reader, first_line), limits)


def _numbered(reader: Iterator[list[str]], first_line: int) -> Iterator[tuple[int, list[CellValue]]]:
    line = first_line - 1
    try:
        for record in reader:
            line += 1
            yield line, list(record)
    except csv.Error as exc:
        raise file_error(
            _("Line %(line)d cannot be read as CSV: %(error)s") % {"line": line + 1, "error": exc}
        ) from exc


def _collect(kind: str, numbered: Iterator[tuple[int, list[CellValue]]], limits: Limits) -> Sheet:
    sheet: Sheet | None = None
    for line, cells in numbered:
        cells = cells[: limits.max_columns]
        if all(_blank(c) for c in cells):
            continue
        if sheet is None:
            sheet = Sheet(kind=kind, header=cells, header_line=line)
            continue
        if len(sheet.rows) >= limits.max_rows:
            raise file_error(
                _("The file has more than %(max)d data rows: split it into smaller files.")
                % {"max": limits.max_rows}
            )
        sheet.rows.append((line, cells))
    if sheet is None:
        raise file_error(_("The file is empty."))
    return sheet


def _blank(value: CellValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- XLSX --------------------------------------------------------------------------------------


def _check_archive(content: bytes, limits: Limits) -> None:
    """Look inside the zip before openpyxl does: declared sizes bound what zipfile will inflate."""
    if content.startswith(OLE_MAGIC):
        raise file_error(
            _(
                "This workbook is password-protected or in the old .xls format: save it as an unprotected .xlsx."
            )
        )
    if not content.startswith(ZIP_MAGIC):
        raise file_error(_("This is not an .xlsx workbook."))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            if len(members) > limits.max_zip_members:
                raise file_error(_("The workbook has too many parts to be an HR export."))
            if "[Content_Types].xml" not in {m.filename for m in members}:
                raise file_error(_("This zip archive is not an .xlsx workbook."))
            if any(m.flag_bits & 0x1 for m in members):
                raise file_error(_("This workbook is encrypted: save it as an unprotected .xlsx."))
            if sum(m.file_size for m in members) > limits.max_uncompressed_bytes:
                raise file_error(
                    _("The workbook expands to more than %(mb)d MB: refused.")
                    % {"mb": limits.max_uncompressed_bytes // 1024 // 1024}
                )
            for member in members:
                if member.filename.endswith((".xml", ".rels")):
                    with archive.open(member) as part:
                        head = part.read(4096)
                    # Office never writes a DTD; one here can only be an entity-expansion or XXE attempt.
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise file_error(_("The workbook contains an XML document type: refused."))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise file_error(_("The workbook is damaged or truncated.")) from exc


def _read_xlsx(content: bytes, limits: Limits) -> Sheet:
    _check_archive(content, limits)
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about every unsupported extension
            workbook = openpyxl.load_workbook(
                io.BytesIO(content), read_only=True, data_only=False, keep_links=False, keep_vba=False
            )
    except Exception as exc:  # openpyxl raises KeyError, ValueError, TypeError... on malformed parts
        raise file_error(_("The workbook is damaged or is not an .xlsx file.")) from exc
    try:
        if not workbook.worksheets:
            raise file_error(_("The workbook has no worksheet."))
        worksheet = workbook.worksheets[0]
        # Trust no declared dimension: a wrong one would silently cut or pad rows.
        worksheet.reset_dimensions()

        def numbered() -> Iterator[tuple[int, list[CellValue]]]:
            # Find the header with the widest read, then read data rows only as wide as the header (plus
            # one column, to notice stray values): a stray far-right cell costs nothing per row.
            width = limits.max_columns
            first_data_row = 1
            for line, row in enumerate(worksheet.iter_rows(max_col=width), start=1):
                cells = _xlsx_cells(row)
                if line > EXCEL_MAX_ROWS:
                    raise file_error(_("The worksheet has rows beyond the spreadsheet limit."))
                if any(not _blank(c) for c in cells):
                    yield line, cells
                    width = max(i for i, c in enumerate(cells, start=1) if not _blank(c)) + 1
                    first_data_row = line + 1
                    break
            else:
                return
            rows = worksheet.iter_rows(min_row=first_data_row, max_col=width)
            for line, row in enumerate(rows, start=first_data_row):
                if line > EXCEL_MAX_ROWS:
                    raise file_error(_("The worksheet has rows beyond the spreadsheet limit."))
                yield line, _xlsx_cells(row)

        try:
            return _collect("xlsx", numbered(), limits)
        except DomainError:
            raise
        except Exception as exc:  # a damaged sheet part fails only while it is streamed
            raise file_error(_("The workbook is damaged or is not an .xlsx file.")) from exc
    finally:
        workbook.close()


def _xlsx_cells(row: tuple[object, ...]) -> list[CellValue]:
    return [_xlsx_value(c) for c in row]


def _xlsx_value(cell: object) -> CellValue:
    value = getattr(cell, "value", None)
    if value is None:
        return None
    data_type = getattr(cell, "data_type", None)
    if data_type == "f":
        return Formula(str(getattr(value, "text", None) or value))
    if data_type == "e":
        return CellError(str(value))
    if isinstance(value, str | int | float | bool | dt.datetime | dt.date | dt.time):
        return value
    return str(value)
