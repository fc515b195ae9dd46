from __future__ import annotations

import pytest
from django.urls import reverse

from cadre.community.models import Nomination
from cadre.community.services import attendance_record, nomination_create, nomination_select
from tests.community.conftest import TODAY
from tests.support.world import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def _login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def test_focal_point_nominates_two_and_coordinator_selects_one(client, world, event, call):
    # given Alpha's focal point nominates two officers through the page
    _login(client, world.a.tm)
    for officer in world.a.officers[:2]:
        client.post(reverse("community:nominate", args=[event.pk]), {"officer": officer.pk, "priority": 1})
    assert Nomination.objects.filter(event=event).count() == 2
    # when the coordinator selects the first
    first = Nomination.objects.get(officer=world.a.officers[0])
    _login(client, world.coordinator)
    client.post(reverse("community:nomination_select", args=[first.pk]))
    # then the participant list shows them
    page = client.get(reverse("community:participants", args=[event.pk])).content.decode()
    assert world.a.officers[0].full_name in page
    assert world.a.officers[1].full_name not in page


def test_foreign_focal_point_cannot_nominate_or_see_nominations(client, world, event, call):
    nomination = nomination_create(actor=world.a.tm, event=event, officer=world.a.officers[0], today=TODAY)
    _login(client, world.b.tm)
    response = client.post(
        reverse("community:nominate", args=[event.pk]), {"officer": world.a.officers[1].pk, "priority": 1}
    )
    assert response.status_code == 404
    for name in ("nomination_select", "nomination_withdraw", "nomination_waitlist", "nomination_attended"):
        assert client.post(reverse(f"community:{name}", args=[nomination.pk])).status_code == 404
    assert client.get(reverse("community:certificate", args=[nomination.pk])).status_code == 404
    assert (
        world.a.officers[0].full_name
        not in client.get(reverse("community:event_detail", args=[event.pk])).content.decode()
    )
    nomination.refresh_from_db()
    assert nomination.state == "nominated"
    assert Nomination.objects.count() == 1


def test_event_of_another_region_is_404(client, world, event):
    from tests.support import factories as f

    outsider = f.UserFactory(username="outsider")
    other = f.AdministrationFactory(region=f.RegionFactory(code="eu", name="Europe"))
    f.MembershipFactory(user=outsider, role="training_manager", administration=other)
    _login(client, outsider)
    assert client.get(reverse("community:event_detail", args=[event.pk])).status_code == 404


def test_certificate_of_participation(client, world, event, call):
    nomination = nomination_create(actor=world.a.tm, event=event, officer=world.a.officers[0], today=TODAY)
    nomination_select(actor=world.coordinator, nomination=nomination)
    attendance_record(actor=world.coordinator, nomination=nomination, attended=True)
    response = _login(client, world.a.tm).get(reverse("community:certificate", args=[nomination.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
