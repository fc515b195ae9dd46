"""Expert supply against the regional needs: a small case computed by hand, and who may see it.

The ``analysed`` world (tests/needs/conftest.py): Alpha and Beta each have four examiners whose
profile requires OP1 at level 2 (criticality 1), OP2 at 3 and OP3 at 2 (criticality 3). In each
administration officer 1 is at OP1 level 1 (gap 1), officer 2 at OP1 level 2, officer 3 at OP3
level 0 (gap 2), and officer 1 meets OP2. So, per administration: OP1 4 officers, 2 assessed,
1 with a gap, weighted 1 x (1 + 0.5 x 1) = 1.5; OP3 4 officers, 1 assessed, 1 with a gap, weighted
2 x (1 + 0.5 x 3) = 5; OP2 no gap.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cadre.community.selectors import expert_supply_vs_demand
from cadre.community.services import expert_register
from cadre.needs.demand import demand_administration_get
from tests.api.support import ApiClient, assert_error
from tests.needs.conftest import analysed  # noqa: F401 - the fixture
from tests.support import factories as f
from tests.support.errors import NOT_FOUND

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(analysed, settings):  # noqa: F811
    """Alpha speaks Japanese, Beta Thai; both share regional analytics; cells show from 2 officers."""
    settings.CADRE_REGIONAL_MIN_CELL = 2
    world = analysed
    for side, lang in ((world.a, "ja"), (world.b, "th")):
        side.administration.default_language = lang
        side.administration.shares_regional_analytics = True
        side.administration.save(update_fields=["default_language", "shares_regional_analytics"])
    op1, op2, op3 = (c.pk for c in world.competencies[:3])

    def register(name, stage, languages, competencies, availability="available", home=None):
        return expert_register(
            actor=world.coordinator,
            region=world.region,
            home_administration=home,
            name=name,
            category="expert_trainer",
            stage=stage,
            languages=languages,
            availability=availability,
            competencies=competencies,
        )

    world.experts = {
        "aiko": register("Aiko", "accredited", ["ja", "en"], [(op1, 3)], home=world.a.administration),
        "ben": register("Ben", "accredited", ["en"], [(op1, 1)]),  # below the required level 2
        "chai": register("Chai", "in_field", ["th"], [(op1, 4)]),  # not yet accredited
        "dara": register("Dara", "accredited", ["th"], [(op3, 3)], availability="unavailable"),
        "emi": register("Emi", "accredited", ["ja"], [(op2, 5)], availability="limited"),  # OP2: no gap
    }
    return world


def _as(user) -> ApiClient:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return ApiClient(client)


def _by_code(rows):
    return {row.demand.code: row for row in rows}


def test_regional_supply_against_demand_matches_a_hand_computed_case(pool):
    # given the pool above, when the coordinator compares supply with the region's needs
    rows = _by_code(expert_supply_vs_demand(user=pool.coordinator))
    # then OP2 (no officer with a gap) is not a need; OP1 and OP3 are
    assert sorted(rows) == ["OP1", "OP3"]
    op1, op3 = rows["OP1"], rows["OP3"]
    # OP1: 8 officers, 2 with a gap (ja 1, th 1), weighted 3.0, experts need level 2
    assert (op1.demand.required_level, op1.demand.officers, op1.demand.with_gap, op1.demand.weighted) == (
        2,
        8,
        2,
        3.0,
    )
    assert [(n.language, n.with_gap, n.experts) for n in op1.languages] == [("ja", 1, 1), ("th", 1, 0)]
    # only Aiko matches (Ben is below level 2, Chai is in the in-field stage); nobody speaks Thai
    assert [m.name for m in op1.experts] == ["Aiko"]
    assert op1.experts_by_language == (("en", 1), ("ja", 1))
    assert (op1.available, op1.shortfall, op1.uncovered_languages, op1.covered) == (1, 1, ("th",), False)
    # OP3: 8 officers, 2 assessed, 2 with a gap, weighted 10; each administration's cell has one
    # assessed officer (< 2) so no language is known; Dara is unavailable: the whole demand is short
    assert (op3.demand.officers, op3.demand.with_gap, op3.demand.weighted) == (8, 2, 10.0)
    assert [c.with_gap for c in op3.demand.administrations] == [None, None]
    assert (op3.available, op3.shortfall, op3.languages) == (0, 2, ())


def test_in_field_experts_count_when_asked_and_rank_after_wider_reach(pool):
    # given the coordinator also counts experts in their in-field mission
    rows = _by_code(expert_supply_vs_demand(user=pool.coordinator, include_in_field=True))
    op1 = rows["OP1"]
    # then Chai (Thai) covers Beta: OP1 is fully covered, Aiko and Chai each reach one officer;
    # Chai ranks first on level (4 > 3)
    assert [(m.name, m.reaches, m.level) for m in op1.experts] == [("Chai", 1, 4), ("Aiko", 1, 3)]
    assert (op1.shortfall, op1.uncovered_languages, op1.covered) == (0, (), True)


def test_an_administration_sees_its_own_demand_in_full(pool):
    # given Alpha's focal point, whose own cells are not suppressed
    alpha = demand_administration_get(user=pool.a.tm, administration_id=pool.a.administration.pk)
    rows = _by_code(expert_supply_vs_demand(user=pool.a.tm, administration=alpha))
    # then OP3's single officer with a gap shows, with Alpha's language, and nobody can reach them
    assert [(c.administration, c.with_gap) for c in rows["OP3"].demand.administrations] == [
        ("Alpha Customs", 1)
    ]
    assert (rows["OP3"].shortfall, rows["OP1"].shortfall, rows["OP1"].covered) == (1, 0, True)


def test_the_coordinator_sees_an_administration_only_if_it_shares_analytics(pool):
    # given Beta stops sharing
    pool.b.administration.shares_regional_analytics = False
    pool.b.administration.save(update_fields=["shares_regional_analytics"])
    beta = demand_administration_get(user=pool.coordinator, administration_id=pool.b.administration.pk)
    # then its drill-down is empty for the coordinator, and the region's rows count Alpha only
    assert expert_supply_vs_demand(user=pool.coordinator, administration=beta) == []
    op1 = _by_code(expert_supply_vs_demand(user=pool.coordinator))["OP1"]
    assert [c.administration for c in op1.demand.administrations] == ["Alpha Customs"]


def test_members_without_a_regional_role_and_foreign_ids_get_404(pool):
    # given a member focal point, and an administration of another region
    other = f.AdministrationFactory(region=f.RegionFactory(code="eu", name="Europe"), code="zz")
    # then the region-wide comparison is the region's, and ids outside one's reach are missing
    for user in (pool.a.tm, pool.a.learner, pool.b.tm):
        with pytest.raises(NOT_FOUND):
            expert_supply_vs_demand(user=user)
    with pytest.raises(NOT_FOUND):
        demand_administration_get(user=pool.b.tm, administration_id=pool.a.administration.pk)
    with pytest.raises(NOT_FOUND):
        demand_administration_get(user=pool.a.learner, administration_id=pool.a.administration.pk)
    with pytest.raises(NOT_FOUND):
        demand_administration_get(user=pool.coordinator, administration_id=other.pk)


# --- the page and the API ------------------------------------------------------------------------


def test_the_coordinator_finds_an_expert_for_a_need_and_requests_them(pool, client):
    # given the coordinator on the page
    client.force_login(pool.coordinator)
    page = client.get(reverse("community:supply_demand"))
    assert page.status_code == 200
    html = page.content.decode()
    # then OP1 shows its shortfall (Thai) and Aiko with a link that prefills a mission request
    assert 'class="shortfall" data-competency="OP1"' in html
    link = reverse("community:expert_detail", args=[pool.experts["aiko"].pk]) + "?purpose="
    assert link in html
    href = html[html.index(link) :].split('"', 1)[0]
    detail = client.get(href.replace("&amp;", "&"))
    assert "Training for OP1 Tariff &amp; Classification" in detail.content.decode()
    # and in-field experts are counted when asked: OP1 then has no shortfall
    html = client.get(reverse("community:supply_demand"), {"in_field": "1"}).content.decode()
    assert 'class="covered" data-competency="OP1"' in html


def test_pages_answer_404_outside_their_audience(pool, client):
    other = f.AdministrationFactory(region=f.RegionFactory(code="eu", name="Europe"), code="zz")
    # a focal point: not the region's page, but their own administration's
    client.force_login(pool.a.tm)
    assert client.get(reverse("community:supply_demand")).status_code == 404
    own = reverse("community:supply_demand_administration", args=[pool.a.administration.pk])
    assert client.get(own).status_code == 200
    assert (
        client.get(
            reverse("community:supply_demand_administration", args=[pool.b.administration.pk])
        ).status_code
        == 404
    )
    # and the expert pool links the focal point to their own comparison only
    pool_page = client.get(reverse("community:expert_list")).content.decode()
    assert own in pool_page
    assert f'href="{reverse("community:supply_demand")}"' not in pool_page
    # the coordinator: the region's comparison is linked; not an administration of another region
    client.force_login(pool.coordinator)
    assert (
        f'href="{reverse("community:supply_demand")}"'
        in client.get(reverse("community:expert_list")).content.decode()
    )
    assert client.get(reverse("community:supply_demand_administration", args=[other.pk])).status_code == 404


def test_the_api_gives_the_same_rows_and_the_same_404s(pool):
    # given the coordinator, when the API is read
    rows = {r["code"]: r for r in _as(pool.coordinator).get("/community/supply-demand").json()}
    # then the rows are the selector's
    assert rows["OP1"]["with_gap"] == 2
    assert rows["OP1"]["languages"] == [
        {"language": "ja", "with_gap": 1, "experts": 1},
        {"language": "th", "with_gap": 1, "experts": 0},
    ]
    assert (rows["OP1"]["shortfall"], rows["OP1"]["uncovered_languages"]) == (1, ["th"])
    assert [e["expert_id"] for e in rows["OP1"]["experts"]] == [pool.experts["aiko"].pk]
    assert rows["OP3"]["shortfall"] == 2
    with_field = _as(pool.coordinator).get("/community/supply-demand", {"include_in_field": "true"}).json()
    assert next(r for r in with_field if r["code"] == "OP1")["covered"] is True
    # and the region's rows are refused to a member, a foreign administration to its neighbour
    assert_error(_as(pool.a.tm).get("/community/supply-demand"), 404)
    own = _as(pool.a.tm).get(f"/community/supply-demand/{pool.a.administration.pk}")
    assert own.status_code == 200
    assert_error(_as(pool.b.tm).get(f"/community/supply-demand/{pool.a.administration.pk}"), 404)
