from __future__ import annotations

from cadre.core.exports import Table, csv_response, neutralise, xlsx_response


def test_neutralise_prefixes_formula_starts():
    assert [neutralise(v) for v in ["=1+1", "+A1", "-2", "@SUM", "ok", 5, None]] == [
        "'=1+1",
        "'+A1",
        "'-2",
        "'@SUM",
        "ok",
        5,
        None,
    ]


def test_xlsx_keeps_formula_text_inert():
    import io

    from openpyxl import load_workbook

    table = Table("t", ["=h"], [["=cmd|' /C calc'!A0", 3]])
    book = load_workbook(io.BytesIO(xlsx_response(table).content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows == [("'=h", None), ("'=cmd|' /C calc'!A0", 3)]
    assert csv_response(table).content.decode("utf-8-sig").splitlines()[1].startswith("'=cmd")
