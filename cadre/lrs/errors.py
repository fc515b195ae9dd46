"""The LRS's own error: an xAPI HTTP answer (status, detail, field) whose shape the xAPI spec governs."""

from __future__ import annotations

from cadre.core.errors import FieldError


class XapiError(Exception):
    def __init__(self, status: int, detail: str, field_name: str = "", reason: str = "") -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = [FieldError(field_name, reason or detail)] if field_name else []
