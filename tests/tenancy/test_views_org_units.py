import pytest
from django.urls import reverse

from cadre.core.models import AuditEvent
from cadre.tenancy.models import OrgUnit
from cadre.tenancy.services import org_unit_create
from tests.support.lists import csv_of, listing_of

TREE = reverse("tenancy:org_units")
CREATE = reverse("tenancy:org_unit_create")


def detail_url(unit):
    return reverse("tenancy:org_unit_detail", args=[unit.pk])


def test_manager_sees_own_tree_with_counts(client, world):
    # given the Alpha training manager
    client.force_login(world.a.tm)
    # when they open the organisation page
    response = client.get(TREE)
    # then Alpha's units show, Beta's administration does not
    body = response.content.decode()
    assert response.status_code == 200
    assert world.a.hq.name in body
    assert world.b.administration.name not in body
    assert detail_url(world.a.house) in body
    assert detail_url(world.b.house) not in body


@pytest.mark.parametrize("persona", ["learner_a", "sup_a", "coordinator"])
def test_non_managers_get_not_found(client, world, persona):
    # when a learner, supervisor or coordinator opens the organisation pages
    client.force_login(world.users[persona])
    # then they do not exist for them
    assert client.get(TREE).status_code == 404
    assert client.get(detail_url(world.a.house)).status_code == 404
    assert client.get(CREATE).status_code == 404


def test_detail_of_foreign_unit_is_not_found(client, world):
    # given the Beta training manager
    client.force_login(world.b.tm)
    # when they open an Alpha unit, and a unit that does not exist
    foreign = client.get(detail_url(world.a.house))
    missing = client.get(reverse("tenancy:org_unit_detail", args=[999999]))
    # then both answer the same 404
    assert foreign.status_code == missing.status_code == 404


def test_detail_shows_children_and_officer_link(client, world):
    # given the Alpha training manager
    client.force_login(world.a.tm)
    # when they open the bureau
    body = client.get(detail_url(world.a.bureau)).content.decode()
    # then the two customs houses and the link to the unit's officers show
    assert world.a.house.name in body
    assert world.a.other_house.name in body
    assert f"{reverse('people:officer_list')}?org_unit={world.a.bureau.pk}" in body


def test_manager_creates_a_unit(client, world):
    # given the Alpha training manager
    client.force_login(world.a.tm)
    # when they create a division under the port house
    response = client.post(
        CREATE,
        {
            "administration": world.a.administration.pk,
            "parent": world.a.house.pk,
            "code": "A-DIV",
            "name": "Inspection division",
            "kind": "division",
            "away_cap": "2",
        },
    )
    # then it exists below the house, audited, and the browser goes to it
    unit = OrgUnit.objects.get(administration=world.a.administration, code="A-DIV")
    assert response.status_code == 302
    assert response.url == detail_url(unit)
    assert unit.path == f"{world.a.house.path}{unit.pk}/"
    assert unit.away_cap == 2
    assert AuditEvent.objects.filter(entity_type="tenancy.orgunit", entity_id=str(unit.pk)).exists()


def test_bad_input_names_fields_and_creates_nothing(client, world):
    # given the Alpha training manager
    client.force_login(world.a.tm)
    before = OrgUnit.objects.count()
    # when the code is already used and the name blank, then when the cap is negative
    duplicate = client.post(
        CREATE,
        {
            "administration": world.a.administration.pk,
            "code": world.a.house.code,
            "name": "X",
            "kind": "office",
        },
    )
    blank = client.post(
        CREATE, {"administration": world.a.administration.pk, "code": "", "name": "", "kind": "nope"}
    )
    negative = client.post(
        CREATE,
        {
            "administration": world.a.administration.pk,
            "code": "Z",
            "name": "Z",
            "kind": "office",
            "away_cap": "-1",
        },
    )
    # then each field names its problem and nothing is stored
    assert duplicate.status_code == blank.status_code == negative.status_code == 400
    assert "code" in duplicate.context["form"].errors
    assert {"code", "name", "kind"} <= set(blank.context["form"].errors)
    assert "away_cap" in negative.context["form"].errors
    assert OrgUnit.objects.count() == before


def test_parent_from_another_administration_is_refused(client, world):
    # given the Alpha admin, who manages Alpha only
    client.force_login(world.a.admin)
    before = OrgUnit.objects.count()
    # when they post a Beta unit as parent, or Beta as the administration
    foreign_parent = client.post(
        CREATE,
        {
            "administration": world.a.administration.pk,
            "parent": world.b.house.pk,
            "code": "Q",
            "name": "Q",
            "kind": "office",
        },
    )
    foreign_admin = client.post(
        CREATE, {"administration": world.b.administration.pk, "code": "Q", "name": "Q", "kind": "office"}
    )
    # then the choices are refused like missing ones and nothing is created
    assert "parent" in foreign_parent.context["form"].errors
    assert "administration" in foreign_admin.context["form"].errors
    assert OrgUnit.objects.count() == before


def test_learner_post_is_not_found_and_creates_nothing(client, world):
    # given the Alpha learner
    client.force_login(world.a.learner)
    before = OrgUnit.objects.count()
    # when they post a new unit
    response = client.post(
        CREATE, {"administration": world.a.administration.pk, "code": "L", "name": "L", "kind": "office"}
    )
    # then the page does not exist for them and nothing is stored
    assert response.status_code == 404
    assert OrgUnit.objects.count() == before


def test_names_in_any_script_render_escaped(client, world):
    # given units named in Japanese, Thai, Arabic, and one with markup
    names = ["東京税関", "ด่านศุลกากร", "جمارك", "<script>alert(1)</script>"]
    for i, name in enumerate(names):
        org_unit_create(
            actor=world.a.tm,
            administration=world.a.administration,
            code=f"S{i}",
            name=name,
            parent=world.a.hq,
        )
    client.force_login(world.a.tm)
    # when the tree is shown
    body = client.get(TREE).content.decode()
    # then each name appears intact and the markup is escaped
    for name in names[:3]:
        assert name in body
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_tree_page_query_count(client, world, django_assert_max_num_queries):
    # given the Alpha training manager, with more units
    for i in range(10):
        org_unit_create(actor=world.a.tm, administration=world.a.administration, code=f"M{i}", name=f"M{i}")
    client.force_login(world.a.tm)
    client.get(TREE)
    # when the tree is shown then the query count does not grow with the units
    with django_assert_max_num_queries(6):
        client.get(TREE)


def _units(world, count):
    return [
        org_unit_create(
            actor=world.a.tm,
            administration=world.a.administration,
            parent=world.a.bureau,
            code=f"A-L{i:02d}",
            name=f"Listed office {i:02d}",
            kind="office",
        )
        for i in range(count)
    ]


def test_units_paginate_sort_filter_and_count(client, world):
    made = _units(world, 30)
    client.force_login(world.a.tm)

    first = listing_of(client, TREE)
    assert first.total == 34
    assert first.total_label == "34 units"
    assert len(first.rows) == 25
    assert [r.unit for r in first.rows[:2]] == [world.a.hq, world.a.bureau]  # tree order
    assert listing_of(client, TREE, sort="-name").rows[0].unit == world.a.bureau  # "Regional Bureau"
    assert listing_of(client, TREE, sort="-subtree").rows[0].unit == world.a.hq
    assert listing_of(client, TREE, kind="office").total == 30
    assert listing_of(client, TREE, q="A-L0").total == 10
    rows = csv_of(client, TREE, kind="office", sort="name")
    assert len(rows) == 1 + 30
    assert rows[1][0] == made[0].name


def test_units_of_a_foreign_administration_are_never_listed(client, world):
    _units(world, 3)
    client.force_login(world.b.tm)

    assert listing_of(client, TREE, q="Listed").rows == []
    assert csv_of(client, TREE, q="Listed")[1:] == []
    assert listing_of(client, TREE, kind="castle").errors[0].startswith("kind:")


@pytest.mark.parametrize("count", [2, 40])
def test_unit_list_queries_do_not_grow(client, world, count, django_assert_max_num_queries):
    _units(world, count)
    client.force_login(world.a.tm)
    client.get(TREE)

    with django_assert_max_num_queries(8):
        client.get(TREE)
