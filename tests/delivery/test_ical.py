"""iCalendar feeds: RFC 5545 escaping and folding, parsed back by the icalendar package; token access."""

import datetime as dt

import icalendar
import pytest
from django.urls import reverse

from cadre.delivery import ical, services
from cadre.delivery.models import Enrolment
from tests.delivery.conftest import make_enrolment

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


def test_escaping_and_folding_round_trip_through_a_standard_parser():
    # given a summary with every special character and a long Japanese description
    summary = 'HS 2022; "classification", part\\1\nday two'
    description = "関税分類の基礎と応用。" * 20
    body = ical.calendar(
        name="Mine, all mine",
        events=[
            ical.Event(
                uid="abc@cadre",
                starts_at=dt.datetime(2026, 5, 11, 9, tzinfo=dt.timezone(dt.timedelta(hours=9))),
                ends_at=dt.datetime(2026, 5, 11, 17, tzinfo=dt.timezone(dt.timedelta(hours=9))),
                summary=summary,
                description=description,
                location="Room 3; Tokyo",
            )
        ],
        now=NOW,
    )
    # then every line is at most 75 octets and ends with CRLF
    assert body.endswith(b"\r\n")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    # and a standard parser reads back exactly what went in, in UTC
    parsed = icalendar.Calendar.from_ical(body)
    (event,) = parsed.walk("VEVENT")
    assert str(event["SUMMARY"]) == summary
    assert str(event["DESCRIPTION"]) == description
    assert str(event["LOCATION"]) == "Room 3; Tokyo"
    assert event["UID"] == "abc@cadre"
    assert event.decoded("DTSTART") == dt.datetime(2026, 5, 11, 0, tzinfo=dt.UTC)
    assert event.decoded("DTSTAMP") == NOW
    assert b"DTSTART:20260511T000000Z" in body
    assert b"X-WR-CALNAME:Mine\\, all mine\r\n" in body  # an X- property is TEXT: escaped too


def test_fold_never_splits_a_character():
    line = "DESCRIPTION:" + "é" * 100
    for part in ical.fold(line).split("\r\n"):
        assert len(part.encode()) <= 75
        part.encode().decode("utf-8")


def test_naive_times_refused():
    with pytest.raises(ValueError):
        ical.utc_stamp(dt.datetime(2026, 1, 1))


def test_officer_feed_by_token_lists_confirmed_sessions_only(world, delivery, client):
    make_enrolment(delivery.session, world.a.learner_officer, Enrolment.State.CONFIRMED)
    other = delivery.session_b  # foreign, never listed
    token = services.calendar_token_issue(user=world.a.learner)
    response = client.get(reverse("delivery:feed_me_token", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [f"{delivery.session.identifier}@cadre"]
    assert str(other.identifier) not in response.content.decode()


def test_revoked_or_wrong_token_is_404(world, delivery, client):
    token = services.calendar_token_issue(user=world.a.learner)
    services.calendar_token_revoke(user=world.a.learner)
    assert client.get(reverse("delivery:feed_me_token", args=[token])).status_code == 404
    assert client.get(reverse("delivery:feed_me_token", args=["cal_nope"])).status_code == 404
    new = services.calendar_token_issue(user=world.a.learner)
    services.calendar_token_issue(user=world.a.learner)  # reissuing revokes the previous one
    assert client.get(reverse("delivery:feed_me_token", args=[new])).status_code == 404


def test_token_opens_only_what_its_owner_may_see(world, delivery, client):
    token = services.calendar_token_issue(user=world.b.tm)
    assert (
        client.get(reverse("delivery:feed_session_token", args=[token, delivery.session.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("delivery:feed_session_token", args=[token, delivery.session_b.pk])).status_code
        == 200
    )
    url = reverse("delivery:feed_instructor_token", args=[token, delivery.instructor.pk])
    assert client.get(url).status_code == 404


def test_instructor_and_session_feeds_by_session_login(world, delivery, client_for):
    client = client_for(world.a.tm)
    for url in (
        reverse("delivery:feed_instructor", args=[delivery.instructor.pk]),
        reverse("delivery:feed_session", args=[delivery.session.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
        assert "RISK-1" in str(event["SUMMARY"])


def test_calendar_page_issues_a_link_once(world, client_for):
    client = client_for(world.a.learner)
    client.post(reverse("delivery:calendar_token"), {"action": "issue"})
    first = client.get(reverse("delivery:calendar")).content.decode()
    assert "/calendar/cal_" in first
    assert "/calendar/cal_" not in client.get(reverse("delivery:calendar")).content.decode()
