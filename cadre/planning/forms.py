"""Forms of the planning pages that pick a record: the services decide the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cadre.core.pickers import PickerField


class UnitBudgetForm(forms.Form):
    """The unit a budget is set for, picked by typing once the organisation is large."""

    org_unit_id = PickerField(source="org-units", label=_("Org unit"))

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit_id"].queryset = units  # type: ignore[attr-defined]

    def unit_id(self) -> int:
        """The chosen unit's id, or 0 (which the service refuses, naming the field)."""
        return self.cleaned_data["org_unit_id"].pk if self.is_valid() else 0
