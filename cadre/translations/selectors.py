"""Read translations for the edit page: the record (scoped), its originals and its texts per language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import Http404

from cadre.tenancy.access import get_scoped_or_404
from cadre.translations.kinds import KINDS, TranslatableKind
from cadre.translations.models import TranslatedText


@dataclass(frozen=True)
class FieldTexts:
    field: str
    label: Any
    original: str
    #: language code -> text ("" when not translated)
    texts: dict[str, str]


@dataclass(frozen=True)
class RecordTranslations:
    kind: TranslatableKind
    record: Any
    fields: list[FieldTexts]
    languages: list[tuple[str, Any]]


def kind_get(key: str) -> TranslatableKind:
    kind = KINDS.get(key)
    if kind is None:
        raise Http404("Not found")
    return kind


def translatable_get_for_user(*, user: Any, kind_key: str, record_id: int) -> tuple[TranslatableKind, Any]:
    """The record a manager of its owner may translate; a foreign or missing one answers 404."""
    kind = kind_get(kind_key)
    return kind, get_scoped_or_404(kind.editable(user), pk=record_id)


def record_translations(*, user: Any, kind_key: str, record_id: int) -> RecordTranslations:
    kind, record = translatable_get_for_user(user=user, kind_key=kind_key, record_id=record_id)
    stored: dict[tuple[str, str], str] = {
        (t.field, t.language): t.text
        for t in TranslatedText.objects.filter(kind=kind.key, record_id=record.pk).only(
            "field", "language", "text"
        )
    }
    languages = [(code, name) for code, name in settings.LANGUAGES]
    fields = [
        FieldTexts(name, label, read(record), {code: stored.get((name, code), "") for code, _n in languages})
        for name, (label, read) in kind.fields.items()
    ]
    return RecordTranslations(kind, record, fields, languages)


def course_titles_for_viewer(*, user: Any) -> dict[int, str]:
    """Course id → title in the viewer's language, for the courses the user may see that have one
    (one query, for pages that name courses gathered from many querysets, such as the work queues)."""
    from cadre.catalogue.selectors import courses_visible_to
    from cadre.translations.queries import viewer_language

    rows = TranslatedText.objects.filter(
        kind="course",
        field="title",
        language=viewer_language(),
        record_id__in=courses_visible_to(user=user).values("pk"),
    ).values_list("record_id", "text")
    return {record_id: text for record_id, text in rows if text}
