"""Helpers of the evaluation views."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest

from cadre.core.errors import DomainError


def report(request: HttpRequest, exc: DomainError) -> None:
    """Show a refused write as a message naming each field and reason."""
    parts = "; ".join(f"{e.field}: {e.reason}" for e in exc.errors)
    messages.error(request, f"{exc.detail}: {parts}" if parts else exc.detail)
