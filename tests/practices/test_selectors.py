from __future__ import annotations

import pytest

from cadre.practices.selectors import practice_get_for_user, practice_may, practices_visible_to
from tests.support.errors import NOT_FOUND

pytestmark = pytest.mark.django_db

# who sees an Alpha entry at each state
VISIBILITY = {
    "draft": {"tm_a", "learner_a", "sup_a", "admin_a"},
    "submitted": {"tm_a", "learner_a", "sup_a", "admin_a", "coordinator", "regional_admin"},
    "published": {
        "tm_a",
        "learner_a",
        "sup_a",
        "admin_a",
        "coordinator",
        "regional_admin",
        "tm_b",
        "learner_b",
        "sup_b",
    },
}


@pytest.mark.parametrize("state", sorted(VISIBILITY))
def test_visibility_at_each_state(world, make_practice, state):
    # given an Alpha entry at this state
    practice = make_practice("a", state)
    # then exactly the expected personas see it; the others get 404
    for name, user in world.users.items():
        visible = practices_visible_to(user=user).filter(pk=practice.pk).exists()
        assert visible == (name in VISIBILITY[state]), name
        if not visible:
            with pytest.raises(NOT_FOUND):
                practice_get_for_user(user=user, practice_id=practice.pk)


def test_actions_follow_the_workflow(world, make_practice):
    draft = make_practice("a")
    assert practice_may(user=world.a.tm, practice=draft) == {"edit", "submit"}
    assert practice_may(user=world.a.learner, practice=draft) == {"edit"}
    submitted = make_practice("a", "submitted")
    assert practice_may(user=world.coordinator, practice=submitted) == {
        "comment",
        "request_changes",
        "publish",
    }
    assert practice_may(user=world.a.tm, practice=submitted) == {"comment"}
    published = make_practice("a", "published")
    assert practice_may(user=world.b.tm, practice=published) == set()
    assert practice_may(user=world.coordinator, practice=published) == {"archive"}
