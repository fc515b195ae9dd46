import datetime as dt

import pytest

from cadre.core.models import AuditEvent
from cadre.core.selectors import audit_events_for_user, audit_viewable_by
from cadre.tenancy.services import membership_grant, org_unit_create


@pytest.fixture
def events(world):
    """One org unit created in each administration, and one regional role granted."""
    alpha = org_unit_create(
        actor=world.a.tm, administration=world.a.administration, code="A9", name="Alpha 9"
    )
    beta = org_unit_create(actor=world.b.tm, administration=world.b.administration, code="B9", name="Beta 9")
    membership_grant(
        actor=world.regional_admin, user=world.b.tm, role="regional_coordinator", region=world.region
    )
    return alpha, beta


def test_training_manager_sees_only_own_administration(world, events):
    # when the Alpha training manager reads the audit log
    seen = {e.entity_repr for e in audit_events_for_user(user=world.a.tm)}
    # then Alpha's event is there and neither Beta's nor the region's
    assert "Alpha 9" in seen
    assert "Beta 9" not in seen
    assert all(not r.startswith(world.b.tm.username) for r in seen)


def test_regional_admin_sees_regional_events_only(world, events):
    # when the regional admin reads the audit log
    rows = list(audit_events_for_user(user=world.regional_admin))
    # then only the region's own events appear, none of the administrations'
    assert rows
    assert all(e.administration_id is None and e.region_id == world.region.pk for e in rows)


def test_who_may_view_the_audit_log(world):
    # then managers, admins and regional admins may; learners, supervisors and coordinators may not
    assert audit_viewable_by(user=world.a.tm)
    assert audit_viewable_by(user=world.a.admin)
    assert audit_viewable_by(user=world.regional_admin)
    assert not audit_viewable_by(user=world.a.learner)
    assert not audit_viewable_by(user=world.a.sup)
    assert not audit_viewable_by(user=world.coordinator)


def test_filters_by_type_actor_and_day(world, events):
    # given Alpha events by two actors
    org_unit_create(actor=world.a.admin, administration=world.a.administration, code="A10", name="Alpha 10")
    today = dt.date.today()
    # when filtering
    by_actor = audit_events_for_user(user=world.a.tm, actor="ADMIN_A")
    by_type = audit_events_for_user(user=world.a.tm, entity_type="tenancy.membership")
    by_day = audit_events_for_user(
        user=world.a.tm, since=today - dt.timedelta(days=1), until=today + dt.timedelta(days=1)
    )
    before = audit_events_for_user(user=world.a.tm, until=today - dt.timedelta(days=2))
    # then each filter narrows the scoped log
    assert [e.entity_repr for e in by_actor] == ["Alpha 10"]
    assert not by_type.exists()
    assert by_day.count() == 2
    assert not before.exists()


def test_events_are_append_only(world, events):
    # given a recorded event
    event = AuditEvent.objects.filter(administration=world.a.administration).first()
    # when someone tries to change or delete it
    event.actor_name = "someone else"
    # then both are refused and the stored row is untouched
    with pytest.raises(RuntimeError, match="append-only"):
        event.save()
    with pytest.raises(RuntimeError, match="append-only"):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).actor_name == world.a.tm.username
