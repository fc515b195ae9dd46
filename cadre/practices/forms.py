"""Forms of the Good Practices pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cadre.core.pickers import PickerMultipleField
from cadre.practices.models import DeliveryMode, Practice, Topic
from cadre.practices.services import PracticeInput

LANGUAGES = [
    ("en", "English"),
    ("ja", "日本語"),
    ("zh", "中文"),
    ("th", "ไทย"),
    ("ko", "한국어"),
    ("fr", "Français"),
]


class PracticeForm(forms.Form):
    administration: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Administration"), queryset=None
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    year = forms.IntegerField(label=_("Year"))
    language = forms.ChoiceField(label=_("Original language"), choices=LANGUAGES)
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=Topic.choices, widget=forms.CheckboxSelectMultiple
    )
    delivery_mode = forms.ChoiceField(label=_("Delivery mode"), choices=DeliveryMode.choices, required=False)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))
    context = forms.CharField(label=_("Context"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    challenge = forms.CharField(
        label=_("Challenge"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    approach = forms.CharField(label=_("Approach"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    results = forms.CharField(label=_("Results"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    evidence = forms.CharField(
        label=_("Evidence of results"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    lessons = forms.CharField(
        label=_("Lessons learned"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    transferability = forms.CharField(
        label=_("Transferability"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    contact = forms.CharField(label=_("Contact"), max_length=300, required=False)
    competencies = PickerMultipleField(source="competencies", label=_("Competencies"), required=False)

    def __init__(
        self, *args: Any, administrations: QuerySet[Any], competencies: QuerySet[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["administration"].queryset = administrations  # type: ignore[attr-defined]
        self.fields["competencies"].queryset = competencies  # type: ignore[attr-defined]
        if administrations.count() == 1:
            self.fields["administration"].initial = administrations.first()

    def to_input(self) -> PracticeInput:
        d = self.cleaned_data
        return PracticeInput(
            title=d["title"],
            year=d["year"],
            language=d["language"],
            summary=d["summary"],
            context=d["context"],
            challenge=d["challenge"],
            approach=d["approach"],
            results=d["results"],
            evidence=d["evidence"],
            lessons=d["lessons"],
            transferability=d["transferability"],
            contact=d["contact"],
            delivery_mode=d["delivery_mode"] or "",
            topics=tuple(d["topics"]),
            competency_ids=tuple(c.pk for c in d["competencies"]),
        )

    @staticmethod
    def initial_from(practice: Practice) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(practice, name)
            for name in (
                "title",
                "year",
                "language",
                "summary",
                "context",
                "challenge",
                "approach",
                "results",
            )
        }
        initial.update(
            evidence=practice.evidence,
            lessons=practice.lessons,
            transferability=practice.transferability,
            contact=practice.contact,
            delivery_mode=practice.delivery_mode,
            administration=practice.administration,
            topics=[r.topic for r in practice.topic_rows.all()],
            competencies=list(practice.competencies.all()),
        )
        return initial


class ReviewForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class TranslationForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES)
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))
    body = forms.CharField(
        label=_("Other sections"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )


class PublicationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, initial=_("Good Practices Collection"))
    topics = forms.MultipleChoiceField(
        label=_("Themes"), choices=Topic.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    years = forms.CharField(label=_("Years (comma separated, empty: all)"), required=False)
    foreword = forms.CharField(label=_("Foreword"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def clean_years(self) -> list[int]:
        raw = self.cleaned_data.get("years") or ""
        years: list[int] = []
        for part in raw.replace(" ", "").split(","):
            if not part:
                continue
            if not part.isdigit() or not 1950 <= int(part) <= 2200:
                raise forms.ValidationError(_("Years must be numbers such as 2019, 2020."))
            years.append(int(part))
        return sorted(set(years))
