"""Every delivery page and form answers 404 to another administration's users, and changes nothing."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cadre.core.models import AuditEvent
from cadre.delivery.models import (
    Attendance,
    Completion,
    Enrolment,
    Instructor,
    InstructorAvailability,
    Session,
)
from tests.delivery.conftest import make_enrolment, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def alpha(world, delivery):
    """An Alpha session that ran today, with a confirmed participant who passed."""
    now = timezone.now()
    past = make_session(delivery.course, start=now - dt.timedelta(hours=2), room="R2")
    past.ends_at = now - dt.timedelta(minutes=5)
    past.save()
    enrolment = make_enrolment(past, world.a.learner_officer, Enrolment.State.CONFIRMED)
    Completion.objects.create(enrolment=enrolment, passed=True, completed_on=dt.date.today())
    pending = make_enrolment(delivery.session, world.a.officers[1], Enrolment.State.REQUESTED)
    return {"past": past, "enrolment": enrolment, "pending": pending}


def _get_pages(delivery, alpha):
    return [
        reverse("delivery:session_detail", args=[delivery.session.pk]),
        reverse("delivery:session_roster", args=[alpha["past"].pk]),
        reverse("delivery:instructor_detail", args=[delivery.instructor.pk]),
        reverse("delivery:certificate", args=[alpha["enrolment"].pk]),
        reverse("delivery:feed_session", args=[delivery.session.pk]),
        reverse("delivery:feed_instructor", args=[delivery.instructor.pk]),
    ]


@pytest.mark.parametrize("persona", ["tm", "sup", "learner"])
def test_foreign_users_get_404_on_every_alpha_page(world, delivery, alpha, client_for, persona):
    client = client_for(getattr(world.b, persona))
    for url in _get_pages(delivery, alpha):
        assert client.get(url).status_code == 404, url


def _state(delivery, alpha):
    return (
        list(Enrolment.objects.order_by("pk").values_list("pk", "state")),
        list(Session.objects.order_by("pk").values_list("pk", "status", "seats")),
        Attendance.objects.count(),
        Completion.objects.count(),
        InstructorAvailability.objects.count(),
        Instructor.objects.count(),
        AuditEvent.objects.count(),
    )


def test_foreign_writes_answer_404_and_change_nothing(world, delivery, alpha, client_for):
    before = _state(delivery, alpha)
    tm_b = client_for(world.b.tm)
    session = delivery.session
    pending = alpha["pending"]
    day = timezone.localdate().isoformat()
    posts = [
        (reverse("delivery:session_nominate", args=[session.pk]), {"officer": world.a.officers[2].pk}),
        (reverse("delivery:session_cancel", args=[session.pk]), {}),
        (
            reverse("delivery:session_roster", args=[alpha["past"].pk]),
            {f"present-{alpha['enrolment'].pk}-{day}": "on"},
        ),
        (
            reverse("delivery:instructor_detail", args=[delivery.instructor.pk]),
            {"starts_on": "2026-01-01", "ends_on": "2026-01-02", "available": "0"},
        ),
        *[
            (reverse("delivery:enrolment_action", args=[pending.pk, a]), {})
            for a in ("approve", "reject", "confirm", "cancel")
        ],
    ]
    for url, data in posts:
        assert tm_b.post(url, data).status_code == 404, url
        assert tm_b.post(url, data, HTTP_HX_REQUEST="true").status_code == 404, url
    learner_b = client_for(world.b.learner)
    assert learner_b.post(reverse("delivery:session_request", args=[session.pk])).status_code == 404
    assert _state(delivery, alpha) == before


def test_foreign_lists_show_nothing_of_alpha(world, delivery, alpha, client_for):
    client = client_for(world.b.tm)
    for name in (
        "delivery:session_list",
        "delivery:enrolment_list",
        "delivery:instructor_list",
        "delivery:supply_demand",
    ):
        body = client.get(reverse(name), {"all": "1"}).content.decode()
        assert delivery.course.code not in body.replace(delivery.course_b.code, ""), name
        assert "Dr Expert" not in body, name
        assert world.a.learner_officer.family_name not in body, name


def test_learner_cannot_reach_manager_pages(world, delivery, client_for):
    client = client_for(world.a.learner)
    for name in (
        "delivery:session_create",
        "delivery:instructor_list",
        "delivery:instructor_create",
        "delivery:supply_demand",
        "delivery:policy",
    ):
        assert client.get(reverse(name)).status_code == 404, name
    assert client.post(reverse("delivery:session_cancel", args=[delivery.session.pk])).status_code == 404
    delivery.session.refresh_from_db()
    assert delivery.session.status == Session.Status.SCHEDULED


def test_learner_cannot_see_the_instructor_record_or_keep_the_roster(world, delivery, client_for):
    client = client_for(world.a.learner)
    assert client.get(reverse("delivery:instructor_detail", args=[delivery.instructor.pk])).status_code == 404
    assert client.get(reverse("delivery:session_roster", args=[delivery.session.pk])).status_code == 404


def test_anonymous_is_sent_to_login_or_404(delivery, client):
    response = client.get(reverse("delivery:session_detail", args=[delivery.session.pk]))
    assert response.status_code == 302
    assert client.get(reverse("delivery:feed_session", args=[delivery.session.pk])).status_code == 404
