"""CASE pages: export a visible framework as JSON, import a package with every problem listed."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cadre.competencies.models import Framework
from tests.support import factories as f

pytestmark = pytest.mark.django_db

DOC = "d0000000-0000-4000-8000-00000000000a"


def _item(n):
    return f"a0000000-0000-4000-8000-{n:012d}"


def _package(*, title="Provider framework", break_it=False):
    items = [
        {
            "identifier": _item(i),
            "uri": f"https://provider.example/CFItems/{_item(i)}",
            "lastChangeDateTime": "2020-01-01T00:00:00+00:00",
            "fullStatement": f"Statement {i}",
            "humanCodingScheme": f"C.{i}",
        }
        for i in (1, 2)
    ]
    if break_it:
        del items[0]["fullStatement"]
        items[1]["identifier"] = "not-a-uuid"
    return {
        "CFDocument": {
            "identifier": DOC,
            "uri": f"https://provider.example/CFDocuments/{DOC}",
            "creator": "Provider",
            "title": title,
            "lastChangeDateTime": "2020-01-01T00:00:00+00:00",
        },
        "CFItems": items,
        "CFAssociations": [
            {
                "identifier": f"b0000000-0000-4000-8000-00000000000{i}",
                "uri": f"https://provider.example/CFAssociations/{i}",
                "associationType": "isChildOf",
                "originNodeURI": {
                    "title": "x",
                    "identifier": _item(i),
                    "uri": f"https://provider.example/{i}",
                },
                "destinationNodeURI": {
                    "title": "doc",
                    "identifier": DOC,
                    "uri": "https://provider.example/doc",
                },
                "lastChangeDateTime": "2020-01-01T00:00:00+00:00",
            }
            for i in (1, 2)
        ],
    }


def _upload(data):
    return SimpleUploadedFile("framework.json", json.dumps(data).encode(), content_type="application/json")


def test_export_downloads_case_json(client, world):
    f.CompetencyFactory(framework=world.a.framework, code="A-1", title="Post-clearance audit")
    client.force_login(world.a.tm)

    response = client.get(reverse("competencies:case_export", args=[world.a.framework.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    package = json.loads(response.content)
    assert package["CFDocument"]["title"] == world.a.framework.title
    assert "Post-clearance audit" in {item["fullStatement"] for item in package["CFItems"]}


def test_learner_may_export_a_visible_regional_framework(client, world):
    client.force_login(world.a.learner)

    response = client.get(reverse("competencies:case_export", args=[world.regional_framework.pk]))

    assert response.status_code == 200


def test_export_of_foreign_framework_is_404(client, world):
    client.force_login(world.b.tm)

    response = client.get(reverse("competencies:case_export", args=[world.a.framework.pk]))

    assert response.status_code == 404


def test_import_creates_framework_in_chosen_administration(client, world):
    client.force_login(world.a.tm)

    response = client.post(
        reverse("competencies:case_import"),
        {"owner": f"administration:{world.a.administration.pk}", "file": _upload(_package())},
    )

    framework = Framework.objects.get(title="Provider framework")
    assert framework.administration == world.a.administration
    assert response["Location"] == reverse("competencies:framework_detail", args=[framework.pk])
    assert framework.competencies.count() == 2


def test_import_failure_lists_every_problem_and_stores_nothing(client, world):
    client.force_login(world.a.tm)
    before = Framework.objects.count()

    response = client.post(
        reverse("competencies:case_import"),
        {"owner": f"administration:{world.a.administration.pk}", "file": _upload(_package(break_it=True))},
    )

    assert response.status_code == 400
    problems = response.context["problems"]
    assert len(problems.errors) >= 2
    html = response.content.decode()
    for error in problems.errors:
        assert error.field in html
    assert Framework.objects.count() == before


def test_import_of_non_json_is_reported(client, world):
    client.force_login(world.a.tm)
    before = Framework.objects.count()

    response = client.post(
        reverse("competencies:case_import"),
        {
            "owner": f"administration:{world.a.administration.pk}",
            "file": SimpleUploadedFile("x.json", b"{not json"),
        },
    )

    assert response.status_code == 400
    assert response.context["problems"].errors
    assert Framework.objects.count() == before


def test_import_into_foreign_administration_is_a_field_error(client, world):
    client.force_login(world.b.tm)

    response = client.post(
        reverse("competencies:case_import"),
        {"owner": f"administration:{world.a.administration.pk}", "file": _upload(_package())},
    )

    assert response.status_code == 400
    assert "owner" in response.context["form"].errors
    assert not Framework.objects.filter(title="Provider framework").exists()


def test_regional_admin_imports_into_the_region(client, world):
    client.force_login(world.regional_admin)

    client.post(
        reverse("competencies:case_import"),
        {"owner": f"region:{world.region.pk}", "file": _upload(_package(title="Regional import"))},
    )

    assert Framework.objects.get(title="Regional import").region == world.region


def test_learner_cannot_import(client, world):
    client.force_login(world.a.learner)

    assert client.get(reverse("competencies:case_import")).status_code == 404
