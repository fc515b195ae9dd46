"""Numbers, money, dates and times in the viewer's language: ``{% load cadre_l10n %}``.

``{{ n|count }}`` 57 · ``{{ x|number:1 }}`` 1,234.6 · ``{{ p|percent }}`` 12.3% · ``{{ c|money }}``
JPY 1,234,568 (the administration's currency, or ``money:"EUR"``) · ``{{ d|local_date }}``
2026/05/13 · ``{{ t|local_datetime }}`` · ``{{ t|local_time }}`` · ``{{ v|figure:"money" }}`` by kind.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import template

from cadre.core import l10n

register = template.Library()


@register.filter
def count(value: Any) -> str:
    return l10n.format_count(value)


@register.filter
def number(value: Any, digits: int = 2) -> str:
    return l10n.format_number(value, int(digits))


@register.filter
def percent(value: Any, digits: int = 1) -> str:
    """A value already in percent (12.3 → 12.3%)."""
    return l10n.format_percent(value, int(digits))


@register.filter
def ratio_percent(value: Any, digits: int = 0) -> str:
    """A ratio shown as a percentage (0.25 → 25%)."""
    return l10n.format_percent(value, int(digits), ratio=True)


@register.filter
def money(value: Any, currency: str | None = None) -> str:
    return l10n.format_money(value, currency or None)


@register.filter
def local_date(value: Any) -> str:
    return l10n.format_date(value)


@register.filter
def local_day(value: Any) -> str:
    return l10n.format_day(value)


@register.filter
def local_datetime(value: Any) -> str:
    return l10n.format_datetime(value)


@register.filter
def local_time(value: Any) -> str:
    return l10n.format_time(value)


_BY_KIND: dict[str, Callable[[Any], str]] = {
    "count": l10n.format_count,
    "money": l10n.format_money,
    "percent": l10n.format_percent,
    "seconds": lambda v: l10n.format_number(v, 1),
}


@register.filter
def figure(value: Any, kind: str = "number") -> str:
    """Format by the kind of figure a row carries (count, money, percent, seconds, number)."""
    return _BY_KIND.get(kind, l10n.format_number)(value)


@register.filter
def tr(record: Any, name: str) -> Any:
    """A record's text in the viewer's language when a selector annotated one (``title_tr``), else its own."""
    text = getattr(record, f"{name}_tr", None)
    return text if text else getattr(record, name, "")


@register.filter(name="language_name")
def language_name(code: Any) -> str:
    """``{{ practice.language|language_name }}``: "Chinese" / "中国語" for "zh"."""
    return l10n.language_name(str(code or ""))
