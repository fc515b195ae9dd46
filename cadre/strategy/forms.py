"""Forms of the strategy pages; services do the validation that matters."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from cadre.core.pickers import PickerChoiceWidget
from cadre.strategy.models import StrategicObjective

DATE = forms.DateInput(attrs={"type": "date"})


class ObjectiveForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = StrategicObjective
        fields = ["title", "description", "period_start", "period_end", "priority_weight", "owner"]
        widgets = {"period_start": DATE, "period_end": DATE}

    def clean(self) -> dict[str, Any]:
        data = cast(dict[str, Any], super().clean())  # ModelForm.clean returns cleaned_data
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("must not be before the period start"))
        weight = data.get("priority_weight")
        if weight is not None and not 0 < weight <= 10:
            self.add_error("priority_weight", _("must be above 0 and at most 10"))
        return data


class KPIForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    baseline = forms.FloatField(label=_("Baseline"))
    target = forms.FloatField(label=_("Target"))


class MeasurementForm(forms.Form):
    kpi = forms.TypedChoiceField(label=_("KPI"), coerce=int)
    measured_on = forms.DateField(label=_("Date"), widget=DATE)
    value = forms.FloatField(label=_("Value"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, kpis: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["kpi"]).choices = [(k.pk, k.name) for k in kpis]


class LinkForm(forms.Form):
    competency = forms.TypedChoiceField(
        label=_("Competency"), coerce=int, widget=PickerChoiceWidget(source="competencies")
    )
    relevance = forms.FloatField(label=_("Relevance (0–1]"), min_value=0.01, max_value=1, initial=1.0)

    def __init__(self, *args: Any, competencies: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["competency"]).choices = [
            (c.pk, f"{c.code} {c.title}") for c in competencies
        ]
