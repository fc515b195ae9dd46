from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cadre.calendars.types import ClosureKind

WEEKDAY_CHOICES = [
    ("1", _("Monday")),
    ("2", _("Tuesday")),
    ("3", _("Wednesday")),
    ("4", _("Thursday")),
    ("5", _("Friday")),
    ("6", _("Saturday")),
    ("7", _("Sunday")),
]


class WorkingCalendarForm(forms.Form):
    country = forms.CharField(
        label=_("Country"), max_length=2, help_text=_("ISO 3166 code whose public holidays apply, e.g. JP")
    )
    subdivision = forms.CharField(
        label=_("Subdivision"),
        max_length=10,
        required=False,
        help_text=_("Province or state, if its own holidays apply"),
    )
    weekdays = forms.MultipleChoiceField(
        label=_("Working days"), choices=WEEKDAY_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )


class ClosureForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=ClosureKind.choices)
    starts_on = forms.DateField(label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
