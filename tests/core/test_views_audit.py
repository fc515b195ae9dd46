import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse

from cadre.core.audit import audit_record
from cadre.tenancy.services import org_unit_create
from tests.support.lists import csv_of, listing_of

URL = reverse("core:audit")


@pytest.fixture
def alpha_and_beta_events(world):
    org_unit_create(actor=world.a.tm, administration=world.a.administration, code="A9", name="Alpha nine")
    org_unit_create(actor=world.b.tm, administration=world.b.administration, code="B9", name="Beta nine")


def test_training_manager_sees_own_events(client, world, alpha_and_beta_events):
    # given the Alpha training manager
    client.force_login(world.a.tm)
    # when they open the audit log
    response = client.get(URL)
    # then Alpha's change is listed, Beta's is not
    body = response.content.decode()
    assert response.status_code == 200
    assert "Alpha nine" in body
    assert "Beta nine" not in body


@pytest.mark.parametrize("persona", ["learner_a", "sup_a", "coordinator", "learner_b"])
def test_others_get_not_found(client, world, alpha_and_beta_events, persona):
    # when a learner, supervisor or coordinator opens the audit log
    client.force_login(world.users[persona])
    # then it does not exist for them
    assert client.get(URL).status_code == 404


def test_beta_manager_never_sees_alpha_even_when_filtering_for_it(client, world, alpha_and_beta_events):
    # given the Beta training manager
    client.force_login(world.b.tm)
    # when they filter the log for Alpha's actor
    response = client.get(URL, {"actor": world.a.tm.username})
    # then nothing of Alpha's shows
    assert "Alpha nine" not in response.content.decode()
    assert response.context["page_obj"].paginator.count == 0


def test_update_shows_before_and_after(client, world):
    # given an update recorded on an Alpha unit
    unit = world.a.house
    audit_record(
        actor=world.a.tm,
        action="update",
        instance=unit,
        before={"name": "Old port house", "code": unit.code},
        after={"name": "New port house", "code": unit.code},
    )
    client.force_login(world.a.tm)
    # when the manager opens the log
    body = client.get(URL).content.decode()
    # then the changed field shows its old and new value, and the unchanged one is left out
    assert "<del>Old port house</del>" in body
    assert "<ins>New port house</ins>" in body
    assert f"<del>{unit.code}</del>" not in body


def test_filters_and_pagination(client, world):
    # given 55 Alpha events and one of another type
    for i in range(55):
        audit_record(actor=world.a.tm, action="create", instance=world.a.house, after={"n": i})
    audit_record(actor=world.a.admin, action="create", instance=world.a.position, after={"n": 0})
    client.force_login(world.a.tm)
    # when the manager pages and filters
    first = client.get(URL)
    second = client.get(URL, {"page": 2})
    by_type = client.get(URL, {"entity_type": "people.position"})
    by_actor = client.get(URL, {"actor": "admin_a"})
    # then 50 show per page and the filters narrow the list
    assert len(first.context["page_obj"].object_list) == 50
    assert len(second.context["page_obj"].object_list) == 6
    assert by_type.context["page_obj"].paginator.count == 1
    assert by_actor.context["page_obj"].paginator.count == 1
    assert "page=2" in first.content.decode()


def test_bad_filter_shows_field_errors(client, world):
    # given the Alpha training manager
    client.force_login(world.a.tm)
    # when the date range is reversed, a date malformed and a type unknown
    response = client.get(URL, {"since": "2026-03-02", "until": "2026-03-01"})
    malformed = client.get(URL, {"since": "not-a-date", "entity_type": "nope.nope"})
    # then each field names its problem
    assert "until" in response.context["form"].errors
    assert set(malformed.context["form"].errors) == {"since", "entity_type"}


def test_times_render_in_the_administration_time_zone(client, world):
    # given an event recorded at 15:30 UTC (Alpha is in Asia/Tokyo, UTC+9)
    at = dt.datetime(2026, 3, 1, 15, 30, tzinfo=dt.UTC)
    with mock.patch("django.utils.timezone.now", return_value=at):
        audit_record(actor=world.a.tm, action="create", instance=world.a.house, after={"n": 1})
    client.force_login(world.a.tm)
    # when the Alpha manager opens the log
    body = client.get(URL).content.decode()
    # then the time shows as the next morning in Tokyo
    assert 'datetime="2026-03-02T00:30:00+09:00"' in body
    assert "Mar 2, 2026, 12:30\u202fAM" in body


def test_audit_page_query_count_does_not_grow_with_events(client, world, django_assert_max_num_queries):
    # given many Alpha events
    for i in range(30):
        audit_record(actor=world.a.tm, action="create", instance=world.a.house, after={"n": i})
    client.force_login(world.a.tm)
    client.get(URL)  # warm the session's time zone
    # when the page is shown then a fixed handful of queries serves it
    with django_assert_max_num_queries(7):
        client.get(URL)


def test_sort_oldest_first_and_a_bad_sort_is_named(client, world):
    for i in range(3):
        audit_record(actor=world.a.tm, action="create", instance=world.a.house, after={"n": i})
    client.force_login(world.a.tm)

    newest = listing_of(client, URL)
    oldest = listing_of(client, URL, sort="at")
    bad = listing_of(client, URL, sort="before")

    assert [e.pk for e in oldest.rows] == [e.pk for e in reversed(newest.rows)]
    assert any(e.startswith("sort:") for e in bad.errors)
    assert newest.total_label == "3 events"


def test_csv_export_has_every_filtered_event_and_nothing_foreign(client, world, alpha_and_beta_events):
    for i in range(60):
        audit_record(actor=world.a.tm, action="create", instance=world.a.house, after={"n": i})
    client.force_login(world.a.tm)

    rows = csv_of(client, URL, entity_type="tenancy.orgunit")

    assert rows[0][:4] == ["Time", "Changed by", "Action", "Record type"]
    assert len(rows) == 1 + 61  # 60 here and the Alpha nine unit
    assert not [r for r in rows if "Beta nine" in r]
    assert client.get(URL, {"since": "nope", "export": "csv"}).status_code == 400


@pytest.mark.parametrize("count", [3, 80])
def test_audit_queries_are_the_same_for_few_or_many_events(
    client, world, count, django_assert_max_num_queries
):
    for i in range(count):
        audit_record(
            actor=world.a.tm, action="update", instance=world.a.house, before={"n": i}, after={"n": i + 1}
        )
    client.force_login(world.a.tm)
    client.get(URL)

    with django_assert_max_num_queries(7):
        client.get(URL)


def test_the_csv_streams_times_in_the_administration_time_zone(client, world):
    # given an event at 15:30 UTC (Alpha is in Asia/Tokyo): the body streams after the middleware is done
    at = dt.datetime(2026, 3, 1, 15, 30, tzinfo=dt.UTC)
    with mock.patch("django.utils.timezone.now", return_value=at):
        audit_record(actor=world.a.tm, action="create", instance=world.a.house, after={"n": 1})
    client.force_login(world.a.tm)
    client.get(URL)  # the session learns the time zone

    rows = csv_of(client, URL)

    assert rows[1][0] == "2026-03-02 00:30:00"
