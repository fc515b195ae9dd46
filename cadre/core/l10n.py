"""Numbers, money, dates and times in the viewer's language and the administration's customs.

Babel (CLDR data) formats; Django's translation machinery picks the language and the
``AdministrationTimezoneMiddleware`` activates the administration's time zone and currency for the
request. See docs/decisions/0011-translated-data.md for why Babel rather than Django's formats alone.
"""

from __future__ import annotations

import contextvars
import datetime as dt
from decimal import Decimal
from functools import cache
from typing import Any

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel.core import get_global
from django.utils import timezone, translation

#: Used where no administration is known (a regional page, a background job) or none was set.
NO_CURRENCY = "XXX"

_currency: contextvars.ContextVar[str | None] = contextvars.ContextVar("cadre_currency", default=None)

Number = int | float | Decimal


@cache
def iso_4217_codes() -> frozenset[str]:
    """The ISO 4217 codes in current use somewhere (CLDR's territory table), plus XXX "no currency"."""
    codes = {NO_CURRENCY}
    for entries in get_global("territory_currencies").values():
        codes.update(code for code, _start, end, _tender in entries if end is None)
    return frozenset(codes)


def currency_for_time_zone(time_zone: str) -> str:
    """The legal tender of the country a tz database zone belongs to (XXX when it has none, e.g. UTC)."""
    territory = get_global("zone_territories").get(time_zone)
    if not territory:
        return NO_CURRENCY
    tender = babel_numbers.get_territory_currencies(territory, tender=True)
    return tender[0] if tender else NO_CURRENCY


def activate_currency(code: str | None) -> contextvars.Token[str | None]:
    return _currency.set(code)


def deactivate_currency(token: contextvars.Token[str | None]) -> None:
    _currency.reset(token)


def active_currency() -> str:
    return _currency.get() or NO_CURRENCY


@cache
def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def current_locale() -> Locale:
    return _locale(translation.get_language() or "en")


def language_name(code: str) -> str:
    """A language's name in the viewer's language, for any BCP 47 code a record may carry ("zh",
    "pt-BR"), not only the interface languages Django knows (its get_language_info fails on "zh")."""
    if not code:
        return ""
    try:
        language = Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return code
    return language.get_display_name(current_locale()) or code


def _is_blank(value: Any) -> bool:
    return value is None or value == ""


def format_count(value: Any) -> str:
    """A whole number of things (sessions, officers): grouped, never with decimals."""
    if _is_blank(value):
        return ""
    return babel_numbers.format_decimal(round(Decimal(str(value))), format="#,##0", locale=current_locale())


def format_number(value: Any, digits: int = 2) -> str:
    """A measured quantity with at most ``digits`` decimals (trailing zeros dropped)."""
    if _is_blank(value):
        return ""
    pattern = "#,##0" + ("." + "#" * digits if digits > 0 else "")
    return babel_numbers.format_decimal(Decimal(str(value)), format=pattern, locale=current_locale())


def format_percent(value: Any, digits: int = 1, *, ratio: bool = False) -> str:
    """A percentage; ``value`` is already in percent unless ``ratio`` (0.25 → 25 %)."""
    if _is_blank(value):
        return ""
    number = Decimal(str(value)) / (1 if ratio else 100)
    pattern = "#,##0" + ("." + "#" * digits if digits > 0 else "") + "%"
    return babel_numbers.format_percent(number, format=pattern, locale=current_locale())


def format_money(value: Any, currency: str | None = None) -> str:
    """An amount with its ISO 4217 code and the currency's own decimals (JPY 1,234,568; EUR 12.50)."""
    if _is_blank(value):
        return ""
    code = (currency or active_currency()).upper()
    digits = babel_numbers.get_currency_precision(code)
    amount = Decimal(str(value))
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    number = babel_numbers.format_decimal(abs(amount), format=pattern, locale=current_locale())
    sign = "-" if amount < 0 and number.strip("0.,") else ""
    return f"{sign}{code}\u00a0{number}"


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def format_date(value: Any, length: str = "medium") -> str:
    """A calendar date (a datetime is first moved to the active time zone): 2026/05/13, May 13, 2026."""
    if _is_blank(value):
        return ""
    if isinstance(value, dt.datetime):
        value = _local(value).date()
    return babel_dates.format_date(value, format=length, locale=current_locale())


def format_day(value: Any) -> str:
    """A day with its weekday and no year, for column heads: Wed, May 13 · 5月13日(水)."""
    if _is_blank(value):
        return ""
    if isinstance(value, dt.datetime):
        value = _local(value).date()
    return str(babel_dates.format_skeleton("MMMEd", value, locale=current_locale()))


def format_datetime(value: Any) -> str:
    """A moment in the active (administration's) time zone: 2026/05/13 10:00, May 13, 2026, 10:00 AM."""
    if _is_blank(value):
        return ""
    local = _local(value)
    locale = current_locale()
    date_part = babel_dates.format_date(local.date(), format="medium", locale=locale)
    time_part = babel_dates.format_time(local.time(), format="short", locale=locale)
    return str(locale.datetime_formats["medium"]).format(time_part, date_part)


def format_time(value: Any) -> str:
    """A time of day (a datetime is first moved to the active time zone): 10:00, 10:00 AM."""
    if _is_blank(value):
        return ""
    if isinstance(value, dt.datetime):
        value = _local(value).time()
    return babel_dates.format_time(value, format="short", locale=current_locale())
