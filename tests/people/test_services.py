"""Officer and position writes: validation within the tenant, duplicates, audit diffs, any script."""

import datetime as dt

import pytest

from cadre.core.errors import DomainError
from cadre.core.models import AuditEvent
from cadre.people.models import Officer, Position
from cadre.people.services import officer_create, officer_update, position_create


def _fields(exc: pytest.ExceptionInfo[DomainError]) -> set[str]:
    return {e.field for e in exc.value.errors}


def _counts() -> tuple[int, int]:
    return Officer.objects.count(), AuditEvent.objects.count()


def test_officer_create_stores_and_audits(world):
    # given Alpha's training manager
    a = world.a
    # when an officer is created
    officer = officer_create(
        actor=a.tm,
        administration=a.administration,
        org_unit=a.house,
        employee_number=" A-100 ",
        given_name="Hanako",
        family_name="Yamada",
        position=a.position,
        supervisor=a.officers[0],
        languages=["ja", "en"],
        service_start=dt.date(2012, 4, 1),
    )
    # then it is stored (trimmed) in Alpha and audited as a create
    officer.refresh_from_db()
    assert officer.administration == a.administration
    assert officer.employee_number == "A-100"
    assert officer.supervisor == a.officers[0]
    event = AuditEvent.objects.get(entity_type="people.officer", entity_id=str(officer.pk))
    assert event.action == "create"
    assert event.actor == a.tm
    assert event.administration_id == a.administration.pk
    assert event.after["employee_number"] == "A-100"
    assert event.after["languages"] == ["ja", "en"]


@pytest.mark.parametrize(
    ("given", "family"),
    [
        ("花子", "山田"),  # Japanese
        ("สมชาย", "ใจดี"),  # Thai
        ("فاطمة", "الزهراء"),  # Arabic (right to left)
        ("Nguyễn Thị", "Minh Khai"),  # Vietnamese with stacked diacritics
    ],
)
def test_names_in_any_script_are_stored_intact(world, given, family):
    officer = officer_create(
        actor=world.a.tm,
        administration=world.a.administration,
        org_unit=world.a.house,
        employee_number=f"N-{given}",
        given_name=given,
        family_name=family,
    )
    stored = Officer.objects.get(pk=officer.pk)
    assert (stored.given_name, stored.family_name) == (given, family)
    assert stored.full_name == f"{given} {family}"
    event = AuditEvent.objects.get(entity_type="people.officer", entity_id=str(officer.pk))
    assert event.after["given_name"] == given
    assert event.entity_repr == f"{given} {family}"


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"org_unit": "foreign_unit"}, {"org_unit"}),
        ({"position": "foreign_position"}, {"position"}),
        ({"supervisor": "foreign_officer"}, {"supervisor"}),
        ({"employee_number": "taken"}, {"employee_number"}),
        ({"employee_number": "  "}, {"employee_number"}),
        ({"given_name": ""}, {"given_name"}),
        ({"family_name": None}, {"family_name"}),
        ({"languages": "en"}, {"languages"}),
        ({"languages": ["english language"]}, {"languages"}),
        ({"service_start": "2020-01-01"}, {"service_start"}),
        (
            {"org_unit": "foreign_unit", "position": "foreign_position", "given_name": ""},
            {"org_unit", "position", "given_name"},
        ),
    ],
)
def test_officer_create_rejects_bad_input_naming_fields_and_storing_nothing(world, overrides, fields):
    # given valid fields with bad ones mixed in
    objects = {
        "foreign_unit": world.b.house,
        "foreign_position": world.b.position,
        "foreign_officer": world.b.officers[0],
        "taken": world.a.officers[0].employee_number,
    }
    args = {
        "org_unit": world.a.house,
        "employee_number": "A-NEW",
        "given_name": "Ana",
        "family_name": "Lopez",
    } | {k: objects.get(v, v) if isinstance(v, str) else v for k, v in overrides.items()}
    before = _counts()
    # when the officer is created
    with pytest.raises(DomainError) as exc:
        officer_create(actor=world.a.tm, administration=world.a.administration, **args)
    # then each bad field is named and nothing is stored
    assert _fields(exc) == fields
    assert _counts() == before


@pytest.mark.parametrize("missing", ["employee_number", "given_name", "family_name"])
def test_officer_create_requires_number_and_names(world, missing):
    args = {"employee_number": "A-NEW", "given_name": "Ana", "family_name": "Lopez"}
    del args[missing]
    before = _counts()
    with pytest.raises(DomainError) as exc:
        officer_create(
            actor=world.a.tm, administration=world.a.administration, org_unit=world.a.house, **args
        )
    assert _fields(exc) == {missing}
    assert _counts() == before


def test_an_employee_number_may_repeat_across_administrations(world):
    officer = officer_create(
        actor=world.b.tm,
        administration=world.b.administration,
        org_unit=world.b.house,
        employee_number=world.a.officers[0].employee_number,
        given_name="Same",
        family_name="Number",
    )
    assert officer.administration == world.b.administration


def test_officer_update_audits_only_the_changed_fields(world):
    # given an officer
    officer = world.a.officers[1]
    # when the grade changes and the given name is "set" to its current value
    officer_update(actor=world.a.tm, officer=officer, grade="G5", given_name=officer.given_name)
    # then the audit diff holds just the grade
    event = AuditEvent.objects.get(entity_type="people.officer", entity_id=str(officer.pk), action="update")
    assert event.before == {"grade": ""}
    assert event.after == {"grade": "G5"}
    officer.refresh_from_db()
    assert officer.grade == "G5"


def test_officer_update_moving_units_records_the_unit_ids(world):
    officer = world.a.officers[0]
    officer_update(actor=world.a.tm, officer=officer, org_unit=world.a.other_house)
    event = AuditEvent.objects.get(entity_type="people.officer", entity_id=str(officer.pk), action="update")
    assert event.before == {"org_unit_id": world.a.house.pk}
    assert event.after == {"org_unit_id": world.a.other_house.pk}


def test_officer_update_that_changes_nothing_is_not_audited(world):
    officer = world.a.officers[2]
    officer_update(actor=world.a.tm, officer=officer, grade=officer.grade)
    assert not AuditEvent.objects.filter(entity_type="people.officer", action="update").exists()


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"supervisor": "self"}, {"supervisor"}),
        ({"supervisor": "foreign_officer"}, {"supervisor"}),
        ({"org_unit": "foreign_unit"}, {"org_unit"}),
        ({"org_unit": None}, {"org_unit"}),
        ({"position": "foreign_position"}, {"position"}),
        ({"employee_number": "taken"}, {"employee_number"}),
        ({"family_name": " "}, {"family_name"}),
        ({"administration": "b", "user": None}, {"administration", "user"}),  # not editable here
    ],
)
def test_officer_update_rejects_bad_input_and_changes_nothing(world, fields, errors):
    # given an Alpha officer
    officer = world.a.officers[0]
    objects = {
        "self": officer,
        "foreign_officer": world.b.officers[0],
        "foreign_unit": world.b.house,
        "foreign_position": world.b.position,
        "taken": world.a.officers[1].employee_number,
        "b": world.b.administration,
    }
    fields = {k: objects.get(v, v) if isinstance(v, str) else v for k, v in fields.items()}
    stored_before = Officer.objects.filter(pk=officer.pk).values().get()
    events = AuditEvent.objects.count()
    # when the update is attempted
    with pytest.raises(DomainError) as exc:
        officer_update(actor=world.a.tm, officer=officer, **fields)
    # then the fields are named and the stored officer and the log are unchanged
    assert _fields(exc) == errors
    assert Officer.objects.filter(pk=officer.pk).values().get() == stored_before
    assert AuditEvent.objects.count() == events


def test_officer_update_keeps_own_employee_number(world):
    officer = world.a.officers[0]
    officer_update(actor=world.a.tm, officer=officer, employee_number=officer.employee_number, grade="G2")
    officer.refresh_from_db()
    assert officer.grade == "G2"


def test_position_create_and_its_errors(world):
    position = position_create(
        actor=world.a.tm, administration=world.a.administration, code="a-PCA", title="PCA"
    )
    assert Position.objects.filter(pk=position.pk, administration=world.a.administration).exists()
    assert AuditEvent.objects.filter(entity_type="people.position", entity_id=str(position.pk)).exists()
    before = Position.objects.count()
    with pytest.raises(DomainError) as exc:
        position_create(actor=world.a.tm, administration=world.a.administration, code="a-PCA", title="")
    assert _fields(exc) == {"code", "title"}
    assert Position.objects.count() == before
    # the same code is free in another administration
    position_create(actor=world.b.tm, administration=world.b.administration, code="a-PCA", title="PCA")
