"""Self-assessment by the officer, and validation of self-assessments by their supervisor."""

import pytest
from django.urls import reverse

from cadre.competencies.models import Assessment
from cadre.competencies.selectors import current_levels
from tests.support import factories as f

pytestmark = pytest.mark.django_db


def _pending(world, officer=None, level=3):
    return f.AssessmentFactory(
        officer=officer or world.a.learner_officer,
        competency=world.competencies[0],
        level=level,
        source=Assessment.Source.SELF,
        validation=Assessment.Validation.PENDING,
    )


# --- self-assessment --------------------------------------------------------------------------------


def test_officer_sees_form_with_required_competencies_first(client, world):
    client.force_login(world.a.learner)

    response = client.get(reverse("competencies:self_assess"))

    choices = response.context["form"].fields["competency"].choices
    assert response.status_code == 200
    assert choices[1][0] == "Required by my position"
    assert [pk for pk, _label in choices[1][1]] == [c.pk for c in world.competencies[:3]]
    assert "until your supervisor validates it" in response.content.decode()


def test_self_assessment_is_pending_when_validation_is_required(client, world):
    client.force_login(world.a.learner)

    response = client.post(
        reverse("competencies:self_assess"),
        {"competency": world.competencies[0].pk, "level": "3", "evidence": "Classified 200 entries"},
        follow=True,
    )

    assessment = Assessment.objects.get(officer=world.a.learner_officer)
    assert assessment.source == "self"
    assert assessment.validation == "pending"
    assert assessment.evidence == "Classified 200 entries"
    assert "pending" in response.content.decode()
    assert current_levels(officer_ids=[world.a.learner_officer.pk]) == {}  # does not count yet


def test_self_assessment_counts_at_once_when_no_validation_is_required(client, world):
    world.a.administration.self_assessment_requires_validation = False
    world.a.administration.save(update_fields=["self_assessment_requires_validation"])
    client.force_login(world.a.learner)

    response = client.post(
        reverse("competencies:self_assess"),
        {"competency": world.competencies[0].pk, "level": "2"},
        follow=True,
    )

    assert Assessment.objects.get(officer=world.a.learner_officer).validation == "validated"
    assert "counts from now on" in response.content.decode()


def test_bad_level_and_unknown_competency_are_field_errors(client, world):
    beta_only = f.CompetencyFactory(framework=world.b.framework, code="B-1")
    client.force_login(world.a.learner)

    response = client.post(reverse("competencies:self_assess"), {"competency": beta_only.pk, "level": "9"})

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"competency", "level"}
    assert not Assessment.objects.exists()


def test_login_without_officer_record_cannot_self_assess(client, world):
    client.force_login(world.a.tm)

    response = client.post(reverse("competencies:self_assess"), {"competency": world.competencies[0].pk})

    assert "not linked to an officer record" in response.content.decode()
    assert not Assessment.objects.exists()


# --- validations ------------------------------------------------------------------------------------


def test_supervisor_sees_pending_self_assessments_of_their_staff_only(client, world):
    mine = _pending(world)
    _pending(world, officer=world.b.learner_officer)
    client.force_login(world.a.sup)

    response = client.get(reverse("competencies:validations"))

    assert list(response.context["pending"]) == [mine]


def test_supervisor_validates_and_the_level_counts(client, world):
    assessment = _pending(world)
    client.force_login(world.a.sup)

    response = client.post(
        reverse("competencies:validations"),
        {"assessment": assessment.pk, "decision": "validate"},
        follow=True,
    )

    assessment.refresh_from_db()
    assert assessment.validation == "validated"
    assert assessment.validated_by == world.a.sup
    assert "Validated" in response.content.decode()
    assert current_levels(officer_ids=[world.a.learner_officer.pk]) == {
        (world.a.learner_officer.pk, world.competencies[0].pk): 3
    }


def test_supervisor_rejects(client, world):
    assessment = _pending(world)
    client.force_login(world.a.sup)

    client.post(reverse("competencies:validations"), {"assessment": assessment.pk, "decision": "reject"})

    assessment.refresh_from_db()
    assert assessment.validation == "rejected"


def test_bad_decision_changes_nothing(client, world):
    assessment = _pending(world)
    client.force_login(world.a.sup)

    response = client.post(
        reverse("competencies:validations"), {"assessment": assessment.pk, "decision": "maybe"}, follow=True
    )

    assessment.refresh_from_db()
    assert assessment.validation == "pending"
    assert "Choose validate or reject" in response.content.decode()


def test_foreign_supervisor_gets_404_and_changes_nothing(client, world):
    assessment = _pending(world)
    client.force_login(world.b.sup)

    response = client.post(
        reverse("competencies:validations"), {"assessment": assessment.pk, "decision": "validate"}
    )

    assessment.refresh_from_db()
    assert response.status_code == 404
    assert assessment.validation == "pending"


def test_officer_cannot_validate_their_own_self_assessment(client, world):
    assessment = _pending(world)
    client.force_login(world.a.learner)

    response = client.post(
        reverse("competencies:validations"), {"assessment": assessment.pk, "decision": "validate"}
    )

    assessment.refresh_from_db()
    assert response.status_code == 404
    assert assessment.validation == "pending"
