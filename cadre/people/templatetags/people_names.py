"""Template filters that write a person's name in the viewer's locale (see cadre.people.names)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from cadre.people.names import name_format, officer_name, officer_reading

register = template.Library()


@register.filter(name="officer_name")
def officer_name_filter(officer: Any) -> str:
    """``{{ officer|officer_name }}``: "山田 太郎" in Japanese, "Taro Yamada" in English."""
    return officer_name(officer) if officer is not None else ""


@register.filter(name="officer_name_ruby")
def officer_name_ruby(officer: Any) -> SafeString | str:
    """The name with its stored reading as ruby (parentheses where ruby is not supported)."""
    if officer is None:
        return ""
    name, reading = officer_name(officer), officer_reading(officer)
    if not reading:
        return name
    return format_html("<ruby>{}<rp>(</rp><rt>{}</rt><rp>)</rp></ruby>", name, reading)


@register.simple_tag
def person_name(given: str, family: str) -> str:
    """``{% person_name given family %}`` for a name that is not an officer record."""
    return name_format(given=given, family=family)
