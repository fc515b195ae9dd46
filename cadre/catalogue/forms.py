"""Forms of the catalogue pages: they parse input; the services validate and decide."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from cadre.catalogue.models import DeliveryMode, LifecycleStatus, Module
from cadre.catalogue.uploads import ALLOWED_EXTENSIONS
from cadre.core.errors import DomainError
from cadre.core.pickers import PickerChoiceWidget, PickerMultipleChoiceWidget


def add_domain_errors(form: forms.Form, exc: DomainError) -> None:
    """Show each refusal on its field; the rest (rows of a list) above the form, naming the field."""
    for error in exc.errors:
        if error.field in form.fields:
            form.add_error(error.field, error.reason)
        else:
            form.add_error(None, f"{error.field}: {error.reason}")
    if not exc.errors:
        form.add_error(None, exc.detail)


def _set_choices(form: forms.Form, name: str, choices: Iterable[tuple[Any, Any]]) -> None:
    cast(forms.ChoiceField, form.fields[name]).choices = list(choices)


def owner_scope_choices(*, administrations: Iterable[Any], regions: Iterable[Any]) -> list[tuple[str, str]]:
    """Where new content can live: "a<id>" an administration the caller manages, "r<id>" a region."""
    return [(f"a{a.pk}", str(a.name)) for a in administrations] + [
        (f"r{r.pk}", str(_("%(region)s (regional catalogue)") % {"region": r.name})) for r in regions
    ]


def parse_owner_scope(value: str) -> tuple[int | None, int | None]:
    """("a12") -> (12, None); ("r3") -> (None, 3)."""
    kind, number = value[:1], value[1:]
    if not number.isdigit():
        return None, None
    return (int(number), None) if kind == "a" else (None, int(number)) if kind == "r" else (None, None)


class CourseForm(forms.Form):
    owner_scope = forms.ChoiceField(label=_("Catalogue"), required=False)
    code = forms.CharField(label=_("Code"), max_length=40)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    delivery_mode = forms.ChoiceField(label=_("Delivery mode"), choices=DeliveryMode.choices)
    duration_days = forms.DecimalField(
        label=_("Duration (days away from duty)"), min_value=0, max_digits=5, decimal_places=2
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes, for short online courses)"), required=False
    )
    languages = forms.CharField(
        label=_("Languages"), required=False, help_text=_("Language codes separated by commas, e.g. en, ja")
    )
    min_participants = forms.IntegerField(label=_("Minimum participants"))
    max_participants = forms.IntegerField(label=_("Maximum participants"))
    cost_per_session = forms.DecimalField(label=_("Fixed cost per session"), max_digits=12, decimal_places=2)
    cost_per_participant = forms.DecimalField(
        label=_("Cost per participant"), max_digits=12, decimal_places=2
    )
    cost_per_instructor_day = forms.DecimalField(
        label=_("Cost per instructor-day"), max_digits=12, decimal_places=2
    )
    instructors_per_session = forms.IntegerField(label=_("Instructors per session"))
    instructor_qualification = forms.CharField(
        label=_("Instructor qualification required"), required=False, max_length=80
    )
    declared_uplift = forms.DecimalField(label=_("Expected gain (levels)"), max_digits=4, decimal_places=2)
    owner = forms.TypedChoiceField(
        label=_("Content owner"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=PickerChoiceWidget(source="members"),
    )
    version = forms.CharField(label=_("Version"), max_length=20)
    status = forms.ChoiceField(label=_("Status"), choices=LifecycleStatus.choices)
    last_reviewed_on = forms.DateField(
        label=_("Last reviewed on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    review_interval_months = forms.IntegerField(label=_("Review interval (months)"))

    def __init__(
        self, *args: Any, owners: Iterable[Any], scopes: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(
            self, "owner", [("", _("Nobody")), *((u.pk, u.get_full_name() or u.username) for u in owners)]
        )
        if scopes is None:
            del self.fields["owner_scope"]
        else:
            self.fields["owner_scope"].required = True
            _set_choices(self, "owner_scope", scopes)

    def clean_languages(self) -> list[str]:
        return [part.strip() for part in self.cleaned_data["languages"].split(",") if part.strip()]


class ObjectiveRowForm(forms.Form):
    competency = forms.TypedChoiceField(
        label=_("Competency"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=PickerChoiceWidget(source="competencies"),
    )
    target_level = forms.IntegerField(label=_("Level reached"), required=False, min_value=1)
    description = forms.CharField(label=_("Description"), required=False, max_length=500)

    def __init__(self, *args: Any, competencies: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "competency", [("", "—"), *((c.pk, f"{c.code} {c.title}") for c in competencies)])


class LevelRowForm(forms.Form):
    competency = forms.TypedChoiceField(
        label=_("Competency"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=PickerChoiceWidget(source="competencies"),
    )
    min_level = forms.IntegerField(label=_("At least level"), required=False, min_value=1)

    def __init__(self, *args: Any, competencies: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "competency", [("", "—"), *((c.pk, f"{c.code} {c.title}") for c in competencies)])


ObjectiveFormSet = forms.formset_factory(ObjectiveRowForm, extra=3, max_num=50, validate_max=True)
LevelFormSet = forms.formset_factory(LevelRowForm, extra=2, max_num=30, validate_max=True)


class PrerequisiteCoursesForm(forms.Form):
    courses = forms.TypedMultipleChoiceField(
        label=_("Courses to complete first"),
        required=False,
        coerce=int,
        widget=PickerMultipleChoiceWidget(source="courses"),
    )

    def __init__(self, *args: Any, courses: Iterable[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "courses", [(c.pk, f"{c.code} {c.title}") for c in courses])


class CitationForm(forms.Form):
    edition = forms.TypedChoiceField(label=_("Legal instrument edition"), coerce=int)
    note = forms.CharField(label=_("Where it is cited"), required=False, max_length=300)

    def __init__(self, *args: Any, editions: Iterable[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "edition", [(e.pk, str(e)) for e in editions])


class AdoptForm(forms.Form):
    administration = forms.TypedChoiceField(label=_("Adopt for"), coerce=int)

    def __init__(self, *args: Any, administrations: Iterable[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "administration", [(a.pk, a.name) for a in administrations])


class AdoptionReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("apply", _("Take the regional changes")), ("keep", _("Keep our version"))],
        widget=forms.RadioSelect,
    )


class ReviewForm(forms.Form):
    bump_version = forms.BooleanField(label=_("Content changed: raise the version"), required=False)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


class ModuleForm(forms.Form):
    owner_scope = forms.ChoiceField(label=_("Catalogue"), required=False)
    course = forms.TypedChoiceField(
        label=_("Course"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=PickerChoiceWidget(source="courses"),
    )
    code = forms.CharField(label=_("Code"), max_length=40)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Module.Kind.choices)
    minutes = forms.IntegerField(label=_("Minutes (at most 15)"))
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("Allowed: %(types)s") % {"types": ", ".join(ALLOWED_EXTENSIONS)},
    )
    url = forms.CharField(label=_("Link"), required=False, max_length=500)
    activity_iri = forms.CharField(label=_("xAPI activity IRI"), required=False, max_length=500)
    pass_mark = forms.FloatField(
        label=_("Pass mark (scaled score, 0 to 1)"),
        required=False,
        help_text=_("xAPI activities: empty when completing the activity is enough"),
    )
    competencies = forms.TypedMultipleChoiceField(
        label=_("Competencies"),
        required=False,
        coerce=int,
        widget=PickerMultipleChoiceWidget(source="competencies"),
    )
    languages = forms.CharField(label=_("Languages"), required=False, help_text=_("e.g. en, ja"))
    owner = forms.TypedChoiceField(
        label=_("Content owner"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=PickerChoiceWidget(source="members"),
    )
    version = forms.CharField(label=_("Version"), max_length=20, initial="1.0")
    status = forms.ChoiceField(label=_("Status"), choices=LifecycleStatus.choices)
    review_interval_months = forms.IntegerField(label=_("Review interval (months)"), initial=12)

    def __init__(
        self,
        *args: Any,
        owners: Iterable[Any],
        competencies: Iterable[Any],
        courses: Iterable[Any] | None = None,
        scopes: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(
            self, "owner", [("", _("Nobody")), *((u.pk, u.get_full_name() or u.username) for u in owners)]
        )
        _set_choices(self, "competencies", [(c.pk, f"{c.code} {c.title}") for c in competencies])
        if scopes is None:
            del self.fields["owner_scope"]
        else:
            self.fields["owner_scope"].required = True
            _set_choices(self, "owner_scope", scopes)
        if courses is None:
            del self.fields["course"]
        else:
            _set_choices(
                self,
                "course",
                [("", _("None (standalone)")), *((c.pk, f"{c.code} {c.title}") for c in courses)],
            )

    def clean_languages(self) -> list[str]:
        return [part.strip() for part in self.cleaned_data["languages"].split(",") if part.strip()]


class SupersedeForm(forms.Form):
    successor_label = forms.CharField(label=_("New edition"), max_length=60, help_text=_("e.g. 2027"))
    in_force_from = forms.DateField(
        label=_("In force from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
