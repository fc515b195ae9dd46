"""The columns an officer import understands, and how one cell becomes one value.

Each parser returns the value to store or raises ``CellValueError`` with the reason shown to the user.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.people.imports.files import CellError, CellValue, Formula
from cadre.people.imports.iso639 import ISO_639_1


class CellValueError(ValueError):
    """One cell's value cannot be used; the message is the user-facing reason."""


FIELDS = (
    "employee_number",
    "given_name",
    "family_name",
    "given_name_reading",
    "family_name_reading",
    "email",
    "org_unit",
    "position",
    "grade",
    "service_start",
    "languages",
    "supervisor",
    "active",
)

#: Header names as HR systems spell them; matched after ``header_key`` (case, spaces, punctuation ignored).
ALIASES: dict[str, tuple[str, ...]] = {
    "employee_number": (
        "employee number",
        "employee no",
        "employee id",
        "employee code",
        "emp no",
        "emp id",
        "staff id",
        "staff number",
        "staff no",
        "personnel number",
        "personnel no",
        "officer number",
        "officer id",
        "service number",
        "職員番号",
        "社員番号",
    ),
    "given_name": ("given name", "given names", "first name", "firstname", "forename", "名"),
    "family_name": ("family name", "last name", "lastname", "surname", "姓"),
    "given_name_reading": (
        "given name reading",
        "given name kana",
        "first name reading",
        "名カナ",
        "名よみ",
        "名ふりがな",
    ),
    "family_name_reading": (
        "family name reading",
        "family name kana",
        "last name reading",
        "surname reading",
        "姓カナ",
        "姓よみ",
        "姓ふりがな",
    ),
    "email": ("email", "e-mail", "email address", "work email", "mail", "メールアドレス"),
    "org_unit": (
        "org unit",
        "org unit code",
        "organisation unit",
        "organization unit",
        "unit",
        "unit code",
        "department",
        "department code",
        "所属",
        "所属コード",
    ),
    "position": ("position", "position code", "job code", "post", "post code", "役職", "役職コード"),
    "grade": ("grade", "pay grade", "rank", "等級"),
    "service_start": (
        "service start",
        "service start date",
        "start date",
        "hire date",
        "date of hire",
        "date joined",
        "entry on duty",
        "採用日",
    ),
    "languages": ("languages", "language", "language codes", "言語"),
    "supervisor": (
        "supervisor",
        "supervisor employee number",
        "supervisor id",
        "supervisor number",
        "manager",
        "manager employee number",
        "manager id",
        "line manager",
        "reports to",
        "上司",
    ),
    "active": ("active", "is active", "status", "employment status", "在職"),
}


def header_key(text: str) -> str:
    """Fold a header for matching: width, case, spaces, underscores and punctuation do not count."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).casefold())


HEADER_FIELDS: dict[str, str] = {
    header_key(alias): name for name, aliases in ALIASES.items() for alias in (name, *aliases)
}

MAX_LENGTHS = {
    "employee_number": 40,
    "given_name": 120,
    "family_name": 120,
    "given_name_reading": 120,
    "family_name_reading": 120,
    "email": 254,
    "grade": 40,
}

# Bidirectional overrides can make a name display as something else ("Trojan source" for names).
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_EDGE_JUNK = "\ufeff\u200b"
_MANGLED_NUMBER = re.compile(r"^\d(\.\d+)?E\+\d+$", re.IGNORECASE)


def _refuse_special(value: CellValue) -> None:
    if isinstance(value, Formula):
        raise CellValueError(_("formula not allowed (enter the value itself)"))
    if isinstance(value, CellError):
        raise CellValueError(_("the cell holds the spreadsheet error %(code)s") % {"code": value.code})


def parse_text(value: CellValue, *, name: str) -> str:
    """Any script survives; input is NFC-normalised so the same name always compares equal."""
    _refuse_special(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        raise CellValueError(_("expected text, found TRUE/FALSE"))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    text = unicodedata.normalize("NFC", str(value)).strip().strip(_EDGE_JUNK).strip()
    if any(ch in _BIDI_CONTROLS or unicodedata.category(ch) == "Cc" for ch in text):
        raise CellValueError(_("contains control characters"))
    limit = MAX_LENGTHS.get(name)
    if limit is not None and len(text) > limit:
        raise CellValueError(_("longer than %(limit)d characters") % {"limit": limit})
    return text


def parse_required_text(value: CellValue, *, name: str) -> str:
    text = parse_text(value, name=name)
    if not text:
        raise CellValueError(_("required"))
    return text


def parse_employee_number(value: CellValue, *, name: str = "employee_number") -> str:
    number = parse_required_text(value, name=name)
    if _MANGLED_NUMBER.match(number):
        raise CellValueError(
            _("%(value)s looks like a number a spreadsheet rewrote: format the column as text")
            % {"value": number}
        )
    return number


def parse_email(value: CellValue) -> str:
    email = parse_text(value, name="email")
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CellValueError(_("not a valid email address: %(value)s") % {"value": email}) from exc
    return email


_TRUE = frozenset({"yes", "y", "true", "t", "1", "active", "on", "はい", "在職"})
_FALSE = frozenset({"no", "n", "false", "f", "0", "inactive", "off", "いいえ", "退職"})


def parse_active(value: CellValue) -> bool:
    """Blank means active: an HR export lists the people who work here."""
    _refuse_special(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    word = unicodedata.normalize("NFKC", str(value if value is not None else "")).strip().casefold()
    if not word or word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise CellValueError(_("expected yes or no, found %(value)s") % {"value": str(value)[:40]})


def parse_languages(value: CellValue) -> list[str]:
    """Codes separated by commas, semicolons or spaces; a region subtag (en-GB) is reduced to its language."""
    text = parse_text(value, name="languages")
    codes: list[str] = []
    unknown: list[str] = []
    for token in re.split(r"[,;|/\s]+", unicodedata.normalize("NFKC", text)):
        if not token:
            continue
        code = token.casefold().replace("_", "-").split("-")[0]
        if code not in ISO_639_1:
            unknown.append(token)
        elif code not in codes:
            codes.append(code)
    if unknown:
        raise CellValueError(
            _("unknown language code %(codes)s (use ISO 639-1 codes such as en, ja)")
            % {"codes": ", ".join(unknown[:5])}
        )
    return codes


# --- dates -------------------------------------------------------------------------------------

EARLIEST_START = dt.date(1950, 1, 1)
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_TIME_SUFFIX = re.compile(r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2}|[AaPp][Mm])?)$")
_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_YMD_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_YMD_JA = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_DMY_DOTS = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_AMBIGUOUS = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$")
_D_MON_Y = re.compile(r"^(\d{1,2})[\s\-/]+([^\W\d_]+)\.?[\s\-/,]+(\d{4})$")
_MON_D_Y = re.compile(r"^([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")


def infer_day_first(values: Iterable[CellValue]) -> bool | None:
    """Decide nn/nn/yyyy for a whole column from its unambiguous values (13/04 or 04/13); None if unknown."""
    day_first = month_first = False
    for value in values:
        if isinstance(value, str) and (match := _AMBIGUOUS.match(_date_text(value))):
            first, second = int(match[1]), int(match[2])
            day_first = day_first or first > 12
            month_first = month_first or second > 12
    if day_first != month_first:
        return day_first
    return None


def _date_text(value: str) -> str:
    return _TIME_SUFFIX.sub("", unicodedata.normalize("NFKC", value).strip())


def _text_to_date(text: str, *, day_first: bool | None) -> dt.date:
    for pattern, order in ((_YMD, "ymd"), (_YMD_COMPACT, "ymd"), (_YMD_JA, "ymd"), (_DMY_DOTS, "dmy")):
        if match := pattern.match(text):
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            return dt.date(parts["y"], parts["m"], parts["d"])
    if match := _AMBIGUOUS.match(text):
        first, second, year = (int(g) for g in match.groups())
        if day_first is None:
            if first > 12 or first == second:
                day_first = True
            elif second > 12:
                day_first = False
            else:
                raise CellValueError(
                    _("ambiguous date %(value)s (day/month or month/day?): use YYYY-MM-DD") % {"value": text}
                )
        return dt.date(year, second, first) if day_first else dt.date(year, first, second)
    for pattern, order in ((_D_MON_Y, "dmy"), (_MON_D_Y, "mdy")):
        if match := pattern.match(text):
            groups = dict(zip(order, match.groups(), strict=True))
            month = _MONTHS.get(groups["m"].casefold())
            if month is None:
                break
            return dt.date(int(groups["y"]), month, int(groups["d"]))
    raise CellValueError(_("not a date: %(value)s (use YYYY-MM-DD)") % {"value": text[:40]})


def parse_date(value: CellValue, *, day_first: bool | None = None) -> dt.date | None:
    _refuse_special(value)
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        date = value.date()
    elif isinstance(value, dt.date):
        date = value
    elif isinstance(value, bool | dt.time):
        raise CellValueError(_("not a date"))
    else:
        text = _date_text(value) if isinstance(value, str) else str(value)
        if not text:
            return None
        try:
            if isinstance(value, int | float):
                date = _number_to_date(value)
            else:
                date = _text_to_date(text, day_first=day_first)
        except CellValueError:
            raise
        except (ValueError, OverflowError) as exc:  # dt.date() refuses 2015-02-30
            raise CellValueError(_("not a valid date: %(value)s") % {"value": text[:40]}) from exc
    latest = timezone.localdate() + dt.timedelta(days=366)
    if not EARLIEST_START <= date <= latest:
        raise CellValueError(
            _("implausible date %(value)s (expected between %(earliest)s and %(latest)s)")
            % {
                "value": date.isoformat(),
                "earliest": EARLIEST_START.isoformat(),
                "latest": latest.isoformat(),
            }
        )
    return date


def _number_to_date(value: float) -> dt.date:
    """A number in a date column: 20150401 as written, or an Excel serial day not formatted as a date."""
    if float(value).is_integer() and 10_000_101 <= value <= 99_991_231:
        return _text_to_date(str(int(value)), day_first=None)
    if 1 <= value < 2_958_466:
        return (dt.datetime(1899, 12, 30) + dt.timedelta(days=float(value))).date()  # noqa: DTZ001
    raise CellValueError(_("not a date: %(value)s") % {"value": value})
