"""/api/v1/assessments: scoped list with filters, detail, create by source rules, validate."""

import datetime as dt

import pytest

from cadre.competencies.models import Assessment
from tests.api.support import assert_error, ids
from tests.support import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessed(world):
    """One assessment per officer of each side, in OP1, on distinct days."""
    rows = {}
    for side in (world.a, world.b):
        rows[side.administration.code] = [
            f.AssessmentFactory(
                officer=o, competency=world.competencies[0], assessed_on=dt.date(2026, 1, 1 + i)
            )
            for i, o in enumerate(side.officers)
        ]
    return rows


@pytest.fixture
def pending(world):
    """A self-assessment of Alpha's learner awaiting validation."""
    return f.AssessmentFactory(
        officer=world.a.learner_officer, competency=world.competencies[1], source="self", validation="pending"
    )


def _new(world, officer=None, **overrides):
    data = {
        "officer_id": (officer or world.a.officers[1]).pk,
        "competency_id": world.competencies[0].pk,
        "level": 2,
        "source": "supervisor",
    }
    return {**data, **overrides}


# List and detail


def test_manager_lists_the_administrations_assessments_never_the_others(world, as_user, assessed):
    assert ids(as_user(world.a.tm).get("/assessments")) == {a.pk for a in assessed["a"]}


def test_learner_lists_only_their_own(world, as_user, assessed):
    assert ids(as_user(world.a.learner).get("/assessments")) == {assessed["a"][0].pk}


def test_filters(world, as_user, assessed, pending):
    client = as_user(world.a.tm)
    first, second, *_ = assessed["a"]
    assert ids(client.get("/assessments", {"officer": second.officer_id})) == {second.pk}
    assert ids(client.get("/assessments", {"competency": world.competencies[1].pk})) == {pending.pk}
    assert ids(client.get("/assessments", {"source": "self"})) == {pending.pk}
    assert ids(client.get("/assessments", {"validation": "pending"})) == {pending.pk}
    window = {"assessed_from": "2026-01-01", "assessed_to": "2026-01-02"}
    assert ids(client.get("/assessments", window)) == {first.pk, second.pk}


def test_list_paginates_newest_first(world, as_user, assessed):
    page = as_user(world.a.tm).get("/assessments", {"limit": 2}).json()
    assert page["count"] == 4
    assert [a["assessed_on"] for a in page["items"]] == ["2026-01-04", "2026-01-03"]


def test_list_with_token(world, with_token, assessed):
    assert ids(with_token(world.b.tm).get("/assessments")) == {a.pk for a in assessed["b"]}


def test_list_anonymous_is_401(world, anonymous):
    assert_error(anonymous.get("/assessments"), 401)


def test_detail(world, as_user, assessed):
    body = as_user(world.a.sup).get(f"/assessments/{assessed['a'][0].pk}").json()
    assert (body["competency_code"], body["level"], body["validation"]) == ("OP1", 2, "validated")


def test_detail_of_the_other_administration_is_404(world, as_user, assessed):
    assert_error(as_user(world.a.tm).get(f"/assessments/{assessed['b'][0].pk}"), 404)


# Create


def test_supervisor_records_a_validated_assessment(world, as_user):
    response = as_user(world.a.sup).post("/assessments", _new(world))
    assert response.status_code == 201, response.content
    assert response.json()["validation"] == "validated"


def test_self_assessment_waits_for_validation(world, as_user):
    response = as_user(world.a.learner).post(
        "/assessments", _new(world, world.a.learner_officer, source="self")
    )
    assert response.status_code == 201, response.content
    assert response.json()["validation"] == "pending"


def test_create_with_token(world, with_token):
    assert with_token(world.a.tm).post("/assessments", _new(world, source="test")).status_code == 201


def test_assessing_the_other_administrations_officer_is_404_and_stores_nothing(world, as_user):
    before = Assessment.objects.count()
    response = as_user(world.b.tm).post("/assessments", _new(world))
    assert_error(response, 404, "officer_id")
    assert Assessment.objects.count() == before


def test_a_learner_cannot_assess_a_colleague(world, as_user):
    before = Assessment.objects.count()
    response = as_user(world.a.learner).post("/assessments", _new(world, world.a.officers[1], source="self"))
    assert_error(response, 404)
    assert Assessment.objects.count() == before


def test_a_level_above_the_scale_is_400(world, as_user):
    before = Assessment.objects.count()
    assert_error(as_user(world.a.tm).post("/assessments", _new(world, level=9)), 400, "level")
    assert Assessment.objects.count() == before


def test_a_future_date_is_400(world, as_user):
    response = as_user(world.a.tm).post("/assessments", _new(world, assessed_on="2999-01-01"))
    assert_error(response, 400, "assessed_on")


def test_malformed_input_names_each_field(world, as_user):
    response = as_user(world.a.tm).post("/assessments", _new(world, level=-1, source="guess"))
    assert_error(response, 422, "level", "source")


def test_create_anonymous_is_401(world, anonymous):
    before = Assessment.objects.count()
    assert_error(anonymous.post("/assessments", _new(world)), 401)
    assert Assessment.objects.count() == before


# Validate


def test_supervisor_approves_a_pending_self_assessment(world, as_user, pending):
    response = as_user(world.a.sup).post(f"/assessments/{pending.pk}/validate", {"approve": True})
    assert response.status_code == 200, response.content
    pending.refresh_from_db()
    assert (pending.validation, pending.validated_by_id) == ("validated", world.a.sup.pk)


def test_validate_with_token(world, with_token, pending):
    response = with_token(world.a.tm).post(f"/assessments/{pending.pk}/validate", {"approve": False})
    assert response.json()["validation"] == "rejected"


def test_validate_in_the_other_administration_is_404_and_unchanged(world, as_user, pending):
    assert_error(as_user(world.b.sup).post(f"/assessments/{pending.pk}/validate", {"approve": True}), 404)
    pending.refresh_from_db()
    assert pending.validation == "pending"


def test_the_learner_cannot_validate_their_own(world, as_user, pending):
    assert_error(as_user(world.a.learner).post(f"/assessments/{pending.pk}/validate", {"approve": True}), 404)
    pending.refresh_from_db()
    assert pending.validation == "pending"


def test_validating_twice_is_400(world, as_user, pending):
    client = as_user(world.a.sup)
    client.post(f"/assessments/{pending.pk}/validate", {"approve": True})
    assert_error(client.post(f"/assessments/{pending.pk}/validate", {"approve": False}), 400, "validation")


def test_validate_without_a_decision_is_422(world, as_user, pending):
    assert_error(as_user(world.a.sup).post(f"/assessments/{pending.pk}/validate", {}), 422, "approve")


def test_validate_anonymous_is_401(world, anonymous, pending):
    assert_error(anonymous.post(f"/assessments/{pending.pk}/validate", {"approve": True}), 401)
    pending.refresh_from_db()
    assert pending.validation == "pending"
