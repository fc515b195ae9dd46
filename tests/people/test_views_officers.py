"""Officer list, officer profile and "my profile" pages."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.support import factories as f

pytestmark = pytest.mark.django_db


def _assess(officer, competency, level, **kwargs):
    return f.AssessmentFactory(officer=officer, competency=competency, level=level, **kwargs)


# --- officer list -----------------------------------------------------------------------------------


def test_manager_sees_own_administration_officers_with_gap_counts(client, world):
    # given one Alpha officer below target in one competency and at target in another
    officer = world.a.officers[1]
    _assess(officer, world.competencies[0], 1)  # requires 2: below
    _assess(officer, world.competencies[1], 3)  # requires 3: meets
    client.force_login(world.a.tm)

    # when the training manager opens the list
    response = client.get(reverse("people:officer_list"))

    # then Alpha's officers are listed with their counts, Beta's are not
    assert response.status_code == 200
    rows = dict(response.context["rows"])
    assert set(rows) == set(world.a.officers)
    assert rows[officer].below == 1
    assert rows[officer].not_assessed == 1
    assert rows[world.a.officers[2]].not_assessed == 3
    assert world.b.officers[0].employee_number not in response.content.decode()


def test_supervisor_sees_only_their_subtree(client, world):
    client.force_login(world.a.sup)

    response = client.get(reverse("people:officer_list"))

    listed = {o for o, _gaps in response.context["rows"]}
    assert listed == set(world.a.officers[:3])  # the airport house is not theirs


def test_learner_gets_404(client, world):
    client.force_login(world.a.learner)

    assert client.get(reverse("people:officer_list")).status_code == 404


def test_search_by_name_in_any_script_and_by_employee_number(client, world):
    # given an officer with a Japanese name
    target = world.a.officers[2]
    target.given_name, target.family_name = "太郎", "山田"
    target.save(update_fields=["given_name", "family_name"])
    client.force_login(world.a.tm)

    by_name = client.get(reverse("people:officer_list"), {"q": "山田"})
    by_number = client.get(reverse("people:officer_list"), {"q": world.a.officers[1].employee_number})

    assert [o for o, _g in by_name.context["rows"]] == [target]
    assert "山田" in by_name.content.decode()
    assert [o for o, _g in by_number.context["rows"]] == [world.a.officers[1]]


def test_filter_by_org_unit_subtree_and_position(client, world):
    other_position = f.PositionFactory(administration=world.a.administration)
    moved = world.a.officers[1]
    moved.position = other_position
    moved.save(update_fields=["position"])
    client.force_login(world.a.tm)

    by_unit = client.get(reverse("people:officer_list"), {"org_unit": world.a.bureau.pk})
    by_house = client.get(reverse("people:officer_list"), {"org_unit": world.a.other_house.pk})
    by_position = client.get(reverse("people:officer_list"), {"position": other_position.pk})

    assert {o for o, _g in by_unit.context["rows"]} == set(world.a.officers)  # the whole subtree
    assert [o for o, _g in by_house.context["rows"]] == [world.a.officers[3]]
    assert [o for o, _g in by_position.context["rows"]] == [moved]


def test_foreign_org_unit_filter_is_a_field_error(client, world):
    client.force_login(world.a.tm)

    response = client.get(reverse("people:officer_list"), {"org_unit": world.b.house.pk})

    assert response.status_code == 200
    assert "org_unit" in response.context["listing"].form.errors
    assert any(e.startswith("org_unit:") for e in response.context["listing"].errors)
    assert world.b.officers[0].employee_number not in response.content.decode()


def test_pagination_25_per_page_by_default_and_a_chosen_page_size(client, world):
    for _ in range(52):
        f.OfficerFactory(administration=world.a.administration, org_unit=world.a.house)
    client.force_login(world.a.tm)

    first = client.get(reverse("people:officer_list"))
    third = client.get(reverse("people:officer_list"), {"page": 3})
    wide = client.get(reverse("people:officer_list"), {"per_page": 50, "page": 2})

    assert len(first.context["rows"]) == 25
    assert len(third.context["rows"]) == 56 - 50
    assert len(wide.context["rows"]) == 6
    assert 'rel="next"' in first.content.decode()
    assert "56 officers" in first.content.decode()
    assert "Page 1 of 3" in first.content.decode()


def test_sort_by_employee_number_descending_with_aria_sort(client, world):
    client.force_login(world.a.tm)

    response = client.get(reverse("people:officer_list"), {"sort": "-number"})

    numbers = [o.employee_number for o, _g in response.context["rows"]]
    assert numbers == sorted((o.employee_number for o in world.a.officers), reverse=True)
    assert 'aria-sort="descending"' in response.content.decode()


def test_a_bad_sort_or_page_size_is_named_not_a_500(client, world):
    client.force_login(world.a.tm)

    response = client.get(reverse("people:officer_list"), {"sort": "password", "per_page": "7"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "sort: “password”" in body
    assert "per_page: “7”" in body
    assert len(response.context["rows"]) == 4


def test_csv_export_has_every_filtered_row_and_nothing_foreign(client, world):
    # given more officers than a page, one of them in the airport house
    for _ in range(30):
        f.OfficerFactory(administration=world.a.administration, org_unit=world.a.house)
    client.force_login(world.a.tm)

    everyone = client.get(reverse("people:officer_list"), {"export": "csv"})
    airport = client.get(
        reverse("people:officer_list"), {"export": "csv", "org_unit": world.a.other_house.pk}
    )

    body = b"".join(everyone.streaming_content).decode("utf-8-sig")
    assert everyone["Content-Type"].startswith("text/csv")
    assert len(body.strip().splitlines()) == 1 + 34
    assert world.b.officers[0].employee_number not in body
    airport_rows = b"".join(airport.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert len(airport_rows) == 2
    assert world.a.officers[3].employee_number in airport_rows[1]


def test_xlsx_export_opens_with_openpyxl(client, world):
    import io

    from openpyxl import load_workbook

    client.force_login(world.a.tm)

    response = client.get(reverse("people:officer_list"), {"export": "xlsx", "sort": "number"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Name", "Employee number")
    assert [r[1] for r in rows[1:]] == sorted(o.employee_number for o in world.a.officers)


def test_a_bad_export_format_is_a_400_naming_it(client, world):
    client.force_login(world.a.tm)

    response = client.get(reverse("people:officer_list"), {"export": "pdf"})

    assert response.status_code == 400
    assert "export:" in response.content.decode()


def test_foreign_training_manager_sees_none_of_alpha(client, world):
    client.force_login(world.b.tm)

    page = client.get(reverse("people:officer_list"), {"q": world.a.officers[0].employee_number})
    export = client.get(reverse("people:officer_list"), {"export": "csv"})

    assert page.context["rows"] == []
    assert world.a.officers[0].employee_number not in b"".join(export.streaming_content).decode("utf-8-sig")


def _officers_with_assessments(world, count):
    for i in range(count):
        officer = f.OfficerFactory(
            administration=world.a.administration, org_unit=world.a.house, position=world.a.position
        )
        _assess(officer, world.competencies[i % 3], i % 4)


@pytest.mark.parametrize("count", [5, 60])
def test_officer_list_query_count_is_constant(client, world, django_assert_max_num_queries, count):
    # given 5 or 30 more officers, each with an assessment
    _officers_with_assessments(world, count)
    client.force_login(world.a.tm)
    client.get(reverse("people:officer_list"))  # warm the session

    # then the page costs the same number of queries either way
    with django_assert_max_num_queries(12):
        response = client.get(reverse("people:officer_list"))
    assert len(response.context["rows"]) == min(count + 4, 25)


# --- officer profile --------------------------------------------------------------------------------


def test_profile_shows_header_gaps_chart_and_history(client, world):
    # given an officer with a name in Thai, two languages and a partial assessment record
    officer = world.a.officers[1]
    officer.given_name, officer.family_name = "สมชาย", "วงศ์สกุล"
    officer.languages = ["th", "en"]
    officer.grade = "G5"
    officer.service_start = dt.date(2012, 4, 1)
    officer.save()
    _assess(officer, world.competencies[0], 0, assessor=world.a.sup)  # level 0 is a level
    _assess(officer, world.competencies[1], 3)
    client.force_login(world.a.tm)

    # when the profile is opened
    response = client.get(reverse("people:officer_detail", args=[officer.pk]))

    # then it shows the header, each requirement with its gap, the chart and the history
    html = response.content.decode()
    assert response.status_code == 200
    assert "สมชาย" in html
    assert "G5" in html
    assert "Thai (th)" in html
    statuses = {r.status.requirement.competency_id: r.status for r in response.context["rows"]}
    assert statuses[world.competencies[0].pk].current == 0
    assert statuses[world.competencies[0].pk].gap == 2
    assert statuses[world.competencies[1].pk].gap == 0
    assert statuses[world.competencies[2].pk].current is None  # not yet assessed, not zero
    assert "Not yet assessed" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="gap-chart" role="img"' in html
    assert "not yet assessed / 2" in html
    assert "0 / 2" in html
    assert len(response.context["history"]) == 2
    assert "sup_a" in html


def test_supervisor_opens_profile_in_subtree_but_not_outside(client, world):
    client.force_login(world.a.sup)

    inside = client.get(reverse("people:officer_detail", args=[world.a.officers[1].pk]))
    outside = client.get(reverse("people:officer_detail", args=[world.a.officers[3].pk]))

    assert inside.status_code == 200
    assert outside.status_code == 404


def test_foreign_administration_gets_404_like_a_missing_officer(client, world):
    client.force_login(world.b.tm)

    foreign = client.get(reverse("people:officer_detail", args=[world.a.officers[1].pk]))
    missing = client.get(reverse("people:officer_detail", args=[999999]))

    assert foreign.status_code == 404
    assert missing.status_code == 404


def test_learner_sees_only_themself(client, world):
    client.force_login(world.a.learner)

    own = client.get(reverse("people:officer_detail", args=[world.a.learner_officer.pk]))
    colleague = client.get(reverse("people:officer_detail", args=[world.a.officers[1].pk]))

    assert own.status_code == 200
    assert colleague.status_code == 404


def test_profile_labels_are_escaped(client, world):
    officer = world.a.officers[1]
    officer.given_name = "<script>alert(1)</script>"
    officer.save(update_fields=["given_name"])
    client.force_login(world.a.tm)

    html = client.get(reverse("people:officer_detail", args=[officer.pk])).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- my profile -------------------------------------------------------------------------------------


def test_me_shows_own_profile(client, world):
    client.force_login(world.a.learner)

    response = client.get(reverse("people:me"))

    assert response.status_code == 200
    assert response.context["officer"] == world.a.learner_officer
    assert reverse("competencies:self_assess") in response.content.decode()


def test_me_without_officer_record_explains(client, world):
    client.force_login(world.a.tm)

    response = client.get(reverse("people:me"))

    assert response.status_code == 200
    assert "not linked to an officer record" in response.content.decode()


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse("people:me"))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
