"""Forms of the delivery pages: they parse input; services validate and decide."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadre.core.pickers import PickerField, PickerMultipleField
from cadre.delivery.models import DeliveryPolicy, Instructor


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class SessionForm(forms.Form):
    """Times are typed in the administration's own time zone."""

    administration: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, label=_("Administration")
    )
    course = PickerField(source="courses", label=_("Course"))
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DateTimeLocalInput())
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DateTimeLocalInput())
    language = forms.CharField(
        label=_("Language"), max_length=10, help_text=_("One of the course's languages")
    )
    seats = forms.IntegerField(label=_("Seats"), min_value=1)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    room = forms.CharField(label=_("Room"), max_length=100, required=False)
    online_url = forms.URLField(label=_("Online link"), max_length=500, required=False, assume_scheme="https")
    instructors = PickerMultipleField(source="instructors", label=_("Instructors"), required=False)

    def __init__(
        self, *args: Any, administrations: Any, courses: Any, instructors: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["administration"].queryset = administrations  # type: ignore[attr-defined]
        self.fields["course"].queryset = courses  # type: ignore[attr-defined]
        self.fields["instructors"].queryset = instructors  # type: ignore[attr-defined]
        if administrations.count() == 1:
            self.fields["administration"].initial = administrations.first()
            self.fields["administration"].widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        administration = data.get("administration")
        zone = zoneinfo.ZoneInfo(administration.time_zone) if administration else dt.UTC
        for name in ("starts_at", "ends_at"):
            value = data.get(name)
            if value is not None:
                naive = timezone.make_naive(value) if timezone.is_aware(value) else value
                data[name] = naive.replace(tzinfo=zone)
        return data


class NominateForm(forms.Form):
    officer = PickerField(source="officers", label=_("Officer"))

    def __init__(self, *args: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers  # type: ignore[attr-defined]


class NominateManyForm(forms.Form):
    """Nominate every officer of a unit (with its sub-units), optionally of one position.

    Units and positions are chosen from a list when there are at most 100, else typed by code.
    """

    include_subunits = forms.BooleanField(label=_("Include its sub-units"), required=False, initial=True)
    confirm = forms.BooleanField(
        label=_("Approve and confirm seats now (the rest go to the waiting list)"), required=False
    )

    def __init__(
        self,
        *args: Any,
        units: list[tuple[int, str]] | None,
        positions: list[tuple[int, str]] | None,
        may_confirm: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if units is None:
            self.fields["unit_code"] = forms.CharField(label=_("Unit code"), max_length=40)
        else:
            self.fields["unit"] = forms.TypedChoiceField(label=_("Unit"), choices=units, coerce=int)
        if positions is None:
            self.fields["position_code"] = forms.CharField(
                label=_("Position code (optional)"), max_length=40, required=False
            )
        else:
            self.fields["position"] = forms.TypedChoiceField(
                label=_("Position (optional)"),
                choices=[("", _("Any")), *positions],
                coerce=int,
                required=False,
                empty_value=None,
            )
        self.order_fields(["unit", "unit_code", "include_subunits", "position", "position_code", "confirm"])
        if not may_confirm:
            del self.fields["confirm"]


_COMPETENCY_LINE = re.compile(r"^\s*(\S+)\s*[=:\s]\s*(\d+)\s*$")


class InstructorForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Instructor.Kind.choices)
    officer = PickerField(source="officers", label=_("Officer"), required=False)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    max_days_per_year = forms.IntegerField(
        label=_("Maximum teaching days per year"), min_value=0, max_value=366, initial=60
    )
    qualification_codes = forms.CharField(
        label=_("Qualification codes"), required=False, help_text=_("Comma-separated, e.g. RISK, HS-CLASS")
    )
    competency_levels = forms.CharField(
        label=_("Competencies taught"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: competency code and the level taught up to, e.g. OP4 3"),
    )

    def __init__(self, *args: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers  # type: ignore[attr-defined]

    def clean_qualification_codes(self) -> list[str]:
        raw = self.cleaned_data.get("qualification_codes") or ""
        return [c.strip() for c in raw.split(",") if c.strip()]

    def clean_competency_levels(self) -> list[tuple[str, int]]:
        rows = []
        for number, line in enumerate(
            (self.cleaned_data.get("competency_levels") or "").splitlines(), start=1
        ):
            if not line.strip():
                continue
            match = _COMPETENCY_LINE.match(line)
            if not match:
                raise forms.ValidationError(
                    _("Line %(n)s: write a competency code and a level"), params={"n": number}
                )
            rows.append((match.group(1), int(match.group(2))))
        return rows


class AvailabilityForm(forms.Form):
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    available = forms.TypedChoiceField(
        label=_("Status"),
        choices=[("1", _("Available")), ("0", _("Unavailable"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class PolicyForm(forms.Form):
    away_cap_percent = forms.IntegerField(
        label=_("Largest share of a unit away at once (%)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("Empty: no cap"),
    )
    away_cap_mode = forms.ChoiceField(
        label=_("When the cap is passed"), choices=DeliveryPolicy.AwayMode.choices
    )
    training_evidence_auto_validated = forms.BooleanField(
        label=_("Passed courses count as validated evidence"), required=False
    )


class SupplyDemandForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    extra = forms.CharField(
        label=_("Extra demand (instructor-days)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: qualification code and days, e.g. RISK 12"),
    )

    def clean_extra(self) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for number, line in enumerate((self.cleaned_data.get("extra") or "").splitlines(), start=1):
            if not line.strip():
                continue
            parts = line.replace(":", " ").replace("=", " ").split()
            try:
                if len(parts) != 2 or Decimal(parts[1]) < 0:
                    raise InvalidOperation
                out[parts[0]] = out.get(parts[0], Decimal(0)) + Decimal(parts[1])
            except InvalidOperation as exc:
                raise forms.ValidationError(
                    _("Line %(n)s: write a qualification code and a number of days"), params={"n": number}
                ) from exc
        return out
