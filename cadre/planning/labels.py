"""Names people read for the solver's method and a run's phase (both stored as codes)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

METHOD_LABELS = {
    "greedy": gettext_lazy("Greedy heuristic"),
    "colgen": gettext_lazy("Column generation"),
    "highs": gettext_lazy("Exact integer program (HiGHS)"),
}


def solver_method_label(method: str | None) -> str:
    """ "colgen+improve" → "Column generation + improvement rounds"; an unknown code is shown as is."""
    if not method:
        return ""
    base, _sep, suffix = str(method).partition("+")
    label = str(METHOD_LABELS.get(base, base))
    if suffix == "improve":
        return _("%(method)s + improvement rounds") % {"method": label}
    return f"{label} + {suffix}" if suffix else label


PHASE_LABELS = {
    "starting": gettext_lazy("starting"),
    "building": gettext_lazy("building the problem"),
    "greedy": gettext_lazy("greedy baseline"),
    "optimiser": gettext_lazy("optimising"),
    "bound": gettext_lazy("bound"),
    "rounded": gettext_lazy("rounding"),
    "plan": gettext_lazy("plan found"),
    "improve": gettext_lazy("improvement rounds"),
    "storing": gettext_lazy("storing"),
    "scenarios": gettext_lazy("scenarios"),
    "duals": gettext_lazy("dual values"),
    "done": gettext_lazy("done"),
    "failed": gettext_lazy("failed"),
    "cancelled": gettext_lazy("cancelled"),
}


def run_phase_label(phase: str | None) -> str:
    """A run's phase code as a name; an unknown code is shown as is."""
    return str(PHASE_LABELS.get(phase or "", phase or ""))
