"""/api/v1/audit: the administration's history, for its training managers and admins only."""

import pytest

from cadre.core.models import AuditEvent
from cadre.people.services import officer_update
from tests.api.support import assert_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def changes(world):
    """A grade change in each administration, made through the service (so it is audited)."""
    alpha = officer_update(actor=world.a.tm, officer=world.a.officers[1], grade="G4")
    beta = officer_update(actor=world.b.tm, officer=world.b.officers[1], grade="G7")
    return alpha, beta


def _entity_ids(response):
    assert response.status_code == 200, response.content
    return {(e["entity_type"], e["entity_id"]) for e in response.json()["items"]}


def test_training_manager_reads_the_administrations_events_never_the_others(world, as_user, changes):
    alpha, beta = changes
    response = as_user(world.a.tm).get("/audit")
    assert ("people.officer", str(alpha.pk)) in _entity_ids(response)
    assert ("people.officer", str(beta.pk)) not in _entity_ids(response)
    assert all(e["administration_id"] == world.a.administration.pk for e in response.json()["items"])


def test_an_update_shows_what_changed(world, as_user, changes):
    alpha, _beta = changes
    items = (
        as_user(world.a.admin).get("/audit", {"entity_type": "people.officer", "entity_id": alpha.pk}).json()
    )
    assert items["count"] == 1
    event = items["items"][0]
    assert (event["action"], event["actor_name"], event["after"]["grade"]) == ("update", "tm_a", "G4")


def test_learners_and_supervisors_see_no_events(world, as_user, changes):
    assert as_user(world.a.learner).get("/audit").json() == {"items": [], "count": 0}
    assert as_user(world.a.sup).get("/audit").json()["count"] == 0


def test_since_filter(world, as_user, changes):
    client = as_user(world.a.tm)
    assert client.get("/audit", {"since": "2000-01-01"}).json()["count"] >= 1
    assert client.get("/audit", {"since": "2999-01-01"}).json()["count"] == 0
    assert_error(client.get("/audit", {"since": "yesterday"}), 422, "since")


def test_paginates_newest_first(world, as_user, changes):
    officer_update(actor=world.a.tm, officer=world.a.officers[2], grade="G2")
    client = as_user(world.a.tm)
    page = client.get("/audit", {"limit": 1}).json()
    total = AuditEvent.objects.filter(administration=world.a.administration).count()
    assert page["count"] == total
    assert page["items"][0]["entity_id"] == str(world.a.officers[2].pk)


def test_with_token(world, with_token, changes):
    _alpha, beta = changes
    assert ("people.officer", str(beta.pk)) in _entity_ids(with_token(world.b.tm).get("/audit"))


def test_anonymous_is_401(world, anonymous):
    assert_error(anonymous.get("/audit"), 401)
