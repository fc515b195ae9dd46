"""Forms of the organisation and membership pages; every choice list is scoped to the caller."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cadre.core.pickers import PickerField
from cadre.tenancy.models import Administration, OrgUnit, Region
from cadre.tenancy.selectors import user_get_by_username
from cadre.tenancy.types import ADMINISTRATION_ROLES, REGIONAL_ROLES, Role


class OrgUnitChoiceField(PickerField):
    """An org unit, picked by typing its name or code once the tree is too long to scroll."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="org-units", **kwargs)

    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{'— ' * obj.depth}{obj.name} ({obj.code})"


def _set_choices(form: forms.Form, name: str, queryset: QuerySet[Any]) -> None:
    """Scope a model choice field, preselecting the only choice so nobody has to pick it."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset
    items = list(queryset[:2])
    field.initial = items[0].pk if len(items) == 1 else None


class OrgUnitCreateForm(forms.Form):
    administration = forms.ModelChoiceField(queryset=Administration.objects.none(), label=_("Administration"))
    parent = OrgUnitChoiceField(
        queryset=OrgUnit.objects.none(),
        required=False,
        label=_("Parent unit"),
        empty_label=_("(none: a top-level unit)"),
    )
    code = forms.CharField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrgUnit.Kind.choices, initial=OrgUnit.Kind.OFFICE)
    away_cap = forms.IntegerField(
        label=_("Away cap"),
        required=False,
        min_value=0,
        help_text=OrgUnit._meta.get_field("away_cap").help_text,
    )

    def __init__(
        self,
        *args: Any,
        administrations: QuerySet[Administration],
        units: QuerySet[OrgUnit],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "administration", administrations)
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ModelChoiceField)
        parent.queryset = units.order_by("administration_id", "path")


class MembershipGrantForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("Role"))
    administration = forms.ModelChoiceField(
        queryset=Administration.objects.none(), required=False, label=_("Administration")
    )
    region = forms.ModelChoiceField(queryset=Region.objects.none(), required=False, label=_("Region"))
    org_unit = OrgUnitChoiceField(
        queryset=OrgUnit.objects.none(),
        required=False,
        label=_("Supervised unit"),
        help_text=_("For supervisors only: the unit whose subtree they supervise."),
    )

    def __init__(
        self,
        *args: Any,
        administrations: QuerySet[Administration],
        regions: QuerySet[Region],
        units: QuerySet[OrgUnit],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        roles: list[tuple[str, Any]] = []
        if administrations.exists():
            roles += [(r.value, r.label) for r in Role if r in ADMINISTRATION_ROLES]
            _set_choices(self, "administration", administrations)
            org_unit = self.fields["org_unit"]
            assert isinstance(org_unit, forms.ModelChoiceField)
            org_unit.queryset = units.order_by("administration_id", "path")
        else:
            del self.fields["administration"], self.fields["org_unit"]
        if regions.exists():
            roles += [(r.value, r.label) for r in Role if r in REGIONAL_ROLES]
            _set_choices(self, "region", regions)
        else:
            del self.fields["region"]
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = roles

    def clean_username(self) -> Any:
        user = user_get_by_username(username=self.cleaned_data["username"])
        if user is None:
            raise forms.ValidationError(_("No active user has this username."), code="unknown")
        return user

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = data.get("role")
        if role in ADMINISTRATION_ROLES:
            data["region"] = None  # the scope of an administration role is its administration
            if not data.get("administration") and "administration" not in self.errors:
                self.add_error("administration", _("An administration role needs an administration."))
        elif role in REGIONAL_ROLES:
            data["administration"] = data["org_unit"] = None
            if not data.get("region") and "region" not in self.errors:
                self.add_error("region", _("A regional role needs a region."))
        return data


class AdministrationSettingsForm(forms.Form):
    currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        help_text=_("ISO 4217 code, e.g. JPY, EUR, USD: every amount is shown with it."),
    )
    time_zone = forms.CharField(
        label=_("Time zone"), max_length=64, help_text=_("tz database name, e.g. Asia/Tokyo.")
    )
