"""The compiled Good Practices Collection: one selection, a typeset PDF (typst) and an HTML edition.

The same selection always gives the same document: entries are ordered by theme, year, title and
id, the PDF's timestamp is the latest publication date in the selection, and fonts come only from
disk (Debian's fonts-noto-core for Latin and Thai, fonts-noto-cjk for Chinese and Japanese).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typst
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadre.core.typst import font_paths
from cadre.practices.models import Practice, Topic
from cadre.practices.selectors import publication_entries
from cadre.tenancy.access import Actor, UserLike

TEMPLATE = Path(__file__).with_name("typst") / "collection.typ"
SECTIONS = (
    ("summary", gettext_lazy("Summary")),
    ("context", gettext_lazy("Context")),
    ("challenge", gettext_lazy("Challenge")),
    ("approach", gettext_lazy("Approach")),
    ("results", gettext_lazy("Results")),
    ("evidence", gettext_lazy("Evidence")),
    ("lessons", gettext_lazy("Lessons learned")),
    ("transferability", gettext_lazy("Transferability")),
    ("contact", gettext_lazy("Contact")),
)
_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Selection:
    title: str
    topics: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    foreword: str = ""
    language: str = "en"


@dataclass(frozen=True)
class Section:
    topic: str
    theme: str
    entries: list[Practice]


@dataclass(frozen=True)
class Collection:
    selection: Selection
    sections: list[Section]
    administrations: list[tuple[str, list[Practice]]]
    stamp: dt.datetime

    @property
    def entry_count(self) -> int:
        return sum(len(s.entries) for s in self.sections)


def collection_build(*, user: Actor | UserLike, selection: Selection) -> Collection:
    """Group the selected published entries by theme: each entry sits under its first selected theme."""
    entries = publication_entries(user=user, topics=list(selection.topics), years=list(selection.years))
    order = [t for t in Topic.values if not selection.topics or t in selection.topics]
    labels = dict(Topic.choices)
    by_topic: dict[str, list[Practice]] = {t: [] for t in order}
    for entry in entries:
        own = {r.topic for r in entry.topic_rows.all()}
        primary = next((t for t in order if t in own), None)
        if primary is not None:
            by_topic[primary].append(entry)
    with translation.override(selection.language):
        sections = [Section(t, str(labels[t]), by_topic[t]) for t in order if by_topic[t]]
    admins: dict[str, list[Practice]] = {}
    for section in sections:
        for entry in section.entries:
            admins.setdefault(entry.administration.name, []).append(entry)
    published = [e.published_at for s in sections for e in s.entries if e.published_at]
    stamp = max(published).replace(microsecond=0) if published else _EPOCH
    return Collection(selection, sections, sorted(admins.items()), stamp)


def _entry_data(entry: Practice) -> dict[str, Any]:
    labels = dict(Topic.choices)
    return {
        "id": entry.pk,
        "title": entry.title,
        "lang": entry.language.split("-")[0],
        "administration": entry.administration.name,
        "year": str(entry.year),
        "topics": ", ".join(str(labels[r.topic]) for r in entry.topic_rows.all() if r.topic in labels),
        "fields": [
            {"label": str(label), "text": getattr(entry, name)}
            for name, label in SECTIONS
            if getattr(entry, name)
        ],
    }


def collection_inputs(*, collection: Collection) -> dict[str, str]:
    sel = collection.selection
    with translation.override(sel.language):
        years = ", ".join(str(y) for y in sel.years) if sel.years else _("all years")
        data = {
            "title": sel.title,
            "subtitle": _("%(count)d practices · %(years)s")
            % {"count": collection.entry_count, "years": years},
            "publisher": _("Regional Good Practices Collection"),
            "date": collection.stamp.date().isoformat(),
            "foreword": [p.strip() for p in sel.foreword.split("\n\n") if p.strip()]
            or [_("Member administrations share what worked for them so that others can learn from it.")],
            "labels": {
                "foreword": _("Foreword"),
                "contents": _("Contents"),
                "index": _("Index of administrations"),
            },
            "sections": [
                {"theme": s.theme, "entries": [_entry_data(e) for e in s.entries]}
                for s in collection.sections
            ],
            "index": [
                {"name": name, "entries": [{"id": e.pk, "title": e.title} for e in entries]}
                for name, entries in collection.administrations
            ],
        }
    return {"data": json.dumps(data, ensure_ascii=False, sort_keys=True)}


def collection_pdf(*, collection: Collection) -> bytes:
    pdf = typst.compile(
        TEMPLATE,
        font_paths=[Path(p) for p in font_paths()],
        ignore_system_fonts=True,
        sys_inputs=collection_inputs(collection=collection),
        timestamp=collection.stamp,
    )
    assert isinstance(pdf, bytes)
    return pdf


def collection_html(*, collection: Collection) -> str:
    with translation.override(collection.selection.language):
        return render_to_string(
            "practices/collection_edition.html",
            {"collection": collection, "sections": SECTIONS, "topic_labels": dict(Topic.choices)},
        )
