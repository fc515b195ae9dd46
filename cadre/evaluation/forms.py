"""Forms of the evaluation pages; the services do the real validation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cadre.core.pickers import PickerMultipleField
from cadre.evaluation.models import QuestionnaireTemplate
from cadre.evaluation.services.questionnaires import QuestionInput, questions_parse

DATE = forms.DateInput(attrs={"type": "date"})


class ProgrammeForm(forms.Form):
    administration: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Administration"), queryset=None
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    period_start = forms.DateField(label=_("From"), widget=DATE)
    period_end = forms.DateField(label=_("To"), widget=DATE)
    courses = PickerMultipleField(source="courses", label=_("Courses"))

    def __init__(self, *args: Any, administrations: Any, courses: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["administration"].queryset = administrations  # type: ignore[attr-defined]
        self.fields["courses"].queryset = courses  # type: ignore[attr-defined]


class BenefitForm(forms.Form):
    description = forms.CharField(label=_("Benefit"), max_length=300)
    amount = forms.DecimalField(label=_("Value in money"), min_value=0, max_digits=14, decimal_places=2)
    basis = forms.CharField(
        label=_("How it was valued"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SettingsForm(forms.Form):
    follow_up_weeks = forms.IntegerField(label=_("Follow-up after (weeks)"), min_value=1, max_value=104)
    reminder_after_days = forms.IntegerField(
        label=_("Remind non-respondents after (days)"), min_value=1, max_value=90
    )
    daily_cost_of_absence = forms.DecimalField(label=_("Daily cost of a participant's absence"), min_value=0)
    reaction_template: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Default reaction questionnaire"), queryset=None, required=False
    )
    follow_up_template: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Supervisor follow-up questionnaire"), queryset=None, required=False
    )

    def __init__(self, *args: Any, templates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reaction_template"].queryset = templates.filter(kind="reaction")  # type: ignore[attr-defined]
        self.fields["follow_up_template"].queryset = templates.filter(kind="follow_up")  # type: ignore[attr-defined]


class TemplateForm(forms.Form):
    administration: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Administration"), queryset=None
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("For"), choices=QuestionnaireTemplate.Kind.choices)
    anonymous = forms.BooleanField(label=_("Anonymous answers"), required=False, initial=True)
    questions = forms.CharField(
        label=_("Questions"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            'One per line: "likert: prompt", "choice: prompt | option | option" or "text: prompt"; '
            'end a line with "(optional)" when an answer is not required.'
        ),
    )

    def __init__(self, *args: Any, administrations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["administration"].queryset = administrations  # type: ignore[attr-defined]

    def question_inputs(self) -> list[QuestionInput]:
        return questions_parse(self.cleaned_data["questions"])


class UploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))


class LaunchForm(forms.Form):
    template: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Questionnaire"), queryset=None)

    def __init__(self, *args: Any, templates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates  # type: ignore[attr-defined]


class XapiImportForm(forms.Form):
    pre_test_iri = forms.CharField(
        label=_("Pre-test activity IRI"),
        required=False,
        max_length=500,
        help_text=_("Optional, besides the activities of the course's modules."),
    )
    post_test_iri = forms.CharField(
        label=_("Post-test activity IRI"),
        required=False,
        max_length=500,
        help_text=_("Optional, besides the activities of the course's modules."),
    )
