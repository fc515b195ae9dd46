"""Forms of the needs pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cadre.needs.models import NeedsSettings


class NeedsSettingsForm(forms.Form):
    weight_gap = forms.FloatField(label=_("Weight of the gap"), min_value=0, max_value=100)
    weight_criticality = forms.FloatField(label=_("Weight of criticality"), min_value=0, max_value=100)
    weight_strategy = forms.FloatField(label=_("Weight of strategic relevance"), min_value=0, max_value=100)
    relevance_mode = forms.ChoiceField(
        label=_("Strategic relevance"), choices=NeedsSettings.RelevanceMode.choices
    )
