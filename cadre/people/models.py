"""Officers and the positions they hold."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadre.people.names import officer_name


class Position(models.Model):
    """A job in an administration's structure (e.g. "Customs examiner, seaport")."""

    administration = models.ForeignKey(
        "tenancy.Administration", on_delete=models.CASCADE, related_name="positions"
    )
    code = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["administration", "code"], name="position_code_unique_per_admin"),
        ]

    def __str__(self) -> str:
        return self.title


class Officer(models.Model):
    administration = models.ForeignKey(
        "tenancy.Administration", on_delete=models.CASCADE, related_name="officers"
    )
    employee_number = models.CharField(max_length=40)
    given_name = models.CharField(max_length=120)
    family_name = models.CharField(max_length=120)
    given_name_reading = models.CharField(
        max_length=120,
        blank=True,
        help_text=_("How the given name is read (kana or Latin), when written in kanji"),
    )
    family_name_reading = models.CharField(
        max_length=120,
        blank=True,
        help_text=_("How the family name is read (kana or Latin), when written in kanji"),
    )
    email = models.EmailField(blank=True)
    org_unit = models.ForeignKey("tenancy.OrgUnit", on_delete=models.PROTECT, related_name="officers")
    position = models.ForeignKey(
        Position, null=True, blank=True, on_delete=models.SET_NULL, related_name="officers"
    )
    grade = models.CharField(max_length=40, blank=True)
    service_start = models.DateField(null=True, blank=True)
    languages = models.JSONField(default=list, blank=True, help_text=_('ISO 639-1 codes, e.g. ["en", "ja"]'))
    supervisor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="direct_reports"
    )
    active = models.BooleanField(default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="officer"
    )
    # Derived: names, readings and employee number folded by ``cadre.core.pickers.search_fold``, so
    # a picker query is one indexed match on one column (see docs/decisions/0008).
    search_key = models.CharField(max_length=600, blank=True, default="", editable=False)
    reading_key = models.CharField(max_length=300, blank=True, default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family_name", "given_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["administration", "employee_number"], name="officer_employee_number_unique_per_admin"
            ),
        ]
        indexes = [
            models.Index(fields=["administration", "active"]),
            models.Index(fields=["administration", "search_key"], name="officer_search_key"),
            models.Index(fields=["administration", "reading_key"], name="officer_reading_key"),
        ]

    def __str__(self) -> str:
        return officer_name(self)

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A derived column, not a rule: kept in step on every save (bulk writers call
        # ``officer_keys_fill`` themselves).
        from cadre.people.search import officer_keys_fill

        officer_keys_fill(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_key", "reading_key"}
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        """The name in the order of the active language (family name first in ja, zh and ko)."""
        return officer_name(self)
