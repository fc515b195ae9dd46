"""The working calendar page: the manager saves, adds and removes; others get 404; errors name the field."""

import datetime as dt

import pytest
from django.urls import reverse

from cadre.calendars.models import Closure, WorkingCalendar
from cadre.calendars.services import closure_add

pytestmark = pytest.mark.django_db


def _url(world):
    return reverse("calendars:calendar", args=[world.a.administration.pk])


def test_the_page_lists_the_years_holidays_in_the_viewers_language(client, world):
    client.force_login(world.a.tm)
    html = client.get(_url(world) + "?year=2027", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Coming of Age Day" in html
    assert "2027 has 245 days sessions may use." in html  # 261 weekdays - 16 holidays on weekdays
    client.post(reverse("set_language"), {"language": "ja"})
    assert "成人の日" in client.get(_url(world) + "?year=2027").content.decode()


def test_the_manager_saves_the_calendar_and_adds_and_removes_a_closure(client, world):
    client.force_login(world.a.tm)
    response = client.post(
        _url(world), {"action": "settings", "country": "JP", "weekdays": ["1", "2", "3", "4", "5", "6"]}
    )
    assert response.status_code == 302
    assert WorkingCalendar.objects.get().weekdays == "123456"
    client.post(
        _url(world),
        {
            "action": "closure",
            "name": "Year end",
            "kind": "closure",
            "starts_on": "2027-12-29",
            "ends_on": "2028-01-03",
        },
    )
    closure = Closure.objects.get()
    client.post(reverse("calendars:closure_remove", args=[world.a.administration.pk, closure.pk]))
    assert not Closure.objects.exists()


def test_a_refusal_shows_the_reason_beside_the_field_and_stores_nothing(client, world):
    client.force_login(world.a.tm)
    response = client.post(
        _url(world),
        {
            "action": "closure",
            "name": "Backwards",
            "kind": "closure",
            "starts_on": "2027-05-02",
            "ends_on": "2027-05-01",
        },
    )
    assert response.status_code == 400
    assert "must be on or after the first day" in response.content.decode()
    assert not Closure.objects.exists()
    response = client.post(_url(world), {"action": "settings", "country": "XX", "weekdays": ["1"]})
    assert response.status_code == 400
    assert not WorkingCalendar.objects.exists()


def test_foreign_managers_and_officers_get_404_and_change_nothing(client, world):
    closure = closure_add(
        actor=world.a.tm,
        administration=world.a.administration,
        name="Peak",
        starts_on=dt.date(2027, 8, 1),
        ends_on=dt.date(2027, 8, 9),
        kind="peak",
    )
    for user in (world.b.tm, world.a.learner):
        client.force_login(user)
        assert client.get(_url(world)).status_code == 404
        assert (
            client.post(_url(world), {"action": "settings", "country": "JP", "weekdays": ["1"]}).status_code
            == 404
        )
        remove = reverse("calendars:closure_remove", args=[world.a.administration.pk, closure.pk])
        assert client.post(remove).status_code == 404
    assert Closure.objects.filter(pk=closure.pk).exists()
    assert not WorkingCalendar.objects.exists()


@pytest.mark.parametrize("count", [2, 10])
def test_the_page_answers_in_the_same_number_of_queries_whatever_the_closures(
    client, world, count, django_assert_max_num_queries
):
    for i in range(count):
        closure_add(
            actor=world.a.tm,
            administration=world.a.administration,
            name=f"C{i}",
            starts_on=dt.date(2027, 1 + i, 1),
            ends_on=dt.date(2027, 1 + i, 3),
        )
    client.force_login(world.a.tm)
    client.get(_url(world))
    with django_assert_max_num_queries(12):
        response = client.get(_url(world))
    assert response.content.decode().count("Remove C") == count
