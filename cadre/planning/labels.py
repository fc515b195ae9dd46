"""Names people read for the solver's method codes (stored in a plan's result as codes)."""

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
