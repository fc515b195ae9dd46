from __future__ import annotations

import pytest
from django.urls import reverse

from cadre.practices.models import Practice
from tests.support.world import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def test_search_page_shows_highlighted_hits(client, world, make_practice):
    make_practice("a", "published", title="Microlearning pilots")
    response = _login(client, world.b.learner).get(reverse("practices:list"), {"q": "microlearning"})
    assert response.status_code == 200
    assert "<mark>Microlearning</mark>" in response.content.decode()


def test_foreign_draft_pages_answer_404_and_change_nothing(client, world, make_practice):
    # given an Alpha draft
    practice = make_practice("a")
    _login(client, world.b.tm)
    # when Beta's focal point reaches for it, then 404 everywhere
    assert client.get(reverse("practices:detail", args=[practice.pk])).status_code == 404
    assert client.get(reverse("practices:edit", args=[practice.pk])).status_code == 404
    for name in ("submit", "comment", "publish", "request_changes", "archive", "translate"):
        response = client.post(
            reverse(f"practices:{name}", args=[practice.pk]),
            {"text": "x", "language": "ja", "title": "t", "summary": "s"},
        )
        assert response.status_code == 404, name
    # and the coordinator cannot see a draft either
    _login(client, world.coordinator)
    assert client.get(reverse("practices:detail", args=[practice.pk])).status_code == 404
    practice.refresh_from_db()
    assert practice.state == "draft"
    assert not practice.translations.exists()


def test_create_submit_publish_through_pages(client, world):
    # given Alpha's focal point writes a draft
    _login(client, world.a.tm)
    response = client.post(
        reverse("practices:create"),
        {
            "administration": world.a.administration.pk,
            "title": "Blended valuation course",
            "year": 2019,
            "language": "en",
            "topics": ["blended"],
            "summary": "Online theory, classroom cases.",
            "delivery_mode": "blended",
        },
    )
    practice = Practice.objects.get()
    assert response.status_code == 302
    client.post(reverse("practices:submit", args=[practice.pk]))
    # when the coordinator publishes it
    _login(client, world.coordinator)
    client.post(reverse("practices:publish", args=[practice.pk]), {"text": "Thank you"})
    # then Beta finds it
    practice.refresh_from_db()
    assert practice.state == "published"
    page = _login(client, world.b.learner).get(reverse("practices:detail", args=[practice.pk]))
    assert page.status_code == 200
    assert "Blended valuation course" in page.content.decode()


def test_invalid_form_names_the_field_and_stores_nothing(client, world):
    _login(client, world.a.tm)
    response = client.post(
        reverse("practices:create"),
        {
            "administration": world.a.administration.pk,
            "title": "x",
            "year": 1800,
            "language": "en",
            "topics": ["blended"],
            "summary": "s",
        },
    )
    assert response.status_code == 200
    assert "year" in response.context["form"].errors
    assert not Practice.objects.exists()


def test_publication_downloads(client, world, make_practice):
    make_practice("a", "published", title="Microlearning pilots", topics=("microlearning",))
    _login(client, world.coordinator)
    html = client.post(
        reverse("practices:publication"), {"title": "C", "format": "html", "topics": ["microlearning"]}
    )
    assert html.status_code == 200
    assert "Microlearning pilots" in html.content.decode()
    pdf = client.post(reverse("practices:publication"), {"title": "C", "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
