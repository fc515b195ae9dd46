"""Forms of the officer pages: they parse input; services and selectors decide."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cadre.tenancy.models import Administration


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
