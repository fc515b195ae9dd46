"""Who sees a workshop's participant list, and a participant's own participation and certificate.

Documented rule (docs/community.md): the participant list is the region's (coordinator, regional
admin) and the member administrations' focal points'; an officer sees their own participation and
certificate; anyone else, and any other region, gets 404.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cadre.community.services import attendance_record, nomination_create, nomination_select
from tests.api.support import ApiClient, assert_error
from tests.community.conftest import TODAY
from tests.support import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def attended(world, event, call):
    """Alpha's learner took part in the workshop and attended; a Beta officer was selected too."""
    mine = nomination_create(actor=world.a.tm, event=event, officer=world.a.learner_officer, today=TODAY)
    other = nomination_create(actor=world.b.tm, event=event, officer=world.b.officers[1], today=TODAY)
    for nomination in (mine, other):
        nomination_select(actor=world.coordinator, nomination=nomination)
    attendance_record(actor=world.coordinator, nomination=mine, attended=True)
    return mine


def _page(user, url):
    client = Client()
    client.force_login(user)
    return client.get(url)


def _api(user) -> ApiClient:
    client = Client()
    client.force_login(user)
    return ApiClient(client)


def test_the_region_and_every_members_focal_point_see_the_participant_list(world, event, attended):
    url = reverse("community:participants", args=[event.pk])
    for user in (world.coordinator, world.regional_admin, world.a.tm, world.b.tm, world.a.admin):
        # given someone of the documented audience, when the list is read (page and API)
        page = _page(user, url)
        api = _api(user).get(f"/community/events/{event.pk}/participants")
        # then it names both participants, whichever administration sent them
        assert page.status_code == 200, user
        html = page.content.decode()
        assert world.a.learner_officer.full_name in html
        assert world.b.officers[1].full_name in html
        assert sorted(p["officer_id"] for p in api.json()) == sorted(
            [world.a.learner_officer.pk, world.b.officers[1].pk]
        )


def test_learners_and_supervisors_do_not_see_the_list(world, event, attended):
    url = reverse("community:participants", args=[event.pk])
    for user in (world.a.learner, world.a.sup, world.b.learner):
        assert _page(user, url).status_code == 404, user
        assert_error(_api(user).get(f"/community/events/{event.pk}/participants"), 404)
        # and the event page offers no link to it
        detail = _page(user, reverse("community:event_detail", args=[event.pk])).content.decode()
        assert url not in detail


def test_a_participant_sees_their_own_participation_and_certificate(world, event, attended):
    # given Alpha's learner, who attended
    detail = _page(world.a.learner, reverse("community:event_detail", args=[event.pk]))
    html = detail.content.decode()
    # then the event page shows their participation with its certificate, and no one else's
    assert 'id="my-participation"' in html
    certificate = reverse("community:certificate", args=[attended.pk])
    assert certificate in html
    assert world.b.officers[1].full_name not in html
    response = _page(world.a.learner, certificate)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    # and another learner gets 404 for that certificate, without any "your participation" block
    assert _page(world.b.learner, certificate).status_code == 404
    other = _page(world.b.learner, reverse("community:event_detail", args=[event.pk])).content.decode()
    assert 'id="my-participation"' not in other


def test_a_focal_point_of_another_region_gets_404(world, event, attended):
    # given the focal point of an administration in another region (also a learner in ours)
    outsider = f.UserFactory(username="outsider")
    foreign = f.AdministrationFactory(region=f.RegionFactory(code="eu", name="Europe"), code="eu1")
    f.MembershipFactory(user=outsider, role="training_manager", administration=foreign)
    for url in (
        reverse("community:event_detail", args=[event.pk]),
        reverse("community:participants", args=[event.pk]),
        reverse("community:certificate", args=[attended.pk]),
    ):
        assert _page(outsider, url).status_code == 404, url
    assert_error(_api(outsider).get(f"/community/events/{event.pk}/participants"), 404)
    # and being a plain learner of a member administration does not make them a focal point here
    f.MembershipFactory(user=outsider, role="learner", administration=world.b.administration)
    assert _page(outsider, reverse("community:participants", args=[event.pk])).status_code == 404
