"""Role profile pages: list of positions with requirement counts, requirements table form."""

import pytest
from django.urls import reverse

from cadre.competencies.models import RoleProfile, RoleRequirement
from tests.support import factories as f

pytestmark = pytest.mark.django_db


def _requirements(profile):
    return sorted(profile.requirements.values_list("competency_id", "required_level", "criticality"))


def _post_data(rows, *, initial=0):
    data = {
        "req-TOTAL_FORMS": str(len(rows)),
        "req-INITIAL_FORMS": str(initial),
        "req-MIN_NUM_FORMS": "0",
        "req-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"req-{i}-{key}"] = value
    return data


def test_list_shows_positions_with_requirement_counts(client, world):
    bare = f.PositionFactory(administration=world.a.administration, title="Courier")
    client.force_login(world.a.tm)

    response = client.get(reverse("competencies:profile_list"))

    counts = {p.pk: p.requirement_count for p in response.context["positions"]}
    assert response.status_code == 200
    assert counts == {world.a.position.pk: 3, bare.pk: 0}
    assert "Create profile" in response.content.decode()


def test_list_is_404_for_a_learner(client, world):
    client.force_login(world.a.learner)

    assert client.get(reverse("competencies:profile_list")).status_code == 404


def test_create_profile_for_position(client, world):
    position = f.PositionFactory(administration=world.a.administration)
    client.force_login(world.a.tm)

    response = client.post(reverse("competencies:profile_create", args=[position.pk]))

    profile = RoleProfile.objects.get(position=position)
    assert response["Location"] == reverse("competencies:profile_detail", args=[profile.pk])


def test_create_profile_for_foreign_position_is_404(client, world):
    position = f.PositionFactory(administration=world.a.administration)
    client.force_login(world.b.tm)

    response = client.post(reverse("competencies:profile_create", args=[position.pk]))

    assert response.status_code == 404
    assert not RoleProfile.objects.filter(position=position).exists()


def test_detail_offers_the_administrations_competencies(client, world):
    client.force_login(world.a.tm)

    response = client.get(reverse("competencies:profile_detail", args=[world.a.profile.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["can_edit"]
    assert "OP4 Risk Analysis" in html  # offered though not yet required
    assert len(response.context["formset"].forms) == 3 + 3  # existing rows + blank rows


def test_learner_reads_but_cannot_edit(client, world):
    client.force_login(world.a.learner)
    url = reverse("competencies:profile_detail", args=[world.a.profile.pk])
    before = _requirements(world.a.profile)

    read = client.get(url)
    write = client.post(url, _post_data([]))

    assert read.status_code == 200
    assert not read.context["can_edit"]
    assert write.status_code == 404
    assert _requirements(world.a.profile) == before


def test_foreign_training_manager_gets_404_and_changes_nothing(client, world):
    client.force_login(world.b.tm)
    url = reverse("competencies:profile_detail", args=[world.a.profile.pk])
    before = _requirements(world.a.profile)

    assert client.get(url).status_code == 404
    assert client.post(url, _post_data([])).status_code == 404
    assert _requirements(world.a.profile) == before


def test_save_replaces_requirements(client, world):
    # given the examiner profile (OP1..OP3), when the manager keeps OP1 at 4, drops OP2 and OP3, adds OP4
    c = world.competencies
    client.force_login(world.a.tm)
    rows = [
        {"competency": c[0].pk, "required_level": "4", "criticality": "3"},
        {"competency": c[1].pk, "required_level": "3", "criticality": "2", "DELETE": "on"},
        {"competency": "", "required_level": "", "criticality": "2"},
        {"competency": c[3].pk, "required_level": "1", "criticality": "1"},
    ]

    response = client.post(
        reverse("competencies:profile_detail", args=[world.a.profile.pk]), _post_data(rows, initial=3)
    )

    assert response.status_code == 302
    assert _requirements(world.a.profile) == sorted([(c[0].pk, 4, 3), (c[3].pk, 1, 1)])


def test_bad_level_is_shown_on_its_row_and_nothing_is_saved(client, world):
    # given one good row and one with a level beyond the scale
    c = world.competencies
    client.force_login(world.a.tm)
    before = _requirements(world.a.profile)
    rows = [
        {"competency": c[0].pk, "required_level": "2", "criticality": "2"},
        {"competency": c[3].pk, "required_level": "9", "criticality": "2"},
    ]

    response = client.post(
        reverse("competencies:profile_detail", args=[world.a.profile.pk]), _post_data(rows)
    )

    # then the error names the row's field and the profile is untouched
    assert response.status_code == 400
    forms = response.context["formset"].forms
    assert "required_level" in forms[1].errors
    assert "between 1 and 4" in str(forms[1].errors["required_level"])
    assert not forms[0].errors
    assert _requirements(world.a.profile) == before


def test_duplicate_competency_and_missing_level_are_field_errors(client, world):
    c = world.competencies
    client.force_login(world.a.tm)
    before = _requirements(world.a.profile)
    rows = [
        {"competency": c[0].pk, "required_level": "2", "criticality": "2"},
        {"competency": c[0].pk, "required_level": "3", "criticality": "2"},
        {"competency": c[1].pk, "required_level": "", "criticality": "2"},
    ]

    response = client.post(
        reverse("competencies:profile_detail", args=[world.a.profile.pk]), _post_data(rows)
    )

    forms = response.context["formset"].forms
    assert response.status_code == 400
    assert "required_level" in forms[2].errors
    assert _requirements(world.a.profile) == before


def test_duplicate_competency_is_reported_on_the_second_row(client, world):
    c = world.competencies
    client.force_login(world.a.tm)
    rows = [
        {"competency": c[0].pk, "required_level": "2", "criticality": "2"},
        {"competency": c[0].pk, "required_level": "3", "criticality": "2"},
    ]

    response = client.post(
        reverse("competencies:profile_detail", args=[world.a.profile.pk]), _post_data(rows)
    )

    forms = response.context["formset"].forms
    assert "listed twice" in str(forms[1].errors["competency"])
    assert RoleRequirement.objects.filter(profile=world.a.profile).count() == 3


def test_foreign_competency_id_is_a_field_error(client, world):
    # given a competency of Beta's national framework, which Alpha does not use
    beta_only = f.CompetencyFactory(framework=world.b.framework, code="B-1")
    client.force_login(world.a.tm)
    rows = [{"competency": beta_only.pk, "required_level": "2", "criticality": "2"}]

    response = client.post(
        reverse("competencies:profile_detail", args=[world.a.profile.pk]), _post_data(rows)
    )

    assert response.status_code == 400
    assert "competency" in response.context["formset"].forms[0].errors
    assert not world.a.profile.requirements.filter(competency=beta_only).exists()
