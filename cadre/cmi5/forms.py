from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cadre.cmi5.selectors import administrations_for_import, catalogue_courses_for_link
from cadre.core.pickers import PickerField
from cadre.tenancy.access import Actor

if TYPE_CHECKING:
    from cadre.tenancy.models import Administration


class ImportForm(forms.Form):
    # The choices are the actor's managed administrations, set per request in __init__.
    administration: forms.ModelChoiceField[Administration] = forms.ModelChoiceField(
        queryset=None, label=_("Administration")
    )
    package = forms.FileField(label=_("Course package (cmi5.xml or ZIP)"))
    catalogue_course = PickerField(
        source="courses", required=False, label=_("Catalogue course (its modules will follow the AUs)")
    )

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["administration"].queryset = administrations_for_import(user=user)  # type: ignore[attr-defined]
        self.fields["catalogue_course"].queryset = catalogue_courses_for_link(user=user)  # type: ignore[attr-defined]


class WaiveForm(forms.Form):
    reason = forms.ChoiceField(
        choices=[
            (r, r) for r in ("Administrative", "Tested Out", "Equivalent AU", "Equivalent Outside Activity")
        ],
        label=_("Reason"),
    )
