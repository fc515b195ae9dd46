"""The administration's ISO 4217 currency: a default from its zone's country, validated, editable."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cadre.core.models import AuditEvent
from cadre.tenancy.models import Administration

pytestmark = pytest.mark.django_db


def settings_url(admin):
    return reverse("tenancy:administration_settings", args=[admin.pk])


def test_an_administration_created_without_currency_gets_its_countrys(world):
    # given administrations created the way other code does, with no currency
    tokyo = Administration.objects.create(region=world.region, code="jp", name="JP", time_zone="Asia/Tokyo")
    paris = Administration.objects.create(region=world.region, code="fr", name="FR", time_zone="Europe/Paris")
    # then each holds its country's tender
    assert (tokyo.currency, paris.currency) == ("JPY", "EUR")
    assert world.a.administration.currency == "JPY"


def test_manager_sees_and_changes_the_currency(client, world):
    admin = world.a.administration
    client.force_login(world.a.tm)
    page = client.get(settings_url(admin))
    assert page.status_code == 200
    assert 'value="JPY"' in page.content.decode()
    response = client.post(settings_url(admin), {"currency": "eur", "time_zone": "Europe/Paris"})
    assert response.status_code == 302
    admin.refresh_from_db()
    assert (admin.currency, admin.time_zone) == ("EUR", "Europe/Paris")
    assert AuditEvent.objects.filter(entity_type__icontains="administration", action="update").exists()


def test_unknown_currency_is_refused_naming_the_field(client, world):
    admin = world.a.administration
    client.force_login(world.a.tm)
    response = client.post(settings_url(admin), {"currency": "ABC", "time_zone": "Asia/Tokyo"})
    assert response.status_code == 400
    assert "ISO 4217" in response.content.decode()
    admin.refresh_from_db()
    assert admin.currency == "JPY"


def test_foreign_manager_gets_not_found_and_nothing_changes(client, world):
    admin = world.a.administration
    client.force_login(world.b.tm)
    assert client.get(settings_url(admin)).status_code == 404
    assert client.post(settings_url(admin), {"currency": "EUR", "time_zone": "UTC"}).status_code == 404
    admin.refresh_from_db()
    assert admin.currency == "JPY"


def test_learner_gets_not_found(client, world):
    client.force_login(world.a.learner)
    assert client.get(settings_url(world.a.administration)).status_code == 404
