"""Pickers that scale: a server-side typeahead (ARIA 1.2 combobox) instead of a long ``<select>``.

The generic part lives here: text folding for search keys, a registry of picker sources that each
owning app fills in its ``AppConfig.ready()`` (core never imports the apps above it), the form
widgets and the form fields. Without JavaScript the widget is a plain text input where one types
the record's natural key (an officer's employee number, a unit's or course's code) or ``#`` and its
id; with JavaScript (``cadre/combobox.js``) it becomes a combobox whose options come from
``/pickers/?source=<name>&q=`` through htmx, and the chosen option submits ``#<id>``.

A form field keeps the scoped queryset it was given: the search endpoint only proposes, the field
decides, so a foreign record typed by hand is refused like a missing one.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

#: The most options one answer shows; past it the list says "refine your search".
PICKER_LIMIT = 20
#: A list this short stays a plain ``<select>`` (or checkboxes): typing pays off only past it.
SHORT_LIST_MAX = 100
#: The longest query the endpoint reads (a name, a number or a unit name is far shorter).
PICKER_MAX_QUERY = 100

_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}  # ァ..ヶ -> ぁ..ゖ
_LATIN_MARKS = dict.fromkeys(range(0x0300, 0x0370))  # combining diacritics; kana voicing marks stay


def search_fold(text: str) -> str:
    """Fold text for matching: NFKC (half/full width), case-folded, Latin diacritics and kana kind dropped.

    "Ｙａｍａｄａ", "yamada" and "YAMADA" fold alike, "Müller" matches "muller", "ヤマダ" and "やまだ"
    match each other; kanji are kept as they are (a reading is stored beside them when known).
    """
    text = unicodedata.normalize("NFKC", text or "").casefold()
    if not text.isascii():
        text = unicodedata.normalize("NFD", text).translate(_LATIN_MARKS)
        text = unicodedata.normalize("NFC", text).translate(_KATAKANA_TO_HIRAGANA)
    return " ".join(text.split())


def search_terms(query: str) -> list[str]:
    """The folded words of a query, each of which a result must contain."""
    return search_fold(query[:PICKER_MAX_QUERY]).split()


@dataclass(frozen=True)
class PickerOption:
    """One proposed record: what it submits, its name and what tells it apart from a namesake."""

    pk: int
    label: str
    details: tuple[str, ...] = ()
    reading: str = ""

    @property
    def value(self) -> str:
        return f"#{self.pk}"


@dataclass(frozen=True)
class PickerResult:
    options: list[PickerOption]
    more: bool = False  # more records matched than were shown


@dataclass(frozen=True)
class PickerSource:
    """A kind of record one can pick: how to search it and how to show one record."""

    name: str
    search: Callable[..., PickerResult]  # (*, user, query, limit) -> PickerResult
    describe: Callable[[Any], PickerOption]
    key_field: str | None = None  # natural key typed without JavaScript (unique within a scope)
    related: tuple[str, ...] = ()  # what ``describe`` reads beyond the row (select_related)
    placeholder: Any = ""
    hint: Any = field(default=_("Type at least one character"))


_SOURCES: dict[str, PickerSource] = {}


def picker_source_register(source: PickerSource) -> None:
    """Offer a picker (called from the owning app's ``AppConfig.ready()``)."""
    _SOURCES[source.name] = source


def picker_source(name: str) -> PickerSource | None:
    return _SOURCES.get(name)


def picker_search(*, name: str, user: Any, query: str, limit: int = PICKER_LIMIT) -> PickerResult:
    """What the named picker proposes for ``query``; nothing for an unknown source or an empty query."""
    source = _SOURCES.get(name)
    if source is None or not search_terms(query):
        return PickerResult(options=[])
    return source.search(user=user, query=query[:PICKER_MAX_QUERY], limit=limit)


def limited(
    rows: Sequence[Any] | QuerySet[Any], *, limit: int, describe: Callable[[Any], PickerOption]
) -> PickerResult:
    """Turn the first ``limit + 1`` rows of a query into a result that knows whether more matched."""
    items = list(rows[: limit + 1])
    return PickerResult(options=[describe(r) for r in items[:limit]], more=len(items) > limit)


# --- resolving what was typed or chosen -------------------------------------------------------


def _resolve(queryset: QuerySet[Model], key_field: str | None, text: str) -> Model:
    """The one record of ``queryset`` that ``text`` names: ``#id``, the natural key, or a bare id."""
    text = unicodedata.normalize("NFKC", text).strip()
    if text.startswith("#"):
        pk = text[1:].strip()
        if pk.isdigit():
            found = queryset.filter(pk=int(pk)).first()
            if found is not None:
                return found
        raise ValidationError(
            _("No record with the id %(value)s is available here."),
            code="invalid_choice",
            params={"value": pk},
        )
    if key_field:
        matches = list(queryset.filter(**{key_field: text})[:2])
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise ValidationError(
                _("Several records are known as %(value)s: choose one from the list or type # and its id."),
                code="ambiguous",
                params={"value": text},
            )
    if text.isdigit() and len(text) < 19:
        found = queryset.filter(pk=int(text)).first()
        if found is not None:
            return found
    raise ValidationError(
        _("Nothing called %(value)s is available here."), code="invalid_choice", params={"value": text}
    )


class _PickerWidgetMixin:
    template_name = "cadre/pickers/combobox.html"
    multiple = False

    def __init__(self, *, source: str, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs)  # type: ignore[call-arg]
        self.source = source
        self.choices: Any = ()  # set by the field; never iterated (that would load every row)

    def _queryset(self) -> tuple[PickerSource | None, QuerySet[Any] | None]:
        source = picker_source(self.source)
        queryset = getattr(self.choices, "queryset", None)
        if source is None or queryset is None:
            return source, None
        return source, queryset.select_related(*source.related) if source.related else queryset

    def _describe_values(self, values: Iterable[str]) -> list[PickerOption]:
        source, queryset = self._queryset()
        if source is None or queryset is None:
            return []
        out = []
        for text in values:
            try:
                out.append(source.describe(_resolve(queryset, source.key_field, text)))
            except ValidationError:
                continue
        return out

    def short_list(self) -> list[PickerOption] | None:
        """Every choice when there are at most ``SHORT_LIST_MAX`` (one query), else None."""
        source, queryset = self._queryset()
        if source is None or queryset is None:
            return None
        rows = list(queryset[: SHORT_LIST_MAX + 1])
        return [source.describe(r) for r in rows] if len(rows) <= SHORT_LIST_MAX else None

    def empty_label(self) -> Any:
        field = getattr(self.choices, "field", None)
        label = getattr(field, "empty_label", "—")
        return label if label is not None else "—"

    @property
    def use_fieldset(self) -> bool:
        """Checkboxes (a short multiple choice) are grouped under a legend; a text input is not."""
        return self.multiple and self.short_list() is not None

    def picker_context(self, context: dict[str, Any], values: list[str]) -> dict[str, Any]:
        source = picker_source(self.source)
        short = self.short_list()
        chosen = self._describe_values(values)
        context["picker"] = {
            "url": f"{reverse('core:picker')}?{urlencode({'source': self.source})}",
            "multiple": self.multiple,
            "chosen": chosen,
            "short": short,
            "selected": {o.value for o in chosen},
            "empty_label": None if self.multiple else self.empty_label(),
            "placeholder": source.placeholder if source else "",
            "hint": source.hint if source else "",
        }
        return context


class PickerWidget(_PickerWidgetMixin, forms.TextInput):
    """One record: a text input that JavaScript turns into a combobox."""

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Model):
            return f"#{value.pk}"
        if isinstance(value, int):
            return f"#{value}"
        return super().format_value(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        text = context["widget"]["value"]
        return self.picker_context(context, [text] if text else [])


class PickerMultipleWidget(_PickerWidgetMixin, forms.TextInput):
    """Several records: keys separated by commas without JavaScript, chips with it."""

    multiple = True

    def format_value(self, value: Any) -> str | None:
        if value is None or value == "":
            return None
        items = value if isinstance(value, list | tuple | QuerySet) else [value]
        out = []
        for item in items:
            if isinstance(item, Model):
                out.append(f"#{item.pk}")
            elif isinstance(item, int):
                out.append(f"#{item}")
            else:
                out.append(str(item))
        return ", ".join(out)

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        getter = getattr(data, "getlist", None)
        raw = getter(name) if getter else data.get(name, "")
        raw = raw if isinstance(raw, list | tuple) else [raw]
        return [part.strip() for chunk in raw if chunk for part in str(chunk).split(",") if part.strip()]

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        text = context["widget"]["value"] or ""
        return self.picker_context(context, [p.strip() for p in text.split(",") if p.strip()])


def _queryset(field: forms.ModelChoiceField) -> QuerySet[Any]:  # type: ignore[type-arg]
    """The field's scoped queryset; a picker without one is a programming error, not bad input."""
    if field.queryset is None:
        raise ImproperlyConfigured(f"{type(field).__name__} needs a scoped queryset")
    return field.queryset


class PickerField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A ``ModelChoiceField`` picked by typing; the scoped queryset still decides what is valid."""

    def __init__(self, *, source: str, queryset: Any = None, **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("widget", PickerWidget(source=source))
        super().__init__(queryset=queryset, **kwargs)

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if isinstance(value, Model):
            return value
        source = picker_source(self.source)
        return _resolve(_queryset(self), source.key_field if source else None, str(value))

    def validate(self, value: Any) -> None:
        forms.Field.validate(self, value)

    def has_changed(self, initial: Any, data: Any) -> bool:
        return str(getattr(initial, "pk", initial) or "") != str(data or "")


class PickerMultipleField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Several records picked by typing, each resolved in the scoped queryset."""

    def __init__(self, *, source: str, queryset: Any = None, **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("widget", PickerMultipleWidget(source=source))
        super().__init__(queryset=queryset, **kwargs)

    def clean(self, value: Any) -> Any:
        values = [v for v in (value or []) if str(v).strip()]
        if self.required and not values:
            raise ValidationError(self.error_messages["required"], code="required")
        if not values:
            return _queryset(self).none()
        source = picker_source(self.source)
        key_field = source.key_field if source else None
        pks = [
            v.pk if isinstance(v, Model) else _resolve(_queryset(self), key_field, str(v)).pk for v in values
        ]
        return _queryset(self).filter(pk__in=pks)


def _flat_choices(choices: Any) -> dict[str, str]:
    """(value, label) pairs of a field's choices, optgroups flattened, the empty choice left out."""
    out: dict[str, str] = {}
    for key, label in choices:
        if isinstance(label, list | tuple):
            out.update({str(k): str(v) for k, v in label if k not in ("", None)})
        elif key not in ("", None):
            out[str(key)] = str(label)
    return out


def _choice_key(text: str, labels: dict[str, str]) -> str:
    """The choice ``text`` names: ``#id`` or a bare id, else a code (the label's first word) or a label."""
    text = unicodedata.normalize("NFKC", text).strip().lstrip("#").strip()
    if text in labels or not text:
        return text
    wanted = search_fold(text)
    found = [k for k, label in labels.items() if search_fold(label).split(" ")[0] == wanted]
    found = found or [k for k, label in labels.items() if search_fold(label) == wanted]
    return found[0] if len(found) == 1 else text


def _describe_choices(choices: Any, values: Iterable[str]) -> list[PickerOption]:
    labels = _flat_choices(choices)
    keys = (_choice_key(v, labels) for v in values)
    return [PickerOption(pk=int(k), label=labels[k]) for k in keys if k in labels and k.isdigit()]


def _short_choices(choices: Any) -> list[PickerOption] | None:
    labels = _flat_choices(choices)
    if len(labels) > SHORT_LIST_MAX:
        return None
    return [PickerOption(pk=int(k), label=v) for k, v in labels.items() if k.isdigit()]


class PickerChoiceWidget(PickerWidget):
    """A combobox over a field whose choices are (id, label) pairs already scoped by the view.

    Only the chosen label is looked up in the choices; without JavaScript one types the code
    (the label's first word, e.g. a competency or course code) or ``#`` and the id.
    """

    def _describe_values(self, values: Iterable[str]) -> list[PickerOption]:
        return _describe_choices(self.choices, values)

    def short_list(self) -> list[PickerOption] | None:
        return _short_choices(self.choices)

    def empty_label(self) -> Any:
        return next((label for key, label in self.choices if key in ("", None)), None)

    def format_value(self, value: Any) -> str | None:
        if value in (None, ""):
            return None
        text = str(value)
        return text if text.startswith("#") or not text.isdigit() else f"#{text}"

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        value = data.get(name)
        return _choice_key(value, _flat_choices(self.choices)) if isinstance(value, str) else value


class PickerMultipleChoiceWidget(PickerMultipleWidget):
    """Several choices of a (id, label) choice list, typed as codes or ids separated by commas."""

    def _describe_values(self, values: Iterable[str]) -> list[PickerOption]:
        return _describe_choices(self.choices, values)

    def short_list(self) -> list[PickerOption] | None:
        return _short_choices(self.choices)

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        labels = _flat_choices(self.choices)
        return [_choice_key(v, labels) for v in super().value_from_datadict(data, files, name)]


def picker_filter(
    queryset: QuerySet[Any],
    *,
    query: str,
    fields: Sequence[str],
    limit: int,
    describe: Callable[[Any], PickerOption],
) -> PickerResult:
    """Search a small scoped table (units, courses, competencies: thousands, not 100,000 rows).

    The texts of ``fields`` are folded here, so "ｺｰｽ", "コース" and "こーす" match alike without a
    stored key; every word of the query must occur in one of them. The queryset's order is kept.
    """
    terms = search_terms(query)
    if not terms:
        return PickerResult(options=[])
    pks: list[int] = []
    for pk, *texts in queryset.values_list("pk", *fields).iterator(chunk_size=2000):
        haystack = search_fold(" | ".join(str(t) for t in texts if t))
        if all(term in haystack for term in terms):
            pks.append(pk)
            if len(pks) > limit:
                break
    by_pk = queryset.in_bulk(pks)
    rows = [by_pk[pk] for pk in pks if pk in by_pk]
    return PickerResult(options=[describe(r) for r in rows[:limit]], more=len(rows) > limit)
