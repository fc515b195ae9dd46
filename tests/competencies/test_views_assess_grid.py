"""The supervisor's assessment grid: rows of officers, columns of required competencies."""

import pytest
from django.urls import reverse

from cadre.competencies.models import Assessment
from tests.support import factories as f

pytestmark = pytest.mark.django_db

URL = "competencies:assess_grid"


def _cell(officer, competency):
    return f"cell-{officer.pk}-{competency.pk}"


def _all_cells(response):
    """What a browser without JavaScript submits: every cell with its current value."""
    data = {}
    for row in response.context["grid"].rows:
        for cell in row.cells:
            if cell.required is not None:
                data[cell.name] = "" if cell.current is None else str(cell.current)
    return data


def test_grid_lists_supervised_officers_against_required_competencies(client, world):
    # given one assessed cell and an inactive officer in the house
    f.AssessmentFactory(officer=world.a.officers[1], competency=world.competencies[0], level=3)
    f.OfficerFactory(
        administration=world.a.administration, org_unit=world.a.house, position=world.a.position, active=False
    )
    client.force_login(world.a.sup)

    response = client.get(reverse(URL))

    grid = response.context["grid"]
    html = response.content.decode()
    assert response.status_code == 200
    assert [row.officer for row in grid.rows] == sorted(
        world.a.officers[:3], key=lambda o: (o.family_name, o.given_name)
    )
    assert [c.code for c in grid.competencies] == ["OP1", "OP2", "OP3"]
    assert grid.cell(_cell(world.a.officers[1], world.competencies[0])).current == 3
    assert f'name="{_cell(world.a.officers[1], world.competencies[0])}" value="3"' in html
    assert f'aria-label="{world.a.officers[1].full_name} – Tariff &amp; Classification"' in html
    assert "cadre/grid.js" in html
    assert 'hx-post="' in html


def test_cells_of_competencies_the_position_does_not_require_are_disabled(client, world):
    # given an officer whose position requires only OP4
    position = f.PositionFactory(administration=world.a.administration)
    profile = f.RoleProfileFactory(position=position, administration=world.a.administration)
    f.RoleRequirementFactory(profile=profile, competency=world.competencies[3], required_level=2)
    other = f.OfficerFactory(administration=world.a.administration, org_unit=world.a.house, position=position)
    client.force_login(world.a.sup)

    response = client.get(reverse(URL))

    html = response.content.decode()
    assert [c.code for c in response.context["grid"].competencies] == ["OP1", "OP2", "OP3", "OP4"]
    assert f'name="{_cell(other, world.competencies[3])}"' in html
    assert f'name="{_cell(other, world.competencies[0])}"' not in html
    assert f'name="{_cell(world.a.officers[1], world.competencies[3])}"' not in html
    assert "not required" in html


def test_only_changed_cells_are_saved(client, world):
    # given a form posted with every cell, one of them changed
    officer = world.a.officers[1]
    f.AssessmentFactory(officer=officer, competency=world.competencies[0], level=1)
    client.force_login(world.a.sup)
    data = _all_cells(client.get(reverse(URL)))
    data[_cell(officer, world.competencies[0])] = "2"
    data[_cell(officer, world.competencies[1])] = "0"

    response = client.post(reverse(URL), data)

    # then two new supervisor assessments exist, nothing for the unchanged cells
    assert response.status_code == 302
    created = Assessment.objects.filter(source="supervisor", assessor=world.a.sup)
    assert sorted(created.values_list("competency__code", "level")) == [("OP1", 2), ("OP2", 0)]


def test_an_invalid_cell_stores_nothing_and_is_marked(client, world):
    officer = world.a.officers[1]
    client.force_login(world.a.sup)
    before = Assessment.objects.count()
    good, bad = _cell(officer, world.competencies[0]), _cell(officer, world.competencies[1])

    response = client.post(reverse(URL), {good: "2", bad: "9"})

    html = response.content.decode()
    assert response.status_code == 400
    assert Assessment.objects.count() == before
    assert response.context["cell_errors"].keys() == {bad}
    assert "between 0 and 4" in response.context["cell_errors"][bad][0]
    assert f'id="{bad}-error"' in html
    assert 'aria-invalid="true"' in html
    assert f'name="{bad}" value="9"' in html  # what was typed is kept


def test_non_numeric_input_is_a_cell_error(client, world):
    officer = world.a.officers[1]
    client.force_login(world.a.sup)
    cell = _cell(officer, world.competencies[0])

    response = client.post(reverse(URL), {cell: "two", _cell(officer, world.competencies[1]): "2"})

    assert response.status_code == 400
    assert cell in response.context["cell_errors"]
    assert not Assessment.objects.exists()


def test_htmx_post_returns_the_grid_fragment(client, world):
    officer = world.a.officers[1]
    client.force_login(world.a.sup)

    response = client.post(reverse(URL), {_cell(officer, world.competencies[0]): "3"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="assess-grid">')
    assert "<html" not in html
    assert "1 assessment saved." in html
    assert f'name="{_cell(officer, world.competencies[0])}" value="3"' in html
    assert Assessment.objects.filter(officer=officer, level=3).exists()


def test_htmx_post_with_errors_swaps_in_the_marked_grid(client, world):
    officer = world.a.officers[1]
    client.force_login(world.a.sup)

    response = client.post(reverse(URL), {_cell(officer, world.competencies[0]): "7"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200  # htmx swaps only 2xx answers
    assert "Nothing was saved" in response.content.decode()
    assert not Assessment.objects.exists()


def test_cells_of_foreign_officers_store_nothing(client, world):
    # given Beta's supervisor posting a cell for an Alpha officer next to one of their own
    client.force_login(world.b.sup)
    data = {
        _cell(world.a.officers[1], world.competencies[0]): "4",
        _cell(world.b.officers[1], world.competencies[0]): "2",
    }

    response = client.post(reverse(URL), data)

    assert response.status_code == 400
    assert "officer: not found" in response.content.decode()
    assert not Assessment.objects.exists()


def test_supervisor_cannot_assess_outside_their_subtree(client, world):
    client.force_login(world.a.sup)

    response = client.post(reverse(URL), {_cell(world.a.officers[3], world.competencies[0]): "2"})

    assert response.status_code == 400
    assert not Assessment.objects.exists()


def test_user_without_staff_sees_an_empty_grid(client, world):
    client.force_login(world.a.learner)

    response = client.get(reverse(URL))

    assert response.status_code == 200
    assert response.context["grid"].rows == []


@pytest.mark.parametrize("count", [5, 30])
def test_grid_query_count_is_constant(client, world, django_assert_max_num_queries, count):
    for i in range(count):
        officer = f.OfficerFactory(
            administration=world.a.administration, org_unit=world.a.house, position=world.a.position
        )
        f.AssessmentFactory(officer=officer, competency=world.competencies[i % 3], level=i % 4)
    client.force_login(world.a.sup)
    client.get(reverse(URL))

    with django_assert_max_num_queries(12):
        response = client.get(reverse(URL))
    assert len(response.context["grid"].rows) == count + 3
