"""Nominating a whole unit (with its sub-units, optionally one position) for a session from its page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cadre.core.models import AuditEvent
from cadre.delivery.enrolment_lists import officers_for_nomination
from cadre.delivery.models import Enrolment
from tests.delivery.conftest import make_enrolment
from tests.support import factories as f

pytestmark = pytest.mark.django_db
State = Enrolment.State


def _url(session):
    return reverse("delivery:session_nominate_unit", args=[session.pk])


def test_officers_of_a_unit_with_or_without_sub_units(world, delivery):
    a = world.a
    manager = {"user": a.tm, "administration_id": a.administration.pk}
    assert officers_for_nomination(**manager, unit_id=a.bureau.pk).count() == 4
    assert officers_for_nomination(**manager, unit_id=a.bureau.pk, include_subunits=False).count() == 0
    assert officers_for_nomination(**manager, unit_id=a.house.pk).count() == 3
    # the supervisor of the port house reaches only their subtree, never themself nor a foreign unit
    sup = {"user": a.sup, "administration_id": a.administration.pk}
    assert officers_for_nomination(**sup, unit_id=a.other_house.pk).count() == 0
    assert officers_for_nomination(**sup, unit_id=a.house.pk).count() == 3
    assert officers_for_nomination(**manager, unit_id=world.b.house.pk).count() == 0
    other_position = f.PositionFactory(administration=a.administration, code="a-AUD", title="Auditor")
    a.officers[3].position = other_position
    a.officers[3].save(update_fields=["position"])
    assert officers_for_nomination(**manager, unit_id=a.bureau.pk, position_id=other_position.pk).count() == 1


def test_the_session_page_offers_it_and_the_post_shows_the_summary(world, delivery, client_for):
    make_enrolment(delivery.session, world.a.officers[1], State.REQUESTED)
    client = client_for(world.a.tm)
    page = client.get(reverse("delivery:session_detail", args=[delivery.session.pk])).content.decode()
    assert "Nominate a whole unit" in page
    response = client.post(
        _url(delivery.session), {"many-unit": world.a.bureau.pk, "many-include_subunits": "on"}, follow=True
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Done: 3 · refused: 1" in body
    assert "already has a request for this session" in body
    assert Enrolment.objects.filter(session=delivery.session).count() == 4
    assert AuditEvent.objects.filter(entity_type="delivery.enrolment", action="create").count() == 3


def test_confirm_now_fills_seats_then_the_waiting_list(world, delivery, client_for):
    delivery.session.seats = 1
    delivery.session.save(update_fields=["seats"])
    client = client_for(world.a.tm)
    response = client.post(
        _url(delivery.session),
        {"many-unit": world.a.house.pk, "many-include_subunits": "on", "many-confirm": "on"},
        follow=True,
    )
    assert "Done: 3 · refused: 0" in response.content.decode()
    states = sorted(Enrolment.objects.values_list("state", flat=True))
    assert states == [State.CONFIRMED, State.WAITLISTED, State.WAITLISTED]


def test_a_supervisor_cannot_confirm_and_a_foreign_unit_nominates_nobody(world, delivery, client_for):
    sup = client_for(world.a.sup)
    page = sup.get(reverse("delivery:session_detail", args=[delivery.session.pk])).content.decode()
    assert "many-confirm" not in page
    # the confirm box is not in the supervisor's form: a forged one is ignored, nominations start approved
    sup.post(_url(delivery.session), {"many-unit": world.a.house.pk, "many-confirm": "on"})
    assert set(Enrolment.objects.values_list("state", flat=True)) == {State.APPROVED}
    Enrolment.objects.all().delete()
    tm = client_for(world.a.tm)
    response = tm.post(_url(delivery.session), {"many-unit": world.b.house.pk})
    assert response.status_code == 302  # refused by the form: not one of the choices
    assert not Enrolment.objects.exists()


def test_a_foreign_session_is_404(world, delivery, client_for):
    client = client_for(world.b.tm)
    assert client.post(_url(delivery.session), {"many-unit": world.b.house.pk}).status_code == 404
    assert not Enrolment.objects.exists()
