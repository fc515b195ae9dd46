"""The list mechanism on its own: parameters, sorting, filters, hooks, totals and exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

import pytest
from django import forms
from django.test import RequestFactory
from django.utils import timezone, translation
from openpyxl import load_workbook

from cadre.core.listing import Column, Filter, Listing, ListPage, neutralise


@dataclass
class Thing:
    name: str
    size: int | None
    at: dt.datetime


def _things(count: int) -> list[Thing]:
    start = timezone.now().replace(microsecond=0)
    return [
        Thing(f"thing {i:03d}", None if i % 5 == 0 else i, start + dt.timedelta(hours=i))
        for i in range(count)
    ]


def _since_before_until(data):
    if data.get("low") and data.get("high") and data["low"] > data["high"]:
        return {"high": "high is below low"}
    return {}


THINGS = Listing(
    name="things",
    noun="%(total)s things",  # a page declares ngettext_lazy(...); a plain string formats the same way
    default_sort="name",
    check=_since_before_until,
    columns=[
        Column("name", "Name", sort_key=lambda t: t.name, value="name"),
        Column("size", "Size", sort_key=lambda t: t.size, value="size", numeric=True),
        Column("at", "At", value="at"),
        Column("secret", "Internal", value=lambda t: "x", export=False, show=False),
    ],
    filters=[
        Filter("q", forms.CharField(required=False), apply=lambda rows, v: [r for r in rows if v in r.name]),
        Filter(
            "low",
            forms.IntegerField(required=False),
            apply=lambda rows, v: [r for r in rows if (r.size or 0) >= v],
        ),
        Filter(
            "high",
            forms.IntegerField(required=False),
            apply=lambda rows, v: [r for r in rows if (r.size or 0) <= v],
        ),
        Filter(
            "parity",
            forms.ChoiceField(required=False, choices=[("even", "even"), ("odd", "odd"), ("all", "all")]),
            apply=lambda rows, v: (
                rows if v == "all" else [r for r in rows if (r.size or 0) % 2 == (v == "odd")]
            ),
            default="all",
        ),
    ],
)


def _page(**params) -> ListPage:
    result = THINGS.respond(RequestFactory().get("/things/", params), _things(120))
    assert isinstance(result, ListPage)
    return result


def test_pages_of_25_by_default_and_the_chosen_size():
    assert len(_page().rows) == 25
    assert _page().page.paginator.num_pages == 5
    assert len(_page(per_page=100, page=2).rows) == 20
    assert _page(page=999).page.number == 5  # past the end: the last page


def test_the_total_is_grouped_by_locale():
    with translation.override("en"):
        page = THINGS.respond(RequestFactory().get("/things/"), _things(1234))
    assert page.total_label == "1,234 things"


def test_sort_both_ways_with_empty_values_last():
    ascending = [t.size for t in _page(sort="size", per_page=100, page=2).rows]
    descending = [t.size for t in _page(sort="-size", per_page=100).rows]
    assert ascending[-1] is None  # the 24 without a size come last
    assert descending[0] == 119
    sized = [size for size in descending if size is not None]
    assert descending == sized + [None] * (len(descending) - len(sized))
    assert sized == sorted(sized, reverse=True)


def test_headers_link_the_other_direction_and_say_aria_sort():
    headers = {h.column.key: h for h in _page(sort="size", q="thing").headers}
    assert headers["size"].aria_sort == "ascending"
    assert "sort=-size" in headers["size"].url
    assert "q=thing" in headers["size"].url
    assert headers["name"].aria_sort == ""
    assert headers["at"].url == ""  # not sortable
    assert "secret" not in headers


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"sort": "secret"}, "sort:"),
        ({"sort": "-nope"}, "sort:"),
        ({"per_page": "1000"}, "per_page:"),
        ({"per_page": "-1"}, "per_page:"),
        ({"low": "ten"}, "low:"),
        ({"parity": "prime"}, "parity:"),
        ({"low": "9", "high": "3"}, "high:"),
    ],
)
def test_a_bad_parameter_is_named_and_left_out(params, named):
    page = _page(**params)

    assert [e for e in page.errors if e.startswith(named)]
    assert page.total <= 120  # the valid filters still apply


def test_a_default_filter_applies_until_another_value_is_chosen():
    odd = THINGS.respond(RequestFactory().get("/"), _things(10))
    assert odd.total == 10  # parity defaults to all
    assert _page(parity="odd").total == 48


def test_csv_export_streams_every_filtered_row_with_formulas_neutralised():
    rows = _things(3000)
    rows[0].name = "=HYPERLINK(1)"
    response = THINGS.respond(RequestFactory().get("/", {"export": "csv", "sort": "name"}), rows)

    body = b"".join(response.streaming_content).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(body)))
    assert response["Content-Disposition"].startswith('attachment; filename="things-')
    assert table[0] == ["Name", "Size", "At"]
    assert len(table) == 1 + 3000
    assert table[1][0] == "'=HYPERLINK(1)"  # sorted by the name as stored, quoted in the file
    assert neutralise("-1+2") == "'-1+2"
    assert neutralise(-3) == -3


def test_xlsx_export_has_local_naive_datetimes():
    response = THINGS.respond(RequestFactory().get("/", {"export": "xlsx", "q": "thing 00"}), _things(20))

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Name", "Size", "At")
    assert len(rows) == 1 + 10
    assert isinstance(rows[1][2], dt.datetime)
    assert rows[1][2].tzinfo is None


def test_an_export_with_a_bad_parameter_is_a_400_naming_it():
    bad_format = THINGS.respond(RequestFactory().get("/", {"export": "pdf"}), _things(3))
    bad_filter = THINGS.respond(RequestFactory().get("/", {"export": "csv", "low": "x"}), _things(3))

    assert bad_format.status_code == 400
    assert b"export:" in bad_format.content
    assert bad_filter.status_code == 400
    assert b"low:" in bad_filter.content
    assert THINGS.download(_things(2), "doc").status_code == 400


def test_decorate_runs_once_per_page_or_export_chunk():
    calls = []

    def decorate(chunk):
        calls.append(len(chunk))
        for thing in chunk:
            thing.length = len(thing.name)
        return chunk

    page = THINGS.respond(RequestFactory().get("/"), _things(60), decorate=decorate)
    export = THINGS.respond(RequestFactory().get("/", {"export": "csv"}), _things(2500), decorate=decorate)
    b"".join(export.streaming_content)  # the CSV is built as it streams

    assert page.rows[0].length == len("thing 000")
    assert calls[0] == 25
    assert calls[1:] == [1000, 1000, 500]  # the export decorates per chunk
