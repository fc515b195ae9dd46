"""``{{ plan.result.method|solver_method }}``, ``{{ run.phase|run_phase }}``: codes as translated names."""

from __future__ import annotations

from django import template

from cadre.planning.labels import run_phase_label, solver_method_label

register = template.Library()


@register.filter
def solver_method(value: str | None) -> str:
    return solver_method_label(value)


@register.filter
def run_phase(value: str | None) -> str:
    return run_phase_label(value)
