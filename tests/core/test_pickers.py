"""The generic picker: folding, the typeahead endpoint, the widget and the field."""

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

from cadre.core.pickers import PickerChoiceWidget, PickerField, PickerMultipleField, search_fold
from cadre.people.models import Officer
from tests.support import factories as f
from tests.support.world import PASSWORD


def _client(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Ｙａｍａｄａ", "yamada"),
        ("MÜLLER", "muller"),
        ("Łukasz", "łukasz"),  # a letter of its own, not a diacritic: kept
        ("ヤマダ", "やまだ"),
        ("ｶﾞｯｺｳ", "がっこう"),
        ("  two   words ", "two words"),
        ("山田", "山田"),
    ],
)
def test_search_fold(raw, folded):
    assert search_fold(raw) == folded


def test_the_endpoint_answers_options_with_details_and_a_count(world):
    a = world.a
    officer = a.officers[0]
    response = _client(a.tm).get(
        reverse("core:picker"),
        {"source": "officers", "q": officer.family_name, "listbox": "id_officer-listbox"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'role="option"' in body
    assert f'data-value="#{officer.pk}"' in body
    assert officer.employee_number in body
    assert "Port Customs House" in body
    assert 'id="id_officer-listbox-0"' in body
    assert "1 match." in body  # the live region reads the count


def test_the_endpoint_never_returns_a_foreign_officer(world):
    b_officer = world.b.officers[0]
    for user in (world.a.tm, world.a.sup, world.a.learner):
        body = (
            _client(user)
            .get(reverse("core:picker"), {"source": "officers", "q": b_officer.employee_number})
            .content.decode()
        )
        assert b_officer.family_name not in body
        assert 'role="option"' not in body


def test_unknown_source_is_404_and_anonymous_is_sent_to_login(world):
    assert _client(world.a.tm).get(reverse("core:picker"), {"source": "nothing", "q": "x"}).status_code == 404
    assert Client().get(reverse("core:picker"), {"source": "officers", "q": "x"}).status_code == 302


def test_more_than_the_limit_asks_to_refine(world):
    a = world.a
    Officer.objects.bulk_create(
        [
            Officer(
                administration=a.administration,
                org_unit=a.house,
                employee_number=f"R{i:03d}",
                given_name="Ren",
                family_name=f"Kato{i:03d}",
                search_key=f"kato{i:03d} ren",
            )
            for i in range(30)
        ]
    )
    body = _client(a.tm).get(reverse("core:picker"), {"source": "officers", "q": "ren"}).content.decode()
    assert body.count('role="option"') == 20
    assert "Refine your search" in body


@pytest.mark.parametrize("source", ["org-units", "courses", "competencies", "instructors", "members"])
def test_every_source_answers(world, source):
    response = _client(world.a.tm).get(reverse("core:picker"), {"source": source, "q": "a"})
    assert response.status_code == 200


class _OneForm(forms.Form):
    officer = PickerField(source="officers", queryset=Officer.objects.none(), label="Officer")


class _ManyForm(forms.Form):
    officers = PickerMultipleField(source="officers", queryset=Officer.objects.none(), label="Officers")


def _one(data, queryset):
    form = _OneForm(data)
    form.fields["officer"].queryset = queryset
    return form


def test_the_field_takes_an_employee_number_or_an_id_in_its_scope(world):
    a = world.a
    scoped = Officer.objects.filter(administration=a.administration)
    officer = a.officers[1]
    for typed in (officer.employee_number, f"#{officer.pk}", f" {officer.employee_number} "):
        form = _one({"officer": typed}, scoped)
        assert form.is_valid(), form.errors
        assert form.cleaned_data["officer"] == officer


def test_the_field_refuses_a_foreign_officer_naming_the_field(world):
    a, b = world.a, world.b
    scoped = Officer.objects.filter(administration=a.administration)
    for typed in (b.officers[0].employee_number, f"#{b.officers[0].pk}", "nobody"):
        form = _one({"officer": typed}, scoped)
        assert not form.is_valid()
        assert "officer" in form.errors


def test_the_widget_renders_a_text_input_and_the_chosen_name_never_every_option(
    world, django_assert_max_num_queries, monkeypatch
):
    # given more officers than a short list holds
    monkeypatch.setattr("cadre.core.pickers.SHORT_LIST_MAX", 4)
    a = world.a
    f.OfficerFactory.create_batch(5, administration=a.administration, org_unit=a.house)
    officer = a.officers[0]
    form = _one({"officer": f"#{officer.pk}"}, Officer.objects.filter(administration=a.administration))
    with django_assert_max_num_queries(5):  # the chosen row and its unit and position, never all rows
        html = str(form["officer"])
    assert "<select" not in html
    assert "<option" not in html
    assert 'type="text"' in html
    assert "data-combobox" in html
    assert f'value="#{officer.pk}"' in html
    assert officer.employee_number in html  # the chosen one is named, with its number


def test_the_multiple_field_takes_comma_separated_keys(world, monkeypatch):
    monkeypatch.setattr("cadre.core.pickers.SHORT_LIST_MAX", 2)
    a = world.a
    form = _ManyForm({"officers": f"{a.officers[0].employee_number}, #{a.officers[1].pk}"})
    form.fields["officers"].queryset = Officer.objects.filter(administration=a.administration)
    assert form.is_valid(), form.errors
    assert set(form.cleaned_data["officers"]) == {a.officers[0], a.officers[1]}
    html = str(form["officers"])
    assert "data-multiple" in html
    assert a.officers[0].employee_number in html


def test_a_short_list_stays_a_select_whose_values_are_ids(world):
    # given four officers in scope: fewer than a picker is worth
    a = world.a
    officer = a.officers[2]
    form = _one({"officer": f"#{officer.pk}"}, Officer.objects.filter(administration=a.administration))
    html = str(form["officer"])
    assert "<select" in html
    assert html.count("<option") == 5
    assert f'<option value="#{officer.pk}" selected>' in html
    assert form.is_valid(), form.errors
    assert form.cleaned_data["officer"] == officer


def test_a_short_multiple_list_is_checkboxes(world):
    a = world.a
    form = _ManyForm({"officers": [f"#{a.officers[0].pk}", f"#{a.officers[1].pk}"]})
    form.fields["officers"].queryset = Officer.objects.filter(administration=a.administration)
    html = str(form["officers"])
    assert html.count('type="checkbox"') == 4
    assert html.count(" checked") == 2
    assert form.is_valid(), form.errors
    assert set(form.cleaned_data["officers"]) == {a.officers[0], a.officers[1]}


class _ChoiceForm(forms.Form):
    competency = forms.TypedChoiceField(coerce=int, widget=PickerChoiceWidget(source="competencies"))


def test_a_choice_field_takes_an_id_or_a_code(world, monkeypatch):
    monkeypatch.setattr("cadre.core.pickers.SHORT_LIST_MAX", 2)
    comps = world.competencies
    choices = [("", "—"), *((c.pk, f"{c.code} {c.title}") for c in comps)]
    for typed in (f"#{comps[1].pk}", str(comps[1].pk), "op2", comps[1].code):
        form = _ChoiceForm({"competency": typed})
        form.fields["competency"].choices = choices
        assert form.is_valid(), (typed, form.errors)
        assert form.cleaned_data["competency"] == comps[1].pk
    html = str(form["competency"])
    assert "data-combobox" in html
    assert comps[1].title in html
