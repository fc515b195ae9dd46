"""Session, nomination and instructor pages: forms, htmx buttons, errors naming the field."""

import pytest
from django.urls import reverse

from cadre.delivery.models import DeliveryPolicy, Enrolment, Instructor, Session

pytestmark = pytest.mark.django_db


def _form(world, delivery, **overrides):
    data = {
        "administration": world.a.administration.pk,
        "course": delivery.course.pk,
        "starts_at": "2027-06-01T09:00",
        "ends_at": "2027-06-02T17:00",
        "language": "en",
        "seats": "12",
        "venue": "Training Centre",
        "room": "301",
        "instructors": [delivery.instructor.pk],
    }
    data.update(overrides)
    return data


def test_schedule_a_session_in_the_administrations_time_zone(world, delivery, client_for):
    client = client_for(world.a.tm)
    assert client.get(reverse("delivery:session_create")).status_code == 200
    response = client.post(reverse("delivery:session_create"), _form(world, delivery))
    assert response.status_code == 302
    session = Session.objects.latest("pk")
    assert session.starts_at.isoformat() == "2027-06-01T00:00:00+00:00"  # 09:00 in Tokyo


def test_double_booking_shown_on_the_field_and_nothing_saved(world, delivery, client_for):
    client = client_for(world.a.tm)
    client.post(reverse("delivery:session_create"), _form(world, delivery))
    count = Session.objects.count()
    response = client.post(
        reverse("delivery:session_create"),
        _form(world, delivery, starts_at="2027-06-02T09:00", ends_at="2027-06-02T12:00"),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "already teaches" in body
    assert "is booked for" in body
    assert Session.objects.count() == count


def test_foreign_course_is_not_a_choice(world, delivery, client_for):
    response = client_for(world.a.tm).post(
        reverse("delivery:session_create"), _form(world, delivery, course=delivery.course_b.pk)
    )
    assert response.status_code == 400
    assert Session.objects.count() == 2


def test_request_then_htmx_approve_and_confirm(world, delivery, client_for):
    learner = client_for(world.a.learner)
    detail = reverse("delivery:session_detail", args=[delivery.session.pk])
    assert "Request a seat" in learner.get(detail).content.decode()
    learner.post(reverse("delivery:session_request", args=[delivery.session.pk]))
    enrolment = Enrolment.objects.get()
    assert enrolment.state == Enrolment.State.REQUESTED
    # the supervisor sees it waiting and approves with an htmx button
    sup = client_for(world.a.sup)
    assert world.a.learner_officer.family_name in sup.get(reverse("delivery:enrolment_list")).content.decode()
    response = sup.post(
        reverse("delivery:enrolment_action", args=[enrolment.pk, "approve"]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert 'data-state="approved"' in response.content.decode()
    # the supervisor cannot confirm: that is the training manager's
    assert sup.post(reverse("delivery:enrolment_action", args=[enrolment.pk, "confirm"])).status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.state == Enrolment.State.APPROVED
    tm = client_for(world.a.tm)
    response = tm.post(
        reverse("delivery:enrolment_action", args=[enrolment.pk, "confirm"]), HTTP_HX_REQUEST="true"
    )
    assert 'data-state="confirmed"' in response.content.decode()


def test_htmx_refusal_comes_back_in_the_row(world, delivery, client_for):
    from tests.delivery.conftest import make_enrolment

    enrolment = make_enrolment(delivery.session, world.a.learner_officer, Enrolment.State.REQUESTED)
    response = client_for(world.a.tm).post(
        reverse("delivery:enrolment_action", args=[enrolment.pk, "confirm"]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "only an approved request can be confirmed" in response.content.decode()


def test_unknown_action_is_404(world, delivery, client_for):
    from tests.delivery.conftest import make_enrolment

    enrolment = make_enrolment(delivery.session, world.a.learner_officer, Enrolment.State.REQUESTED)
    assert (
        client_for(world.a.tm)
        .post(reverse("delivery:enrolment_action", args=[enrolment.pk, "delete"]))
        .status_code
        == 404
    )


def test_nominate_from_the_session_page(world, delivery, client_for):
    client = client_for(world.a.sup)
    client.post(
        reverse("delivery:session_nominate", args=[delivery.session.pk]), {"officer": world.a.officers[1].pk}
    )
    assert Enrolment.objects.get().state == Enrolment.State.APPROVED
    # an officer outside the supervisor's subtree is not a choice
    client.post(
        reverse("delivery:session_nominate", args=[delivery.session.pk]), {"officer": world.a.officers[3].pk}
    )
    assert Enrolment.objects.count() == 1


def test_language_refusal_is_shown(world, delivery, client_for):
    delivery.session.language = "ja"
    delivery.session.save()
    client = client_for(world.a.learner)
    response = client.post(reverse("delivery:session_request", args=[delivery.session.pk]), follow=True)
    assert "language: the session is taught in ja" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_lists_and_pages_render(world, delivery, client_for):
    client = client_for(world.a.tm)
    for url in (
        reverse("delivery:session_list"),
        reverse("delivery:session_list") + "?all=1",
        reverse("delivery:enrolment_list") + "?state=requested",
        reverse("delivery:instructor_list"),
        reverse("delivery:instructor_create"),
        reverse("delivery:instructor_detail", args=[delivery.instructor.pk]),
        reverse("delivery:policy"),
        reverse("delivery:calendar"),
        reverse("delivery:session_detail", args=[delivery.session.pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_instructor_create_page(world, delivery, client_for):
    client = client_for(world.a.tm)
    response = client.post(
        reverse("delivery:instructor_create"),
        {
            "kind": "external",
            "name": "Ms Regional",
            "organisation": "ROCB",
            "max_days_per_year": "30",
            "qualification_codes": "RISK, VR",
            "competency_levels": "OP2 3",
        },
    )
    assert response.status_code == 302
    instructor = Instructor.objects.get(name="Ms Regional")
    assert instructor.qualifications.count() == 3
    bad = client.post(
        reverse("delivery:instructor_create"),
        {"kind": "external", "name": "", "max_days_per_year": "30", "competency_levels": "NOPE 3"},
    )
    assert bad.status_code == 400
    assert Instructor.objects.count() == 3


def test_availability_added_on_the_detail_page(world, delivery, client_for):
    client = client_for(world.a.tm)
    url = reverse("delivery:instructor_detail", args=[delivery.instructor.pk])
    assert (
        client.post(url, {"starts_on": "2027-01-05", "ends_on": "2027-01-01", "available": "0"}).status_code
        == 400
    )
    assert (
        client.post(url, {"starts_on": "2027-01-01", "ends_on": "2027-01-05", "available": "0"}).status_code
        == 302
    )
    assert delivery.instructor.availability.count() == 1


def test_policy_page_saves(world, client_for):
    client = client_for(world.a.tm)
    response = client.post(
        reverse("delivery:policy"),
        {"away_cap_percent": "25", "away_cap_mode": "refuse", "training_evidence_auto_validated": ""},
    )
    assert response.status_code == 302
    policy = DeliveryPolicy.objects.get(administration=world.a.administration)
    assert (str(policy.away_cap_share), policy.away_cap_mode, policy.training_evidence_auto_validated) == (
        "0.25",
        "refuse",
        False,
    )
