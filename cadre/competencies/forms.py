"""Forms of the competency pages: they parse input; services validate and decide."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cadre.competencies.models import Competency
from cadre.core.errors import DomainError
from cadre.core.pickers import PickerChoiceWidget

Choices = Sequence[tuple[Any, Any]]


def add_domain_errors(form: forms.Form, exc: DomainError, *, field_map: dict[str, str] | None = None) -> None:
    """Show a service's field errors on the matching form fields, the rest above the form."""
    field_map = field_map or {}
    for error in exc.errors:
        name = field_map.get(error.field, error.field)
        form.add_error(name if name in form.fields else None, f"{error.field}: {error.reason}")
    if not exc.errors:
        form.add_error(None, exc.detail)


def competency_choices(competencies: Iterable[Competency]) -> list[tuple[Any, Any]]:
    """Competencies grouped by framework, as <optgroup>s."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for competency in competencies:
        groups.setdefault(str(competency.framework.title), []).append(
            (competency.pk, f"{competency.code} {competency.title}")
        )
    return list(groups.items())


class AdministrationChoiceForm(forms.Form):
    """Pick the administration an action is taken for (among those the caller manages)."""

    administration = forms.TypedChoiceField(label=_("Administration"), coerce=int)

    def __init__(self, *args: Any, administrations: Iterable[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["administration"]).choices = [
            (a.pk, a.name) for a in administrations
        ]


class FrameworkStatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("published", _("Publish")), ("retired", _("Retire"))], label=_("New status")
    )


class CompetencyForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40)
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Competency.Kind.choices, initial=Competency.Kind.COMPETENCY
    )
    type = forms.ChoiceField(
        label=_("Type"), choices=[("", _("Same as parent / none")), *Competency.Type.choices], required=False
    )
    parent = forms.TypedChoiceField(
        label=_("Parent"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=PickerChoiceWidget(source="competencies"),
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, parents: Iterable[tuple[Competency, int]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["parent"]).choices = [("", _("None (top level)"))] + [
            (node.pk, "\u00a0\u00a0" * depth + f"{node.code} {node.title}")
            for node, depth in parents
            if node.kind != Competency.Kind.INDICATOR
        ]


class RequirementForm(forms.Form):
    competency = forms.TypedChoiceField(
        label=_("Competency"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=PickerChoiceWidget(source="competencies"),
    )
    required_level = forms.IntegerField(label=_("Required level"), required=False, min_value=1)
    criticality = forms.TypedChoiceField(
        label=_("Criticality"),
        coerce=int,
        choices=[(1, _("1 useful")), (2, _("2 important")), (3, _("3 critical"))],
        initial=2,
    )

    def __init__(self, *args: Any, competency_choices: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["competency"]).choices = [("", "—"), *competency_choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("competency") is not None and data.get("required_level") is None and not self.errors:
            self.add_error("required_level", _("Required when a competency is chosen."))
        return data


class BaseRequirementFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def __init__(self, *args: Any, competency_choices: Choices = (), **kwargs: Any) -> None:
        self.competency_choices = competency_choices
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"competency_choices": self.competency_choices}


RequirementFormSet = cast(
    type[BaseRequirementFormSet],
    forms.formset_factory(
        RequirementForm, formset=BaseRequirementFormSet, extra=3, can_delete=True, max_num=200
    ),
)


class SelfAssessmentForm(forms.Form):
    competency = forms.TypedChoiceField(
        label=_("Competency"), coerce=int, widget=PickerChoiceWidget(source="competencies")
    )
    level = forms.TypedChoiceField(label=_("My level"), coerce=int)
    evidence = forms.CharField(
        label=_("Evidence (what you did that shows this level)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self, *args: Any, competency_choices: Choices, level_choices: Choices, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["competency"]).choices = [("", "—"), *competency_choices]
        cast(forms.ChoiceField, self.fields["level"]).choices = [("", "—"), *level_choices]


class ValidationDecisionForm(forms.Form):
    assessment = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("validate", _("Validate")), ("reject", _("Reject"))])


class CaseImportForm(forms.Form):
    owner = forms.ChoiceField(label=_("Import into"))
    file = forms.FileField(label=_("CASE JSON file"))

    def __init__(self, *args: Any, owners: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["owner"]).choices = list(owners)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.CADRE_CASE_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(max)s bytes."), params={"max": settings.CADRE_CASE_MAX_BYTES}
            )
        return upload
