"""One list mechanism for every list page: pagination, sort, filters, a total, CSV and XLSX export.

Declare a ``Listing`` once per page, at module level, and call ``respond`` from the view::

    OFFICERS = Listing(
        name="officers",  # the export file name
        noun=ngettext_lazy("%(total)s officer", "%(total)s officers", "count"),
        columns=[
            Column("name", _("Name"), order=("family_name", "given_name"), value="full_name"),
            Column("unit", _("Org unit"), order=("org_unit__name",), value="org_unit.name"),
            Column("gaps", _("Gaps"), value=lambda row: row.gaps.below),  # no order: not sortable
        ],
        filters=[
            Filter("q", forms.CharField(label=_("Search"), required=False), apply=search_officers),
            Filter("position", forms.TypedChoiceField(label=_("Position"), coerce=int, required=False),
                   lookup="position_id", choices=lambda request: [("", _("All")), ...]),
        ],
        default_sort="name",
        decorate=attach_gap_counts,  # optional: objects of one page or export chunk -> row objects
    )

    def officer_list(request):
        result = OFFICERS.respond(request, officers_for_list(user=request.user))
        if isinstance(result, HttpResponseBase):  # ?export=csv (streamed) or ?export=xlsx
            return result
        return render(request, "people/officer_list.html", {"listing": result})

``rows`` is a QuerySet (filtered, sorted, counted and sliced in SQL: scope it and add
``select_related`` before passing it, so the page costs the same few queries at any size) or a
list (filtered by each ``Filter.apply`` and sorted by each column's ``sort_key``, in Python).
The listing only narrows, sorts and slices what it is given: permissions and tenant scoping stay
with the view and its selector.

More hooks, all optional: ``respond(request, rows, decorate=...)`` when decorating needs the
request's data; ``check`` for filters that depend on each other (``until`` before ``since``);
``combine`` for filters that only mean something together (a competency and a minimum level on
it); ``download(rows, fmt)`` exports rows something else filtered (a search engine's matches);
``filtered(request, rows)`` returns the rows as the request filters and sorts them, for an action on
"every row matching the filter" (bulk actions): the same narrowing as the page shows.
For a list that is not a table (cards), ``list_sort_links.html`` offers the sort links.

GET parameters: ``page``; ``per_page`` (25, 50 or 100); ``sort`` (a column key, ``-key`` for
descending); one per filter; ``export`` (``csv`` or ``xlsx``: every row of the filtered, sorted
list). A bad value never answers 500: the page renders without it and ``errors`` names the
parameter and the reason; a bad export request answers 400 with that message.

In the template (``listing`` is the ``ListPage``)::

    {% include "cadre/includes/list_controls.html" %}     filters, page size, total, downloads
                          (or list_filters.html and list_summary.html apart, e.g. for htmx)
    <div class="list-scroll" tabindex="0" role="region" aria-label="...">   scrolls on a phone,
      <table><thead><tr>{% include "cadre/includes/list_head.html" %}</tr></thead>  first column
      <tbody>{% for row in listing.rows %}...{% endfor %}</tbody></table>             stays put
    </div>
    {% include "cadre/includes/list_pages.html" %}         "Page N of M", previous and next
"""

from __future__ import annotations

import copy
import csv
import dataclasses
import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _

PAGE_SIZES = (25, 50, 100)
EXPORT_FORMATS = ("csv", "xlsx")
EXPORT_CHUNK = 1000
#: Text a spreadsheet would run as a formula; such a cell gets a leading single quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """One column: its sort key in the URL, its header, how to sort it and what it exports.

    ``order``: model fields for a QuerySet (``"-field"`` allowed); ``key``: a function of the row for a
    list. Neither: the column is not sortable. ``value``: a dotted attribute path or a function of
    the row, for the export (``export=False`` leaves it out; ``show=False`` exports it only).
    """

    key: str
    label: str | Promise
    order: tuple[str, ...] = ()
    sort_key: Callable[[Any], Any] | None = None
    value: str | Callable[[Any], Any] | None = None
    export: bool = True
    show: bool = True
    numeric: bool = False

    @property
    def sortable(self) -> bool:
        return bool(self.order) or self.sort_key is not None


@dataclass(frozen=True)
class Filter:
    """One GET parameter that narrows the list, validated by a form field.

    ``lookup`` filters a QuerySet with ``{lookup: value}``; ``apply(rows, value)`` does anything
    else (and is the only way for a list). ``choices(request)`` fills a choice field per request.
    An empty value (``""``, ``None``, ``[]``) does not filter, unless ``default`` stands in for it
    (``default="upcoming"``: the list starts narrowed, and the form offers the wider choices).
    """

    name: str
    field: forms.Field
    lookup: str = ""
    apply: Callable[[Any, Any], Any] | None = None
    choices: Callable[[HttpRequest], Iterable[tuple[Any, Any]]] | None = None
    default: Any = None

    def narrow(self, rows: Any, value: Any) -> Any:
        if value in (None, "", [], ()):
            value = self.default
        if value in (None, "", [], ()):
            return rows
        if self.apply is not None:
            return self.apply(rows, value)
        return rows.filter(**{self.lookup: value})


@dataclass(frozen=True)
class Header:
    column: Column
    url: str  # the link that sorts by this column (toggles the direction when already sorted)
    aria_sort: str  # "ascending", "descending" or "" when not sorted by it

    @property
    def label(self) -> str | Promise:
        return self.column.label


@dataclass
class ListPage:
    """What a list template renders."""

    listing: Listing
    page: Page  # type: ignore[type-arg]
    rows: list[Any]
    total: int
    total_label: str
    headers: list[Header]
    form: forms.Form
    errors: list[str]
    sort: str
    per_page: int
    page_sizes: tuple[int, ...]
    query: str  # the current filters and sort, without page and export, for links
    export_urls: dict[str, str] = field(default_factory=dict)

    @property
    def filter_fields(self) -> list[forms.BoundField]:
        return [self.form[f.name] for f in self.listing.filters]


class _FilterForm(forms.Form):
    def __init__(self, data: QueryDict, *, fields: dict[str, forms.Field]) -> None:
        super().__init__(data)
        self.fields.update(fields)


@dataclass(frozen=True)
class Listing:
    """A list page's declaration: columns, filters, default sort, export name. See the module doc."""

    name: str
    noun: Any  # ngettext_lazy("%(total)s thing", "%(total)s things", "count")
    columns: Sequence[Column]
    default_sort: str
    filters: Sequence[Filter] = ()
    decorate: Callable[[list[Any]], list[Any]] | None = None
    #: Checks across filters (``until`` before ``since``): the cleaned values -> {parameter: message}.
    check: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    #: Filters that only mean something together (a competency and a minimum level on it): the rows
    #: and the cleaned values -> the rows. Runs after each filter's own narrowing.
    combine: Callable[[Any, dict[str, Any]], Any] | None = None
    page_sizes: tuple[int, ...] = PAGE_SIZES
    default_per_page: int = PAGE_SIZES[0]

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    # --- parsing -------------------------------------------------------------------------------

    def _form(self, request: HttpRequest) -> _FilterForm:
        fields = {}
        for flt in self.filters:
            f = copy.deepcopy(flt.field)
            if flt.choices is not None:
                f.choices = list(flt.choices(request))  # type: ignore[attr-defined]
            fields[flt.name] = f
        data = QueryDict(mutable=True)
        for flt in self.filters:
            if flt.name in request.GET:
                data.setlist(flt.name, request.GET.getlist(flt.name))
        return _FilterForm(data, fields=fields)

    def _sort(self, raw: str, errors: list[str]) -> str:
        key = raw.removeprefix("-")
        column = self.column(key)
        if raw and (column is None or not column.sortable):
            sortable = ", ".join(c.key for c in self.columns if c.sortable)
            errors.append(
                _("sort: “%(value)s” is not a column this list sorts by (one of: %(keys)s).")
                % {"value": raw[:40], "keys": sortable}
            )
            return self.default_sort
        return raw or self.default_sort

    def _per_page(self, raw: str, errors: list[str]) -> int:
        if not raw:
            return self.default_per_page
        if raw.isdigit() and int(raw) in self.page_sizes:
            return int(raw)
        errors.append(
            _("per_page: “%(value)s” is not a page size (one of: %(sizes)s).")
            % {"value": raw[:40], "sizes": ", ".join(str(s) for s in self.page_sizes)}
        )
        return self.default_per_page

    # --- applying ------------------------------------------------------------------------------

    def _narrow(self, rows: Any, form: _FilterForm, errors: list[str]) -> Any:
        if form.is_valid() and self.check is not None:
            for name, message in self.check(form.cleaned_data).items():
                form.add_error(name, message)
        for name, messages in form.errors.items():
            for message in messages:
                errors.append(f"{name}: {message}")
        for flt in self.filters:
            if flt.name in form.cleaned_data:
                rows = flt.narrow(rows, form.cleaned_data[flt.name])
        if self.combine is not None:
            rows = self.combine(rows, form.cleaned_data)
        return rows

    def _ordered(self, rows: Any, sort: str) -> Any:
        descending = sort.startswith("-")
        column = self.column(sort.removeprefix("-"))
        if column is None:
            return rows
        if isinstance(rows, QuerySet):
            fields = list(column.order) or ["pk"]
            terms = []
            for f in [*fields, "pk"]:
                desc = f.startswith("-") != descending
                expr = F(f.removeprefix("-"))
                terms.append(expr.desc(nulls_last=True) if desc else expr.asc(nulls_last=True))
            return rows.order_by(*terms)
        if column.sort_key is None:
            return list(rows)
        key = column.sort_key
        present = [r for r in rows if key(r) is not None]
        missing = [r for r in rows if key(r) is None]
        return sorted(present, key=key, reverse=descending) + missing

    def filtered(self, request: HttpRequest, rows: Any) -> tuple[Any, list[str], str, _FilterForm]:
        """The rows as the request filters and sorts them, with the messages of bad parameters."""
        errors: list[str] = []
        form = self._form(request)
        sort = self._sort(request.GET.get("sort", ""), errors)
        rows = self._ordered(self._narrow(rows, form, errors), sort)
        return rows, errors, sort, form

    # --- responding ----------------------------------------------------------------------------

    def respond(
        self, request: HttpRequest, rows: Any, *, decorate: Callable[[list[Any]], list[Any]] | None = None
    ) -> ListPage | HttpResponseBase:
        """The page to render, or the export response when ``?export=`` asks for one.

        ``decorate`` replaces the declared one for this request (when it needs the request's data).
        """
        if decorate is not None:
            return dataclasses.replace(self, decorate=decorate).respond(request, rows)
        rows, errors, sort, form = self.filtered(request, rows)
        export = request.GET.get("export", "")
        if export:
            if export not in EXPORT_FORMATS:
                errors.append(
                    _("export: “%(value)s” is not a format (one of: csv, xlsx).") % {"value": export[:40]}
                )
            if errors:
                return HttpResponse("\n".join(errors), status=400, content_type="text/plain; charset=utf-8")
            return self._export(rows, export)
        per_page = self._per_page(request.GET.get("per_page", ""), errors)
        page = Paginator(rows, per_page).get_page(request.GET.get("page"))
        objects = list(page.object_list)
        shown = self.decorate(objects) if self.decorate and objects else objects
        total = page.paginator.count
        params = request.GET.copy()
        for name in ("page", "export"):
            params.pop(name, None)
        return ListPage(
            listing=self,
            page=page,
            rows=shown,
            total=total,
            total_label=self.noun % {"count": total, "total": number_format(total, force_grouping=True)},
            headers=self._headers(params, sort),
            form=form,
            errors=errors,
            sort=sort,
            per_page=per_page,
            page_sizes=self.page_sizes,
            query=params.urlencode(),
            export_urls={fmt: _with(params, export=fmt) for fmt in EXPORT_FORMATS},
        )

    def _headers(self, params: QueryDict, sort: str) -> list[Header]:
        out = []
        for column in self.columns:
            if not column.show:
                continue
            if not column.sortable:
                out.append(Header(column, "", ""))
                continue
            current = sort.removeprefix("-") == column.key
            descending = sort.startswith("-")
            target = f"-{column.key}" if current and not descending else column.key
            aria = ("descending" if descending else "ascending") if current else ""
            out.append(Header(column, _with(params, sort=target), aria))
        return out

    # --- export ----------------------------------------------------------------------------------

    def _export_columns(self) -> list[Column]:
        return [c for c in self.columns if c.export]

    def _chunks(self, rows: Any) -> Iterator[list[Any]]:
        source = rows.iterator(chunk_size=EXPORT_CHUNK) if isinstance(rows, QuerySet) else iter(rows)
        chunk: list[Any] = []
        for obj in source:
            chunk.append(obj)
            if len(chunk) >= EXPORT_CHUNK:
                yield self.decorate(chunk) if self.decorate else chunk
                chunk = []
        if chunk:
            yield self.decorate(chunk) if self.decorate else chunk

    def export_rows(self, rows: Any) -> Iterator[list[Any]]:
        """The header row, then one row of cells per list row (all of them, in chunks)."""
        columns = self._export_columns()
        yield [neutralise(str(c.label)) for c in columns]
        for chunk in self._chunks(rows):
            for row in chunk:
                yield [_cell(_value(row, c)) for c in columns]

    def download(self, rows: Any, fmt: str) -> HttpResponseBase:
        """The export of rows that something else filtered and ordered (a search engine's matches)."""
        if fmt not in EXPORT_FORMATS:
            message = _("export: “%(value)s” is not a format (one of: csv, xlsx).") % {"value": fmt[:40]}
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        return self._export(rows, fmt)

    def _export(self, rows: Any, fmt: str) -> HttpResponseBase:
        stamp = timezone.localdate().isoformat()
        filename = f"{self.name}-{stamp}.{fmt}"
        if fmt == "csv":
            response: HttpResponseBase = StreamingHttpResponse(
                _in_request_context(_csv_lines(self.export_rows(rows))),
                content_type="text/csv; charset=utf-8",
            )
        else:
            response = HttpResponse(
                _xlsx_bytes(self.export_rows(rows), sheet=self.name),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


def _with(params: QueryDict, **changes: str) -> str:
    copy_ = params.copy()
    copy_.pop("page", None)
    for name, value in changes.items():
        copy_[name] = value
    return "?" + copy_.urlencode()


def _value(row: Any, column: Column) -> Any:
    spec = column.value if column.value is not None else column.key
    if callable(spec):
        return spec(row)
    value = row
    for part in spec.split("."):
        if value is None:
            return None
        value = getattr(value, part)
        if callable(value):
            value = value()
    return value


def neutralise(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula gets a leading single quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, dt.date):
        return value
    return neutralise(str(value))


def _in_request_context(lines: Iterator[bytes]) -> Iterator[bytes]:
    """Stream in the request's time zone and language: middleware resets both before the body streams."""
    zone, language = timezone.get_current_timezone(), translation.get_language()

    def streamed() -> Iterator[bytes]:
        with timezone.override(zone), translation.override(language):
            yield from lines

    return streamed()


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(rows: Iterable[list[Any]]) -> Iterator[bytes]:
    writer = csv.writer(_Echo())
    yield "\ufeff".encode()  # Excel reads UTF-8 only with the byte-order mark
    for row in rows:
        cells = [
            "" if v is None else (v.isoformat(sep=" ") if isinstance(v, dt.datetime) else v) for v in row
        ]
        yield writer.writerow(cells).encode("utf-8")


def _xlsx_bytes(rows: Iterable[list[Any]], *, sheet: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ws = book.create_sheet(title=sheet[:31])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
