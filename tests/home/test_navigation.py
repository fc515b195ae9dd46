"""The main menu: grouped by the training cycle, at most nine entries, only what the role may use."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cadre.home.navigation import MAX_TOP_LEVEL, navigation_for

PERSONAS = ["tm_a", "admin_a", "sup_a", "learner_a", "coordinator", "regional_admin"]


def _links(user):
    return {link.key for group in navigation_for(user=user) for link in group.links}


@pytest.mark.parametrize("username", PERSONAS)
def test_no_role_sees_more_than_nine_entries_or_an_empty_group(world, username):
    # given a persona of the test world
    user = world.users[username]
    # when their menu is built
    groups = navigation_for(user=user)
    # then Home comes first, at most nine entries show, and every group has a link
    assert groups[0].key == "home"
    assert len(groups) <= MAX_TOP_LEVEL
    assert all(g.links for g in groups[1:])


def test_each_role_sees_its_own_links_only(world):
    # given the personas
    # then the learner has their learning and no management
    learner = _links(world.a.learner)
    assert {"my_learning", "me", "self_assess"} <= learner
    assert not {"officers", "planning", "members", "audit", "nominations"} & learner
    # the coordinator has the region and no "Members and roles" (that is the regional admin's)
    coordinator = _links(world.coordinator)
    assert {"regional", "events", "experts"} <= coordinator
    assert "members" not in coordinator
    assert "members" in _links(world.regional_admin)
    # the supervisor assesses and validates; the manager plans; the admin manages members
    assert {"assess", "validations", "nominations"} <= _links(world.a.sup)
    assert {"planning", "needs", "instructors", "audit"} <= _links(world.a.tm)
    assert "members" in _links(world.a.admin)


def test_menu_groups_are_buttons_that_disclose_their_links(client, world):
    # given the training manager on the sessions page
    client.force_login(world.a.tm)
    # when the page renders
    body = client.get(reverse("delivery:session_list")).content.decode()
    # then each group is a button controlling its list, and the current group is marked
    assert 'class="nav-group-toggle" aria-expanded="false" aria-controls="nav-delivery"' in body
    assert 'id="nav-delivery"' in body
    assert '<li class="nav-group current">' in body
    assert 'rel="icon"' in body


def test_favicon_answers(client, db):
    # when a browser asks for /favicon.ico
    response = client.get("/favicon.ico")
    # then it gets the icon, not a 404
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")
