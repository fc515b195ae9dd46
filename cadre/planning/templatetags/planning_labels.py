"""``{{ plan.result.method|solver_method }}``: the solver's method as a translated name."""

from __future__ import annotations

from django import template

from cadre.planning.labels import solver_method_label

register = template.Library()


@register.filter
def solver_method(value: str | None) -> str:
    return solver_method_label(value)
