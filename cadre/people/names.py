"""How an officer's name is written: one style per locale, used by every page and picker.

Japanese, Chinese and Korean put the family name first ("山田 太郎", "김민준"); every other locale
writes the given name first ("Taro Yamada"). A reading (kana or Latin, stored for names written in
kanji) follows the same order and is shown as ruby or in parentheses.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.utils import translation

FAMILY_FIRST_LANGUAGES = frozenset({"ja", "zh", "ko"})


def _family_first(language: str | None) -> bool:
    code = (language or translation.get_language() or "en").lower()
    return code.split("-")[0].split("_")[0] in FAMILY_FIRST_LANGUAGES


def _is_cjk(text: str) -> bool:
    return any(unicodedata.name(c, "").startswith(("CJK", "HANGUL", "HIRAGANA", "KATAKANA")) for c in text)


def name_format(*, given: str, family: str, language: str | None = None) -> str:
    """A person's name in the locale's order (``language`` defaults to the active one)."""
    given, family = (given or "").strip(), (family or "").strip()
    code = (language or translation.get_language() or "en").lower()[:2]
    if not _family_first(code):
        return " ".join(p for p in (given, family) if p)
    # Chinese and Korean write a name in their own script without a space; Japanese keeps one.
    sep = "" if code in {"zh", "ko"} and _is_cjk(family + given) else " "
    return sep.join(p for p in (family, given) if p)


def officer_name(officer: Any, language: str | None = None) -> str:
    """The officer's name as the viewer's locale writes it."""
    return name_format(given=officer.given_name, family=officer.family_name, language=language)


def officer_reading(officer: Any, language: str | None = None) -> str:
    """The stored reading of the name in the same order, or "" when none is stored."""
    given = getattr(officer, "given_name_reading", "") or ""
    family = getattr(officer, "family_name_reading", "") or ""
    if not (given or family):
        return ""
    reading = name_format(given=given, family=family, language=language)
    return "" if reading == officer_name(officer, language) else reading


def officer_name_with_reading(officer: Any, language: str | None = None) -> str:
    """The name followed by its reading in parentheses, for plain-text places (CSV, e-mail)."""
    name, reading = officer_name(officer, language), officer_reading(officer, language)
    return f"{name} ({reading})" if reading else name
