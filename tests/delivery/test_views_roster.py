"""The roster page: attendance checkboxes and results in one form, all or nothing."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cadre.competencies.models import Assessment
from cadre.delivery.models import Attendance, Completion, Enrolment
from cadre.delivery.selectors import session_days
from tests.delivery.conftest import make_enrolment, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def ran(world, delivery):
    now = timezone.now()
    session = make_session(delivery.course, start=now - dt.timedelta(hours=3), room="R7")
    session.ends_at = now - dt.timedelta(minutes=1)
    session.save()
    a = make_enrolment(session, world.a.officers[0], Enrolment.State.CONFIRMED)
    b = make_enrolment(session, world.a.officers[1], Enrolment.State.CONFIRMED)
    return session, a, b


def test_roster_saves_attendance_and_results(world, ran, client_for):
    session, a, b = ran
    present = {f"present-{a.pk}-{d.isoformat()}": "on" for d in session_days(session=session)}
    client = client_for(world.a.tm)
    assert client.get(reverse("delivery:session_roster", args=[session.pk])).status_code == 200
    response = client.post(
        reverse("delivery:session_roster", args=[session.pk]),
        {**present, f"result-{a.pk}": "pass", f"score-{a.pk}": "91", f"result-{b.pk}": ""},
    )
    assert response.status_code == 302
    assert all(row.present for row in Attendance.objects.filter(enrolment=a))
    assert not any(row.present for row in Attendance.objects.filter(enrolment=b))
    assert Completion.objects.get(enrolment=a).passed is True
    assert Assessment.objects.filter(officer=a.officer, source="training").exists()
    page = client.get(reverse("delivery:session_roster", args=[session.pk])).content.decode()
    assert reverse("delivery:certificate", args=[a.pk]) in page


def test_roster_refusal_saves_nothing(world, ran, client_for):
    session, a, b = ran
    client = client_for(world.a.tm)
    # a pass for an absent participant, and a valid line: nothing is saved
    day = session_days(session=session)[-1].isoformat()
    response = client.post(
        reverse("delivery:session_roster", args=[session.pk]),
        {f"result-{a.pk}": "pass", f"present-{b.pk}-{day}": "on"},
    )
    assert response.status_code == 400
    assert "a pass needs attendance" in response.content.decode()
    assert not Attendance.objects.exists()
    assert not Completion.objects.exists()


def test_bad_score_is_reported(world, ran, client_for):
    session, a, _b = ran
    client = client_for(world.a.tm)
    response = client.post(
        reverse("delivery:session_roster", args=[session.pk]),
        {f"result-{a.pk}": "fail", f"score-{a.pk}": "lots"},
    )
    assert response.status_code == 400
    assert not Completion.objects.exists()


def test_instructor_keeps_the_roster_of_their_session(world, delivery, instructor_user, client_for):
    client = client_for(instructor_user)
    assert client.get(reverse("delivery:session_roster", args=[delivery.session.pk])).status_code == 200
