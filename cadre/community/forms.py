"""Forms of the community pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cadre.community.services import WORKSHOP_QUESTIONS
from cadre.core.pickers import PickerField
from cadre.evaluation.services.questionnaires import QuestionInput, questions_parse


class EventForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40)
    title = forms.CharField(label=_("Title"), max_length=300)
    theme = forms.CharField(label=_("Theme"), max_length=300, required=False)
    starts_on = forms.DateField(label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    venue = forms.CharField(label=_("Venue"), max_length=300)
    organisers = forms.CharField(label=_("Organisers"), max_length=500, required=False)
    seats = forms.IntegerField(label=_("Seats"), min_value=1)
    languages = forms.CharField(label=_("Languages (comma separated codes)"), initial="en")

    def clean_languages(self) -> list[str]:
        return [p.strip() for p in self.cleaned_data["languages"].split(",") if p.strip()]


class CallForm(forms.Form):
    closes_on = forms.DateField(
        label=_("Nominations close on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    quota_per_administration = forms.IntegerField(label=_("Quota per administration"), min_value=0, initial=1)
    eligible_position_titles = forms.CharField(
        label=_("Eligible positions (comma separated, empty: any)"), required=False
    )
    required_languages = forms.CharField(
        label=_("Languages (nominee speaks one; comma separated)"), required=False
    )

    def split(self, name: str) -> list[str]:
        return [p.strip() for p in self.cleaned_data.get(name, "").split(",") if p.strip()]


class NominateForm(forms.Form):
    officer = PickerField(source="officers", label=_("Officer"))
    priority = forms.IntegerField(label=_("Priority"), min_value=1, max_value=99, initial=1)
    motivation = forms.CharField(
        label=_("Motivation"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, officers: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers  # type: ignore[attr-defined]


class MissionForm(forms.Form):
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}))
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    requesting_administration: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=None, required=False
    )

    def __init__(self, *args: Any, administrations: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requesting_administration"].queryset = administrations  # type: ignore[attr-defined]


class EventEvaluationForm(forms.Form):
    template: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Use the region's questionnaire"), queryset=None, required=False
    )
    name = forms.CharField(label=_("Or a new questionnaire named"), max_length=200, required=False)
    questions = forms.CharField(
        label=_("Its questions"),
        widget=forms.Textarea(attrs={"rows": 8}),
        initial=WORKSHOP_QUESTIONS,
        required=False,
        help_text=_(
            'One per line: "likert: prompt", "choice: prompt | option | option" or "text: prompt"; '
            'end a line with "(optional)" when an answer is not required.'
        ),
    )
    anonymous = forms.BooleanField(label=_("Anonymous answers"), required=False, initial=True)

    def __init__(self, *args: Any, templates: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates  # type: ignore[attr-defined]

    def clean_questions(self) -> list[QuestionInput]:
        return questions_parse(self.cleaned_data.get("questions") or "")
