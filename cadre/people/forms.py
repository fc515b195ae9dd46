"""Forms of the officer pages: they parse input; services and selectors decide."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cadre.core.pickers import PickerChoiceWidget
from cadre.people.models import Position
from cadre.tenancy.models import Administration, OrgUnit


class OfficerFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or employee number"), required=False, max_length=120)
    org_unit = forms.TypedChoiceField(
        label=_("Org unit"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=PickerChoiceWidget(source="org-units"),
    )
    position = forms.TypedChoiceField(label=_("Position"), required=False, coerce=int, empty_value=None)

    def __init__(
        self, *args: Any, org_units: Iterable[OrgUnit], positions: Iterable[Position], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["org_unit"]).choices = [("", _("All units"))] + [
            (u.pk, "\u00a0\u00a0" * u.depth + u.name) for u in org_units
        ]
        cast(forms.ChoiceField, self.fields["position"]).choices = [("", _("All positions"))] + [
            (p.pk, p.title) for p in positions
        ]


class OfficerImportForm(forms.Form):
    administration = forms.TypedChoiceField(label=_("Administration"), coerce=int)
    file = forms.FileField(label=_("HR file (CSV or Excel)"))

    def __init__(self, *args: Any, administrations: Iterable[Administration], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["administration"]).choices = [
            (a.pk, a.name) for a in administrations
        ]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.CADRE_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(max)s bytes."), params={"max": settings.CADRE_IMPORT_MAX_BYTES}
            )
        return upload
