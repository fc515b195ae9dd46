"""The credentials page: managers issue and revoke clients; other administrations get 404."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cadre.lrs.models import LrsClient
from tests.lrs.conftest import make_xapi

pytestmark = pytest.mark.django_db


def _as(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_manager_issues_a_client_and_sees_the_secret_once(world):
    # when Alpha's training manager creates a client
    response = _as(world.a.tm).post(
        reverse("lrs:clients"),
        {
            "administration": world.a.administration.pk,
            "name": "VR simulator",
            "scopes": ["statements/write", "state"],
            "rate_limit_per_minute": 600,
        },
    )
    # then it exists, and the page shows its secret this one time
    client = LrsClient.objects.get(name="VR simulator")
    assert response.status_code == 200
    assert client.key in response.content.decode()
    assert client.scopes == ["state", "statements/write"]
    assert "VR simulator" in _as(world.a.tm).get(reverse("lrs:clients")).content.decode()


def test_bad_input_names_the_field_and_creates_nothing(world):
    response = _as(world.a.tm).post(
        reverse("lrs:clients"),
        {
            "administration": world.a.administration.pk,
            "name": "",
            "scopes": [],
            "rate_limit_per_minute": 10,
        },
    )
    assert response.status_code == 400
    assert not LrsClient.objects.exists()


def test_a_manager_cannot_issue_for_another_administration(world):
    response = _as(world.a.tm).post(
        reverse("lrs:clients"),
        {
            "administration": world.b.administration.pk,
            "name": "Sneaky",
            "scopes": ["statements/write"],
            "rate_limit_per_minute": 10,
        },
    )
    assert response.status_code == 400
    assert not LrsClient.objects.exists()


def test_learners_get_404(world):
    assert _as(world.a.learner).get(reverse("lrs:clients")).status_code == 404


def test_revoking_a_foreign_client_is_404_and_changes_nothing(world):
    # given Beta's client
    beta = make_xapi(world, "b").client
    # when Alpha's manager tries to revoke it
    response = _as(world.a.tm).post(reverse("lrs:client_revoke", args=[beta.pk]))
    # then 404, and it is still active; Beta's manager can revoke it
    assert response.status_code == 404
    assert LrsClient.objects.get(pk=beta.pk).revoked_at is None
    assert _as(world.b.tm).post(reverse("lrs:client_revoke", args=[beta.pk])).status_code == 302
    assert LrsClient.objects.get(pk=beta.pk).revoked_at is not None


def test_foreign_clients_are_not_listed(world):
    make_xapi(world, "b")
    assert "Tool b" not in _as(world.a.tm).get(reverse("lrs:clients")).content.decode()


def test_the_demo_client_is_idempotent(world):
    from cadre.lrs.demo import load_lrs_demo

    first = load_lrs_demo(administration=world.a.administration)
    second = load_lrs_demo(administration=world.a.administration)
    assert first.pk == second.pk
    assert LrsClient.objects.count() == 1
