"""The regional view: opted-in administrations only, small cells suppressed, no officer-level data."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from cadre.needs.services import gap_snapshot_create
from tests.support import factories as f
from tests.support.ninja import mounted_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(analysed):
    for side in (analysed.a, analysed.b):
        side.administration.shares_regional_analytics = True
        side.administration.save(update_fields=["shares_regional_analytics"])
    return analysed


def test_small_cells_are_suppressed(client, shared):
    # given: 4 officers per administration, below k = 10
    client.force_login(shared.coordinator)
    response = client.get(reverse("needs:regional"))
    data = response.context["data"]
    assert response.status_code == 200
    assert all(row["region"].officers is None for row in data["rows"])
    assert all(cell.officers is None for row in data["rows"] for cell in row["administrations"])


def test_cells_shown_when_k_reached_and_opt_out_excluded(client, shared, settings):
    settings.CADRE_REGIONAL_MIN_CELL = 2
    shared.b.administration.shares_regional_analytics = False
    shared.b.administration.save(update_fields=["shares_regional_analytics"])
    client.force_login(shared.coordinator)
    data = client.get(reverse("needs:regional")).context["data"]
    assert [a["name"] for a in data["administrations"]] == ["Alpha Customs"]
    op1 = next(r for r in data["rows"] if r["competency"]["code"] == "OP1")
    # 4 officers require OP1, 2 of them assessed: at k = 2 the cell shows; OP3 has 1 assessed: suppressed
    assert op1["region"].officers == 4
    op3 = next(r for r in data["rows"] if r["competency"]["code"] == "OP3")
    assert op3["region"].officers is None


def test_no_officer_level_data_leaves_the_administration(client, shared, settings):
    # given: enough officers for cells to show, so data really flows
    settings.CADRE_REGIONAL_MIN_CELL = 1
    officers = [o for side in (shared.a, shared.b) for o in side.officers]
    client.force_login(shared.coordinator)
    response = client.get(reverse("needs:regional"))
    html = response.content.decode()
    csv = client.get(reverse("needs:regional"), {"format": "csv"}).content.decode("utf-8-sig")
    api = json.dumps(mounted_client("/needs").get("/regional", user=shared.coordinator).json())
    context = repr(response.context["data"])
    assert "n=" in html  # cells are shown
    for officer in officers:
        for text in (html, csv, api, context):
            assert officer.family_name not in text
            assert officer.employee_number not in text
    # and the structure holds aggregates only: no officer ids anywhere in the API payload
    payload = mounted_client("/needs").get("/regional", user=shared.coordinator).json()
    keys = set()

    def walk(node):
        if isinstance(node, dict):
            keys.update(node)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(payload)
    assert not keys & {"officer_id", "officer_ids", "officer", "name_of_officer", "employee_number"}


def test_non_regional_users_get_404(client, shared):
    client.force_login(shared.a.tm)
    assert client.get(reverse("needs:regional")).status_code == 404
    assert mounted_client("/needs").get("/regional", user=shared.a.tm).status_code == 404


def test_other_region_is_not_included(client, shared, settings):
    settings.CADRE_REGIONAL_MIN_CELL = 1
    other_region = f.RegionFactory(code="eu", name="Europe")
    foreign = f.AdministrationFactory(
        region=other_region, name="Foreign Customs", shares_regional_analytics=True
    )
    gap_snapshot_create(actor=None, administration=foreign)
    client.force_login(shared.coordinator)
    assert "Foreign Customs" not in client.get(reverse("needs:regional")).content.decode()
