"""/api/v1/officers: scoped list with filters, detail with requirements, create and PATCH."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cadre.people.models import Officer
from tests.api.support import assert_error, ids
from tests.support import factories as f

pytestmark = pytest.mark.django_db


def _new_officer(world, **overrides):
    data = {
        "administration_id": world.a.administration.pk,
        "org_unit_id": world.a.house.pk,
        "employee_number": "A-0100",
        "given_name": "Hana",
        "family_name": "Sato",
        "email": "hana.sato@example.org",
        "position_id": world.a.position.pk,
        "languages": ["ja", "en"],
    }
    return {**data, **overrides}


def _snapshot(officer):
    officer.refresh_from_db()
    return (officer.grade, officer.org_unit_id, officer.position_id, officer.email, officer.active)


# List


def test_manager_lists_the_whole_administration_never_the_other(world, as_user):
    assert ids(as_user(world.a.tm).get("/officers")) == {o.pk for o in world.a.officers}


def test_supervisor_lists_their_subtree_and_learner_only_themself(world, as_user):
    house = {o.pk for o in world.a.officers if o.org_unit_id == world.a.house.pk}
    assert ids(as_user(world.a.sup).get("/officers")) == house
    assert ids(as_user(world.a.learner).get("/officers")) == {world.a.learner_officer.pk}


def test_org_unit_filter_includes_the_subtree(world, as_user):
    client = as_user(world.a.tm)
    assert client.get("/officers", {"org_unit": world.a.bureau.pk}).json()["count"] == 4
    assert client.get("/officers", {"org_unit": world.a.other_house.pk}).json()["count"] == 1
    assert client.get("/officers", {"org_unit": world.b.bureau.pk}).json()["count"] == 0


def test_filters_position_active_words_and_administration(world, as_user):
    client = as_user(world.a.tm)
    someone = world.a.officers[1]
    someone.active = False
    someone.save(update_fields=["active"])
    assert client.get("/officers", {"position": world.a.position.pk}).json()["count"] == 4
    assert ids(client.get("/officers", {"active": "false"})) == {someone.pk}
    assert ids(client.get("/officers", {"q": someone.family_name})) == {someone.pk}
    assert client.get("/officers", {"administration": world.b.administration.pk}).json()["count"] == 0


def test_list_paginates(world, as_user):
    client = as_user(world.a.tm)
    first = client.get("/officers", {"limit": 3}).json()
    rest = client.get("/officers", {"limit": 3, "offset": 3}).json()
    assert first["count"] == 4
    assert len(first["items"]) == 3
    assert len(rest["items"]) == 1


def test_list_takes_a_constant_number_of_queries(world, as_user):
    # given a manager's list of 4 officers
    client = as_user(world.a.tm)
    client.get("/officers")  # warm the session
    with CaptureQueriesContext(connection) as small:
        client.get("/officers", {"limit": 200})
    # when ten more officers join
    for _ in range(10):
        f.OfficerFactory(
            administration=world.a.administration, org_unit=world.a.house, position=world.a.position
        )
    with CaptureQueriesContext(connection) as large:
        assert client.get("/officers", {"limit": 200}).json()["count"] == 14
    # then the list costs the same number of queries
    assert len(large) == len(small)


def test_list_with_token(world, with_token):
    assert ids(with_token(world.b.tm).get("/officers")) == {o.pk for o in world.b.officers}


def test_list_anonymous_is_401(world, anonymous):
    assert_error(anonymous.get("/officers"), 401)


# Detail


def test_detail_shows_current_levels_against_requirements(world, as_user):
    # given the learner's latest validated assessment in OP1 is 3, and OP2 was never assessed
    officer = world.a.learner_officer
    op1 = world.competencies[0]
    f.AssessmentFactory(officer=officer, competency=op1, level=1)
    f.AssessmentFactory(officer=officer, competency=op1, level=3, assessed_on="2026-02-01")
    # when the learner reads their own record
    body = as_user(world.a.learner).get(f"/officers/{officer.pk}").json()
    # then OP1 is met and OP2 is unknown (not zero)
    by_code = {r["competency_code"]: r for r in body["requirements"]}
    assert (by_code["OP1"]["current"], by_code["OP1"]["gap"], by_code["OP1"]["meets"]) == (3, 0, True)
    assert (by_code["OP2"]["current"], by_code["OP2"]["gap"]) == (None, None)


def test_detail_with_token(world, with_token):
    assert with_token(world.a.sup).get(f"/officers/{world.a.officers[0].pk}").status_code == 200


def test_detail_of_the_other_administration_is_404(world, as_user):
    assert_error(as_user(world.a.tm).get(f"/officers/{world.b.officers[0].pk}"), 404)


def test_detail_of_a_colleague_is_404_for_a_learner(world, as_user):
    assert_error(as_user(world.a.learner).get(f"/officers/{world.a.officers[1].pk}"), 404)


def test_detail_anonymous_is_401(world, anonymous):
    assert_error(anonymous.get(f"/officers/{world.a.officers[0].pk}"), 401)


# Create


def test_manager_creates_an_officer(world, as_user):
    response = as_user(world.a.tm).post("/officers", _new_officer(world))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["languages"] == ["ja", "en"]
    assert len(body["requirements"]) == 3
    assert Officer.objects.get(pk=body["id"]).administration_id == world.a.administration.pk


def test_create_with_token(world, with_token):
    assert with_token(world.a.admin).post("/officers", _new_officer(world)).status_code == 201


def test_create_in_the_other_administration_is_404_and_stores_nothing(world, as_user):
    before = Officer.objects.count()
    assert_error(as_user(world.b.tm).post("/officers", _new_officer(world)), 404, "administration_id")
    assert Officer.objects.count() == before


def test_create_by_a_supervisor_is_404_and_stores_nothing(world, as_user):
    before = Officer.objects.count()
    assert_error(as_user(world.a.sup).post("/officers", _new_officer(world)), 404, "administration_id")
    assert Officer.objects.count() == before


def test_create_in_a_foreign_unit_is_reported_as_not_found(world, as_user):
    before = Officer.objects.count()
    response = as_user(world.a.tm).post("/officers", _new_officer(world, org_unit_id=world.b.house.pk))
    assert_error(response, 404, "org_unit_id")
    assert Officer.objects.count() == before


def test_create_with_a_used_employee_number_is_400(world, as_user):
    number = world.a.officers[0].employee_number
    response = as_user(world.a.tm).post("/officers", _new_officer(world, employee_number=number))
    assert_error(response, 400, "employee_number")


def test_create_with_bad_fields_names_each_one(world, as_user):
    before = Officer.objects.count()
    response = as_user(world.a.tm).post(
        "/officers", _new_officer(world, email="not-an-address", given_name="")
    )
    assert_error(response, 422, "email", "given_name")
    assert Officer.objects.count() == before


def test_create_anonymous_is_401(world, anonymous):
    before = Officer.objects.count()
    assert_error(anonymous.post("/officers", _new_officer(world)), 401)
    assert Officer.objects.count() == before


# PATCH


def test_manager_changes_only_the_fields_sent(world, as_user):
    officer = world.a.officers[1]
    response = as_user(world.a.tm).patch(
        f"/officers/{officer.pk}", {"grade": "G5", "org_unit_id": world.a.other_house.pk, "position_id": None}
    )
    assert response.status_code == 200, response.content
    officer.refresh_from_db()
    assert (officer.grade, officer.org_unit_id, officer.position_id) == ("G5", world.a.other_house.pk, None)
    assert officer.given_name == response.json()["given_name"]


def test_patch_with_token(world, with_token):
    officer = world.a.officers[1]
    assert (
        with_token(world.a.tm).patch(f"/officers/{officer.pk}", {"active": False}).json()["active"] is False
    )


def test_patch_in_the_other_administration_is_404_and_unchanged(world, as_user):
    officer = world.a.officers[1]
    before = _snapshot(officer)
    assert_error(as_user(world.b.tm).patch(f"/officers/{officer.pk}", {"grade": "G9"}), 404)
    assert _snapshot(officer) == before


def test_patch_by_the_supervisor_is_404_and_unchanged(world, as_user):
    officer = world.a.officers[1]
    before = _snapshot(officer)
    assert_error(as_user(world.a.sup).patch(f"/officers/{officer.pk}", {"grade": "G9"}), 404)
    assert _snapshot(officer) == before


def test_patch_to_a_foreign_unit_is_404_and_unchanged(world, as_user):
    officer = world.a.officers[1]
    before = _snapshot(officer)
    response = as_user(world.a.tm).patch(
        f"/officers/{officer.pk}", {"org_unit_id": world.b.house.pk, "grade": "G9"}
    )
    assert_error(response, 404, "org_unit_id")
    assert _snapshot(officer) == before


def test_patch_null_into_a_required_field_is_400(world, as_user):
    officer = world.a.officers[1]
    assert_error(
        as_user(world.a.tm).patch(f"/officers/{officer.pk}", {"org_unit_id": None}), 400, "org_unit_id"
    )


def test_patch_anonymous_is_401(world, anonymous):
    officer = world.a.officers[1]
    before = _snapshot(officer)
    assert_error(anonymous.patch(f"/officers/{officer.pk}", {"grade": "G9"}), 401)
    assert _snapshot(officer) == before
