"""Query-count guards: evaluation pages and endpoints that aggregate cost the same for 2 rows as for 10."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from cadre.evaluation.models import Programme
from tests.delivery.conftest import make_course, make_enrolment
from tests.evaluation.conftest import ended_session
from tests.support import factories as f

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _session_with(world, count):
    """An ended session of alpha with ``count`` confirmed participants."""
    a = world.a
    session = ended_session(make_course(a.administration, code="QC-1"))
    for _ in range(count):
        officer = f.OfficerFactory(administration=a.administration, org_unit=a.house, position=a.position)
        make_enrolment(session, officer)
    return session


@pytest.mark.parametrize("count", [2, 10])
def test_session_page_queries_do_not_grow(world, count, django_assert_max_num_queries):
    # Given an ended session with ``count`` participants
    session = _session_with(world, count)
    client = _client(world.a.tm)
    url = reverse("evaluation:session", args=[session.pk])
    client.get(url)

    # When its manager opens the evaluation page, then the query count does not depend on the roster
    with django_assert_max_num_queries(BOUND_SESSION):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [2, 10])
def test_course_page_queries_do_not_grow(world, count, django_assert_max_num_queries):
    # Given a course whose session had ``count`` participants
    session = _session_with(world, count)
    client = _client(world.a.tm)
    url = reverse("evaluation:course", args=[session.course_id])
    client.get(url)

    # When its manager opens the course evaluation, then the query count does not depend on the roster
    with django_assert_max_num_queries(BOUND_COURSE):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [2, 10])
def test_programme_list_api_queries_do_not_grow(world, count, django_assert_max_num_queries):
    # Given ``count`` programmes in alpha
    for i in range(count):
        Programme.objects.create(
            administration=world.a.administration,
            name=f"Programme {i:02d}",
            period_start=dt.date(2024, 1, 1),
            period_end=dt.date(2030, 12, 31),
        )
    client = _client(world.a.tm)
    client.get("/api/v1/evaluation/programmes")

    # When the manager lists them through the API, then the query count does not depend on how many
    with django_assert_max_num_queries(BOUND_PROGRAMMES):
        response = client.get("/api/v1/evaluation/programmes")
    assert response.status_code == 200
    assert response.json()["count"] == count


BOUND_SESSION = 11  # measured at 2 and at 10 participants
BOUND_COURSE = 18  # measured at 2 and at 10 participants
BOUND_PROGRAMMES = 6  # measured at 2 and at 10 programmes
