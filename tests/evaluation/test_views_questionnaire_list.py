"""The questionnaire list: pagination, sort, filters, total, export, isolation, queries."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cadre.evaluation.models import QuestionnaireTemplate
from tests.support.lists import csv_of, listing_of

pytestmark = pytest.mark.django_db

URL = reverse("evaluation:templates")


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _questionnaires(world, count):
    return [
        QuestionnaireTemplate.objects.create(
            administration=world.a.administration,
            name=f"Questionnaire {i:02d}",
            kind="follow_up" if i % 3 == 0 else "reaction",
            anonymous=i % 3 != 0,
        )
        for i in range(count)
    ]


def test_questionnaires_paginate_sort_filter_and_count(world):
    made = _questionnaires(world, 30)
    client = _client(world.a.tm)

    first = listing_of(client, URL)
    assert first.total == 30
    assert first.total_label == "30 questionnaires"
    assert len(first.rows) == 25
    assert listing_of(client, URL, sort="-name").rows[0] == made[-1]
    assert listing_of(client, URL, kind="follow_up").total == 10
    assert listing_of(client, URL, q="Questionnaire 1").total == 10
    rows = csv_of(client, URL, kind="reaction")
    assert len(rows) == 1 + 20


def test_questionnaires_of_a_foreign_administration_are_never_listed(world):
    _questionnaires(world, 3)
    client = _client(world.b.tm)

    assert listing_of(client, URL).rows == []
    assert csv_of(client, URL)[1:] == []
    assert _client(world.a.learner).get(URL).status_code == 404


@pytest.mark.parametrize("count", [2, 40])
def test_questionnaire_list_queries_do_not_grow(world, count, django_assert_max_num_queries):
    _questionnaires(world, count)
    client = _client(world.a.tm)
    client.get(URL)

    with django_assert_max_num_queries(10):
        client.get(URL)
