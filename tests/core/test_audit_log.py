"""The append-only audit log and its snapshot/diff helpers."""

import datetime as dt
import decimal
import uuid

import pytest

from cadre.core.audit import audit_record, diff, snapshot
from cadre.core.models import AuditEvent
from tests.support import factories as f


@pytest.fixture
def officer(db):
    return f.OfficerFactory(given_name="Hanako", family_name="Yamada", service_start=dt.date(2010, 4, 1))


def test_snapshot_keeps_concrete_fields_with_foreign_keys_as_ids(officer):
    # when an officer is snapshotted
    data = snapshot(officer)
    # then foreign keys appear as ids and dates as ISO strings
    assert data["org_unit_id"] == officer.org_unit_id
    assert data["administration_id"] == officer.administration_id
    assert data["service_start"] == "2010-04-01"
    assert data["given_name"] == "Hanako"
    assert "org_unit" not in data


def test_snapshot_can_be_limited_to_named_fields(officer):
    assert snapshot(officer, fields=["given_name", "org_unit"]) == {
        "given_name": "Hanako",
        "org_unit_id": officer.org_unit_id,
    }


def test_snapshot_leaves_out_bookkeeping_timestamps(officer):
    # auto_now fields change on every save and would make every update look like a change
    assert "updated_at" not in snapshot(officer)


def test_snapshot_values_are_json_ready(db):
    from cadre.core.audit import _json_value

    value = {
        1: [dt.date(2020, 1, 2), decimal.Decimal("1.50")],
        "u": uuid.UUID(int=1),
        "t": dt.time(8, 30),
    }
    assert _json_value(value) == {
        "1": ["2020-01-02", "1.50"],
        "u": "00000000-0000-0000-0000-000000000001",
        "t": "08:30:00",
    }


def test_diff_keeps_only_changed_keys():
    before = {"a": 1, "b": 2, "c": 3}
    after = {"a": 1, "b": 20, "c": 3, "d": 4}
    assert diff(before, after) == ({"b": 2, "d": None}, {"b": 20, "d": 4})


def test_diff_passes_creates_and_deletes_through():
    assert diff(None, {"a": 1}) == (None, {"a": 1})
    assert diff({"a": 1}, None) == ({"a": 1}, None)


def test_audit_record_writes_who_what_and_the_tenant(world):
    # given a change by Alpha's training manager
    target = world.a.officers[0]
    before = snapshot(target)
    target.grade = "G7"
    # when it is recorded
    event = audit_record(
        actor=world.a.tm, action="update", instance=target, before=before, after=snapshot(target)
    )
    # then the event names the actor, the entity, the tenant and only the changed field
    assert event is not None
    assert event.actor == world.a.tm
    assert event.actor_name == "tm_a"
    assert event.entity_type == "people.officer"
    assert event.entity_id == str(target.pk)
    assert event.administration_id == world.a.administration.pk
    assert event.before == {"grade": ""}
    assert event.after == {"grade": "G7"}


def test_an_update_that_changed_nothing_is_not_recorded(officer):
    data = snapshot(officer)
    assert audit_record(actor=None, action="update", instance=officer, before=data, after=dict(data)) is None
    assert not AuditEvent.objects.exists()


def test_an_anonymous_actor_is_recorded_as_system(officer):
    event = audit_record(actor=None, action="create", instance=officer, after=snapshot(officer))
    assert event is not None
    assert event.actor is None
    assert event.actor_name == "system"


def test_audit_events_are_append_only(officer):
    # given a recorded event
    event = audit_record(actor=None, action="create", instance=officer, after=snapshot(officer))
    assert event is not None
    # when it is saved again or deleted
    event.entity_repr = "tampered"
    with pytest.raises(RuntimeError, match="append-only"):
        event.save()
    with pytest.raises(RuntimeError, match="append-only"):
        event.delete()
    # then the stored row is unchanged
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.entity_repr == str(officer)


def test_database_refuses_bulk_update_of_audit_rows(world):
    # given an audit event written by a service
    from django.db import DatabaseError, transaction

    from cadre.core.audit import audit_record
    from cadre.core.models import AuditEvent

    audit_record(actor=world.a.tm, action="create", instance=world.a.position, after={"code": "x"})
    # when someone bypasses the model with a queryset UPDATE
    # then the database itself refuses, and the row is unchanged
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.update(entity_repr="tampered")
    assert not AuditEvent.objects.filter(entity_repr="tampered").exists()


def test_deleting_a_user_keeps_their_audit_events(world):
    # given an event by a user
    from cadre.core.audit import audit_record

    event = audit_record(actor=world.b.tm, action="create", instance=world.b.position, after={"code": "x"})
    # when the user is deleted (the one update the database allows: actor -> NULL)
    world.b.tm.delete()
    # then the event stays, naming the actor by the name it had
    event.refresh_from_db()
    assert event.actor_id is None
    assert event.actor_name == "tm_b"


def test_audited_update_saves_only_the_changes_and_logs_them(world):
    # given a position
    from cadre.core.audit import audited_update

    position = world.a.position
    old_title = position.title
    # when its title changes through the helper
    audited_update(actor=world.a.tm, instance=position, changes={"title": "Senior examiner"})
    # then the row holds it and one event records exactly that change
    position.refresh_from_db()
    event = AuditEvent.objects.filter(entity_type="people.position", entity_id=str(position.pk)).latest("id")
    assert position.title == "Senior examiner"
    assert (event.action, event.before, event.after) == (
        "update",
        {"title": old_title},
        {"title": "Senior examiner"},
    )
