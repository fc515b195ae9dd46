"""Texts of records in other languages: one row per record, field and language.

A table rather than a column per language (django-modeltranslation): measured in
bench/translations.py and recorded in docs/decisions/0011-translated-data.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class TranslatedText(models.Model):
    """The text of one field of one record in one language (a course's title in Japanese)."""

    administration = models.ForeignKey(
        "tenancy.Administration", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    region = models.ForeignKey(
        "tenancy.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=30)  # a registered kind (cadre.translations.hooks)
    record_id = models.BigIntegerField()
    field = models.CharField(max_length=40)
    language = models.CharField(max_length=10)
    text = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            # Also the index every lookup uses: kind, record, field, language.
            models.UniqueConstraint(
                fields=["kind", "record_id", "field", "language"], name="translated_text_unique"
            ),
            models.CheckConstraint(
                name="translated_text_one_owner",
                condition=Q(administration__isnull=False, region__isnull=True)
                | Q(administration__isnull=True, region__isnull=False),
            ),
            models.CheckConstraint(name="translated_text_not_blank", condition=~Q(text="")),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.record_id}.{self.field}[{self.language}]"
