from cadre.tenancy.access import access_for
from cadre.tenancy.selectors import org_unit_detail_for_user, org_unit_tree_for_user
from tests.support import factories as f


def test_tree_counts_officers_in_one_query(world, django_assert_num_queries):
    # given an inactive officer in Alpha's port house (not counted)
    f.OfficerFactory(administration=world.a.administration, org_unit=world.a.house, active=False)
    access_for(world.a.tm)  # memberships are read once per request, before any page query
    # when the Alpha training manager's tree is read
    with django_assert_num_queries(1):
        trees = org_unit_tree_for_user(user=world.a.tm)
    # then only Alpha's units come back, in tree order, with direct and subtree counts of active officers
    assert [t.administration for t in trees] == [world.a.administration]
    rows = {row.unit.pk: row for row in trees[0].rows}
    order = [row.unit for row in trees[0].rows]
    assert order == [world.a.hq, world.a.bureau, world.a.other_house, world.a.house]  # siblings by name
    assert (rows[world.a.house.pk].officers, rows[world.a.house.pk].subtree_officers) == (3, 3)
    assert (rows[world.a.bureau.pk].officers, rows[world.a.bureau.pk].subtree_officers) == (0, 4)
    assert rows[world.a.hq.pk].subtree_officers == 4


def test_detail_lists_children_and_ancestors(world):
    # when the Alpha manager reads the bureau
    detail = org_unit_detail_for_user(user=world.a.tm, org_unit_id=world.a.bureau.pk)
    # then its ancestors, children and counts come back
    assert detail.ancestors == [world.a.hq]
    assert {row.unit for row in detail.children} == {world.a.house, world.a.other_house}
    assert detail.subtree_officers == 4


def test_learner_and_foreign_manager_see_no_tree(world):
    # then a learner and Beta's manager read nothing of Alpha
    assert org_unit_tree_for_user(user=world.a.learner) == []
    assert world.a.administration not in [t.administration for t in org_unit_tree_for_user(user=world.b.tm)]
