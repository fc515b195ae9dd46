"""Framework pages: list, detail, adopt, publish/retire, add a competency."""

import pytest
from django.urls import reverse

from cadre.competencies.models import Competency, CompetencyMapping, Framework
from tests.support import factories as f

pytestmark = pytest.mark.django_db


def test_list_shows_own_and_regional_frameworks_with_status(client, world):
    # given a draft framework in Beta
    f.FrameworkFactory(
        region=None,
        administration=world.b.administration,
        scale=world.regional_framework.scale,
        title="Beta secret",
        status="draft",
    )
    client.force_login(world.a.tm)

    response = client.get(reverse("competencies:framework_list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert world.a.framework.title in html
    assert world.regional_framework.title in html
    assert "Beta secret" not in html
    assert world.b.framework.title not in html
    assert "Published" in html


def test_detail_shows_tree_scale_and_mappings(client, world):
    # given an indicator under a regional competency and a national competency mapped to it
    indicator = f.CompetencyFactory(
        framework=world.regional_framework,
        parent=world.competencies[0],
        kind=Competency.Kind.INDICATOR,
        code="OP1.1",
        title="Classifies goods under the HS",
        description="Uses the General Interpretative Rules",
    )
    national = f.CompetencyFactory(framework=world.a.framework, code="A-CL", title="National classification")
    CompetencyMapping.objects.create(source=national, target=world.competencies[0], relation="narrower")
    client.force_login(world.a.tm)

    response = client.get(reverse("competencies:framework_detail", args=[world.a.framework.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "A-CL" in html
    assert "Narrower than" in html
    assert "OP1" in html
    regional = client.get(reverse("competencies:framework_detail", args=[world.regional_framework.pk]))
    regional_html = regional.content.decode()
    assert indicator.code in regional_html
    assert "General Interpretative Rules" in regional_html
    assert "--depth: 2" in regional_html  # group -> competency -> indicator
    assert "Aware" in regional_html  # the scale's levels


def test_regional_detail_hides_mappings_from_other_administrations(client, world):
    # given Alpha mapped a national competency onto the regional one
    national = f.CompetencyFactory(framework=world.a.framework, code="A-ONLY", title="Alpha only")
    CompetencyMapping.objects.create(source=national, target=world.competencies[0], relation="exact")
    client.force_login(world.b.tm)

    response = client.get(reverse("competencies:framework_detail", args=[world.regional_framework.pk]))

    assert response.status_code == 200
    assert "A-ONLY" not in response.content.decode()


def test_foreign_national_framework_is_404(client, world):
    client.force_login(world.b.tm)

    response = client.get(reverse("competencies:framework_detail", args=[world.a.framework.pk]))

    assert response.status_code == 404


def _regional(world, code="RCF2"):
    return f.FrameworkFactory(region=world.region, code=code, title="Second regional framework")


def test_training_manager_adopts_regional_framework(client, world):
    regional = _regional(world)
    client.force_login(world.a.tm)

    response = client.post(
        reverse("competencies:framework_adopt", args=[regional.pk]),
        {"administration": world.a.administration.pk},
    )

    adopted = Framework.objects.get(administration=world.a.administration, extends=regional)
    assert response.status_code == 302
    assert response["Location"] == reverse("competencies:framework_detail", args=[adopted.pk])


def test_adopt_twice_reports_the_field_and_creates_nothing(client, world):
    regional = _regional(world)
    client.force_login(world.a.tm)
    url = reverse("competencies:framework_adopt", args=[regional.pk])
    client.post(url, {"administration": world.a.administration.pk})

    response = client.post(url, {"administration": world.a.administration.pk}, follow=True)

    assert Framework.objects.filter(extends=regional).count() == 1
    assert "version" in response.content.decode()


def test_adopt_for_foreign_administration_is_refused(client, world):
    # given Beta's training manager naming Alpha as the adopter
    regional = _regional(world)
    client.force_login(world.b.tm)

    client.post(
        reverse("competencies:framework_adopt", args=[regional.pk]),
        {"administration": world.a.administration.pk},
    )

    assert not Framework.objects.filter(extends=regional).exists()


def test_supervisor_cannot_adopt(client, world):
    regional = _regional(world)
    client.force_login(world.a.sup)

    client.post(
        reverse("competencies:framework_adopt", args=[regional.pk]),
        {"administration": world.a.administration.pk},
    )

    assert not Framework.objects.filter(extends=regional).exists()


def test_adopt_needs_post(client, world):
    client.force_login(world.a.tm)

    response = client.get(reverse("competencies:framework_adopt", args=[world.regional_framework.pk]))

    assert response.status_code == 405


def test_publish_then_retire(client, world):
    draft = f.FrameworkFactory(
        region=None,
        administration=world.a.administration,
        scale=world.regional_framework.scale,
        status="draft",
    )
    client.force_login(world.a.tm)
    url = reverse("competencies:framework_status", args=[draft.pk])

    client.post(url, {"status": "published"})
    draft.refresh_from_db()
    assert draft.status == "published"
    client.post(url, {"status": "retired"})
    draft.refresh_from_db()
    assert draft.status == "retired"


def test_bad_status_transition_is_reported_and_changes_nothing(client, world):
    client.force_login(world.a.tm)
    url = reverse("competencies:framework_status", args=[world.a.framework.pk])

    response = client.post(url, {"status": "bogus"}, follow=True)
    world.a.framework.refresh_from_db()

    assert world.a.framework.status == "published"
    assert "status" in response.content.decode()


def test_foreign_manager_cannot_retire(client, world):
    client.force_login(world.b.tm)

    response = client.post(
        reverse("competencies:framework_status", args=[world.a.framework.pk]), {"status": "retired"}
    )

    world.a.framework.refresh_from_db()
    assert response.status_code == 404
    assert world.a.framework.status == "published"


def test_training_manager_cannot_retire_the_regional_framework(client, world):
    client.force_login(world.a.tm)

    response = client.post(
        reverse("competencies:framework_status", args=[world.regional_framework.pk]), {"status": "retired"}
    )

    world.regional_framework.refresh_from_db()
    assert response.status_code == 404
    assert world.regional_framework.status == "published"


def test_add_competency(client, world):
    client.force_login(world.a.tm)
    url = reverse("competencies:competency_create", args=[world.a.framework.pk])

    response = client.post(
        url, {"code": "A-1", "title": "Post-clearance audit", "kind": "competency", "type": "operational"}
    )

    assert response.status_code == 302
    assert Competency.objects.get(framework=world.a.framework, code="A-1").title == "Post-clearance audit"


def test_add_competency_bad_input_names_the_fields(client, world):
    f.CompetencyFactory(framework=world.a.framework, code="DUP")
    client.force_login(world.a.tm)
    url = reverse("competencies:competency_create", args=[world.a.framework.pk])
    before = Competency.objects.count()

    missing = client.post(url, {"code": "", "title": "", "kind": "competency"})
    duplicate = client.post(url, {"code": "DUP", "title": "Again", "kind": "competency"})

    assert missing.status_code == 400
    assert set(missing.context["form"].errors) >= {"code", "title"}
    assert duplicate.status_code == 400
    assert "already used" in str(duplicate.context["form"].errors["code"])
    assert Competency.objects.count() == before


def test_add_competency_to_foreign_framework_is_404(client, world):
    client.force_login(world.b.tm)
    url = reverse("competencies:competency_create", args=[world.a.framework.pk])
    before = Competency.objects.count()

    assert client.get(url).status_code == 404
    assert client.post(url, {"code": "X", "title": "X", "kind": "competency"}).status_code == 404
    assert Competency.objects.count() == before


@pytest.mark.parametrize(
    ("username", "offered"),
    [
        ("tm_a", True),
        ("regional_admin", True),
        ("sup_a", False),
        ("learner_a", False),
        ("coordinator", False),
    ],
)
def test_import_is_offered_only_to_those_who_may_import(client, world, username, offered):
    # given a person who may or may not import a CASE file
    client.force_login(world.users[username])
    # when they open the frameworks
    html = client.get(reverse("competencies:framework_list")).content.decode()
    # then the import link is shown exactly when the import page would answer them
    assert (reverse("competencies:case_import") in html) is offered
    assert (client.get(reverse("competencies:case_import")).status_code == 200) is offered
