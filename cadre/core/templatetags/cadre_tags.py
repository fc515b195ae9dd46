"""Template helpers shared by Cadre's pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template

register = template.Library()


@dataclass(frozen=True)
class Change:
    field: str
    before: Any
    after: Any
    had_before: bool
    has_after: bool


@register.filter
def audit_changes(event: Any) -> list[Change]:
    """The fields an audit event touched, each with its value before and after."""
    before = event.before or {}
    after = event.after or {}
    keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
    return [
        Change(
            field=key,
            before=before.get(key),
            after=after.get(key),
            had_before=key in before,
            has_after=key in after,
        )
        for key in keys
        if before.get(key) != after.get(key) or key not in before or key not in after
    ]
