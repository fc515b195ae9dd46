from cadre.tenancy.access import MANAGERS, access_for


def test_world_personas_hold_their_roles(world):
    # given the shared test world
    # when the access of the Alpha training manager is computed
    access = access_for(world.a.tm)
    # then they manage Alpha only, and the supervisor's subtree is their customs house
    assert access.administration_ids(MANAGERS) == {world.a.administration.pk}
    assert access_for(world.a.sup).supervised_paths == {world.a.administration.pk: [world.a.house.path]}
    assert access_for(world.coordinator).region_ids() == {world.region.pk}
