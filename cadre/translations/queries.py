"""Read translated texts in SQL: one correlated subquery per field, so a page stays one query.

Lower apps' selectors import only this module (it imports no app but its own model).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db.models import Model, OuterRef, QuerySet, Subquery
from django.utils import translation

from cadre.translations.models import TranslatedText

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
    return queryset.annotate(**annotations)


def translated(obj: Any, name: str) -> Any:
    """The annotated translation of ``obj.<name>`` when there is one, else the original."""
    text = getattr(obj, f"{name}{SUFFIX}", None)
    return text if text else getattr(obj, name, "")


def is_translated(obj: Any, name: str) -> bool:
    return bool(getattr(obj, f"{name}{SUFFIX}", None))
