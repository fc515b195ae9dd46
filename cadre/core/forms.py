"""Forms of the web shell."""

from __future__ import annotations

from django import forms

from cadre.core.errors import DomainError


def add_domain_errors(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the form: each reason on its field, the rest above the form."""
    if not error.errors:
        form.add_error(None, error.detail)
    for item in error.errors:
        form.add_error(item.field if item.field in form.fields else None, item.reason)
