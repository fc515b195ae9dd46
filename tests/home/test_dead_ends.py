"""Dead ends the persona crawl found, pinned: an ended session offers nothing, import only to importers."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tests.delivery.conftest import make_course, make_session


def test_an_ended_session_says_so_and_offers_no_seat(client, world):
    # given a session that ended yesterday and one still to come
    course = make_course(world.a.administration, code="END-1")
    ended = make_session(course, start=timezone.now() - dt.timedelta(days=2))
    coming = make_session(course)
    client.force_login(world.a.learner)
    # when the learner opens each
    ended_body = client.get(reverse("delivery:session_detail", args=[ended.pk])).content.decode()
    coming_body = client.get(reverse("delivery:session_detail", args=[coming.pk])).content.decode()
    # then the ended one says it ended and offers no request; the coming one does
    assert "This session ended on" in ended_body
    assert reverse("delivery:session_request", args=[ended.pk]) not in ended_body
    assert reverse("delivery:session_request", args=[coming.pk]) in coming_body


def test_an_ended_session_offers_its_manager_no_nomination_or_cancelling(client, world):
    # given an ended session
    ended = make_session(
        make_course(world.a.administration, code="END-2"), start=timezone.now() - dt.timedelta(days=2)
    )
    client.force_login(world.a.tm)
    # when its training manager opens it
    body = client.get(reverse("delivery:session_detail", args=[ended.pk])).content.decode()
    # then neither nominating nor cancelling is offered
    assert reverse("delivery:session_nominate", args=[ended.pk]) not in body
    assert reverse("delivery:session_cancel", args=[ended.pk]) not in body


def test_case_import_is_offered_only_to_those_it_answers(client, world):
    # given the learner and the training manager on the frameworks page
    url = reverse("competencies:case_import")
    client.force_login(world.a.learner)
    assert url not in client.get(reverse("competencies:framework_list")).content.decode()
    assert client.get(url).status_code == 404
    client.force_login(world.a.tm)
    # then only the manager is offered the import, and it answers them
    assert url in client.get(reverse("competencies:framework_list")).content.decode()
    assert client.get(url).status_code == 200
