"""Forms of the web shell."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cadre.core.errors import DomainError


def add_domain_errors(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the form: each reason on its field, the rest above the form."""
    if not error.errors:
        form.add_error(None, error.detail)
    for item in error.errors:
        form.add_error(item.field if item.field in form.fields else None, item.reason)


class AuditFilterForm(forms.Form):
    """Filters of the audit log page; every field is optional."""

    entity_type = forms.ChoiceField(label=_("Record type"), required=False)
    actor = forms.CharField(label=_("Changed by (username)"), required=False, max_length=150)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, entity_types: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        entity_field = self.fields["entity_type"]
        assert isinstance(entity_field, forms.ChoiceField)
        entity_field.choices = [("", _("All")), *((t, t) for t in entity_types)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return data
