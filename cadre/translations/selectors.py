"""Read translated texts: in SQL for other apps' pages, and per record for the edit page.

``with_translations`` adds one correlated subquery per field, so a page stays one query; the ``tr``
template filter of ``cadre_l10n`` falls back to the original when the annotation is None.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.db.models import Model, OuterRef, QuerySet, Subquery
from django.utils import translation

from cadre.core.errors import NotFound
from cadre.tenancy.access import Actor, UserLike, actor_for, get_scoped_or_404
from cadre.translations.hooks import TranslatableKind, translatable_kind
from cadre.translations.models import TranslatedText

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

M = TypeVar("M", bound=Model)

#: The suffix of the annotation holding a field's translation (``title`` → ``title_tr``).
SUFFIX = "_tr"


def viewer_language() -> str:
    return (translation.get_language() or "en").split("-")[0]


def with_translations(
    queryset: QuerySet[M],
    *,
    kind: str,
    fields: Iterable[str],
    language: str | None = None,
    record: str = "pk",
    prefix: str = "",
) -> QuerySet[M]:
    """Annotate each row with ``<prefix><field>_tr``: its text in ``language`` (the viewer's), or None.

    ``record`` names the column holding the translated record's id (``course_id`` to translate a
    row's course); the ``tr`` template filter falls back to the original when the annotation is None.
    """
    language = language or viewer_language()
    annotations: dict[str, Any] = {}
    for name in fields:
        texts = TranslatedText.objects.filter(
            kind=kind, record_id=OuterRef(record), field=name, language=language
        ).values("text")[:1]
        annotations[f"{prefix}{name}{SUFFIX}"] = Subquery(texts)
    annotated: QuerySet[M] = queryset.annotate(**annotations)
    return annotated


def translated(obj: object, name: str) -> Any:
    """The annotated translation of ``obj.<name>`` when there is one, else the original."""
    text = getattr(obj, f"{name}{SUFFIX}", None)
    return text if text else getattr(obj, name, "")


def is_translated(obj: object, name: str) -> bool:
    return bool(getattr(obj, f"{name}{SUFFIX}", None))


def translated_texts(*, kind: str, field: str, record_ids: QuerySet[Any]) -> dict[int, str]:
    """Record id → text of ``field`` in the viewer's language, for the records that have one (one query)."""
    rows = TranslatedText.objects.filter(
        kind=kind, field=field, language=viewer_language(), record_id__in=record_ids
    ).values_list("record_id", "text")
    return {record_id: text for record_id, text in rows if text}


@dataclass(frozen=True)
class FieldTexts:
    field: str
    label: StrOrPromise
    original: str
    #: language code -> text ("" when not translated)
    texts: dict[str, str]


@dataclass(frozen=True)
class RecordTranslations:
    kind: TranslatableKind
    record: Any
    fields: list[FieldTexts]
    languages: list[tuple[str, StrOrPromise]]


def kind_get(key: str) -> TranslatableKind:
    """The registered kind with this key; an unknown one is not found."""
    kind = translatable_kind(key)
    if kind is None:
        raise NotFound(code="translation.unknown_kind")
    return kind


def translatable_get_for_user(
    *, user: Actor | UserLike, kind_key: str, record_id: int
) -> tuple[TranslatableKind, Any]:
    """The record a manager of its owner may translate; a foreign or missing one is not found."""
    kind = kind_get(kind_key)
    return kind, get_scoped_or_404(kind.editable(actor_for(user)), pk=record_id)


def record_translations(*, user: Actor | UserLike, kind_key: str, record_id: int) -> RecordTranslations:
    kind, record = translatable_get_for_user(user=user, kind_key=kind_key, record_id=record_id)
    stored: dict[tuple[str, str], str] = {
        (t.field, t.language): t.text
        for t in TranslatedText.objects.filter(kind=kind.key, record_id=record.pk).only(
            "field", "language", "text"
        )
    }
    languages: list[tuple[str, StrOrPromise]] = [(code, name) for code, name in settings.LANGUAGES]
    fields = [
        FieldTexts(name, label, read(record), {code: stored.get((name, code), "") for code, _n in languages})
        for name, (label, read) in kind.fields.items()
    ]
    return RecordTranslations(kind, record, fields, languages)
