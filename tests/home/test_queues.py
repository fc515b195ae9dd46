"""Each role's work queue: what waits, counted, oldest first, never another administration's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cadre.delivery.models import Attendance, Enrolment, Instructor
from cadre.evaluation.models import FollowUp
from cadre.tenancy.types import Role
from tests.delivery.conftest import make_course, make_enrolment, make_session
from tests.support import factories as f


def _queue(response, panel, key):
    return next(q for q in response.context["page"].panel(panel).queues if q.key == key)


def _home(client, user):
    client.force_login(user)
    client.get(reverse("home:home"))  # warm the session's time zone
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("home:home"))
    assert response.status_code == 200
    return response, len(ctx)


def _approved(world, side, count, course_code="Q-1"):
    course = make_course(side.administration, code=course_code, min_participants=1)
    session = make_session(course)
    officers = [
        f.OfficerFactory(administration=side.administration, org_unit=side.house) for _ in range(count)
    ]
    enrolments = []
    for i, officer in enumerate(officers):
        e = make_enrolment(session, officer, state=Enrolment.State.APPROVED)
        Enrolment.objects.filter(pk=e.pk).update(approved_at=timezone.now() - dt.timedelta(days=count - i))
        enrolments.append(e)
    return session, enrolments


def test_manager_sees_confirmations_oldest_first_and_never_beta(client, world):
    # given three approved nominations in Alpha and one in Beta
    _session, alpha = _approved(world, world.a, 3)
    _approved(world, world.b, 1, course_code="Q-B")
    # when Alpha's training manager opens the home page
    response, _n = _home(client, world.a.tm)
    # then the three show, oldest approval first, each linking to its session
    queue = _queue(response, "manager", "confirmations")
    assert queue.count == 3
    assert [i.title for i in queue.items] == [e.officer.full_name for e in alpha]
    assert queue.items[0].url == reverse("delivery:session_detail", args=[alpha[0].session_id])


def test_manager_sees_sessions_needing_attention_with_reasons(client, world):
    # given an upcoming session without instructor under its minimum, one fine, one already over
    course = make_course(world.a.administration, code="MIN-6", min_participants=6, max_participants=20)
    bare = make_session(course)
    fine = make_session(course, start=timezone.now() + dt.timedelta(days=40))
    fine.instructors.add(
        Instructor.objects.create(administration=world.a.administration, kind="external", name="X")
    )
    for officer in [
        f.OfficerFactory(administration=world.a.administration, org_unit=world.a.house) for _ in range(6)
    ]:
        make_enrolment(fine, officer)
    make_session(course, start=timezone.now() - dt.timedelta(days=10))
    # when the manager opens the home page
    response, _n = _home(client, world.a.tm)
    # then only the bare session needs attention, and says why
    queue = _queue(response, "manager", "sessions")
    assert [i.url for i in queue.items] == [reverse("delivery:session_detail", args=[bare.pk])]
    assert "no instructor" in queue.items[0].detail
    assert "0 confirmed of at least 6" in queue.items[0].detail


def test_manager_queries_do_not_grow_with_waiting_items(client, world, django_assert_max_num_queries):
    # given more nominations and sessions waiting than the queue shows, then many more again
    course = make_course(world.a.administration, code="MIN-9", min_participants=9)

    def add(count, code):
        _approved(world, world.a, count, course_code=code)
        for day in range(count):
            make_session(course, start=timezone.now() + dt.timedelta(days=20 + day, hours=len(code)))

    add(6, "Q-1")
    _r, few = _home(client, world.a.tm)
    add(12, "Q-22")
    # when the page is opened again
    response, many = _home(client, world.a.tm)
    # then it made the same number of queries
    assert _queue(response, "manager", "confirmations").count == 18
    assert many == few
    with django_assert_max_num_queries(40):
        client.get(reverse("home:home"))


def test_supervisor_sees_requests_to_approve_and_follow_ups_due(client, world):
    # given a request of a supervised officer, one of Beta's, and a follow-up due
    course = make_course(world.a.administration, code="REQ-1")
    session = make_session(course)
    request = make_enrolment(session, world.a.officers[1], state=Enrolment.State.REQUESTED)
    beta = make_session(make_course(world.b.administration, code="REQ-B"))
    make_enrolment(beta, world.b.officers[1], state=Enrolment.State.REQUESTED)
    past = make_session(course, start=timezone.now() - dt.timedelta(days=120))
    done = make_enrolment(past, world.a.officers[2])
    follow_up = FollowUp.objects.create(
        administration=world.a.administration,
        enrolment=done,
        due_on=timezone.localdate() - dt.timedelta(days=2),
    )
    # when Alpha's supervisor opens the home page
    response, _n = _home(client, world.a.sup)
    # then the request and the follow-up wait for them, Beta's request does not
    approvals = _queue(response, "supervisor", "approvals")
    assert approvals.count == 1
    assert approvals.items[0].url == reverse("delivery:session_detail", args=[request.session_id])
    follow_ups = _queue(response, "supervisor", "follow_ups")
    assert [i.url for i in follow_ups.items] == [reverse("evaluation:follow_up_detail", args=[follow_up.pk])]
    facts = response.context["page"].panel("supervisor").facts
    assert facts[0].url == reverse("competencies:assess_grid")


def test_officer_sees_upcoming_session_requests_and_certificates(client, world):
    # given the learner confirmed in an upcoming session, with a request pending and a passed course
    course = make_course(world.a.administration, code="OFF-1")
    upcoming = make_session(course)
    make_enrolment(upcoming, world.a.learner_officer)
    later = make_session(make_course(world.a.administration, code="OFF-2"))
    make_enrolment(later, world.a.learner_officer, state=Enrolment.State.REQUESTED)
    past = make_session(
        make_course(world.a.administration, code="OFF-3"), start=timezone.now() - dt.timedelta(days=30)
    )
    passed = make_enrolment(past, world.a.learner_officer)
    from cadre.delivery.models import Completion

    Completion.objects.create(
        enrolment=passed, passed=True, completed_on=timezone.localdate() - dt.timedelta(days=29)
    )
    # when the learner opens the home page
    response, _n = _home(client, world.a.learner)
    # then each shows with its link
    assert [i.url for i in _queue(response, "officer", "upcoming").items] == [
        reverse("delivery:session_detail", args=[upcoming.pk])
    ]
    assert _queue(response, "officer", "requests").count == 1
    assert [i.url for i in _queue(response, "officer", "certificates").items] == [
        reverse("delivery:certificate", args=[passed.pk])
    ]


def test_instructor_sees_attendance_and_results_to_enter(client, world):
    # given an instructor persona teaching a session that has ended without attendance or results
    user = f.UserFactory(username="teacher_a")
    f.MembershipFactory(user=user, role=Role.INSTRUCTOR, administration=world.a.administration)
    officer = world.a.officers[3]
    officer.user = user
    officer.save(update_fields=["user"])
    instructor = Instructor.objects.create(administration=world.a.administration, officer=officer)
    course = make_course(world.a.administration, code="TCH-1")
    ended = make_session(course, start=timezone.now() - dt.timedelta(days=3))
    ended.instructors.add(instructor)
    enrolment = make_enrolment(ended, world.a.officers[1])
    coming = make_session(course, start=timezone.now() + dt.timedelta(days=9))
    coming.instructors.add(instructor)
    # when they open the home page
    response, _n = _home(client, user)
    # then attendance and results wait for the ended session, and the coming one is listed
    roster = reverse("delivery:session_roster", args=[ended.pk])
    assert [i.url for i in _queue(response, "instructor", "attendance").items] == [roster]
    assert [i.url for i in _queue(response, "instructor", "results").items] == [roster]
    teaching = _queue(response, "instructor", "teaching")
    assert [i.url for i in teaching.items] == [reverse("delivery:session_detail", args=[coming.pk])]
    assert teaching.items[0].extra_url == reverse("catalogue:course_detail", args=[course.pk])
    # and once attendance is taken it leaves that queue
    Attendance.objects.create(enrolment=enrolment, day=ended.starts_at.date(), present=True)
    response, _n = _home(client, user)
    assert _queue(response, "instructor", "attendance").count == 0


@pytest.mark.parametrize("persona", ["tm", "sup", "learner"])
def test_empty_queues_say_so_and_offer_the_next_step(client, world, persona):
    # given nothing waiting for the persona
    user = getattr(world.a, persona)
    # when they open the home page
    response, _n = _home(client, user)
    # then the page says nothing waits and links somewhere useful
    body = response.content.decode()
    assert "Nothing waits for you right now." in body
    assert "Nothing waits here. Next:" in body


def test_supervisor_and_officer_queries_do_not_grow_with_waiting_items(client, world):
    # given requests of the learner (waiting for the supervisor), then many more
    def requests(count, code):
        course = make_course(world.a.administration, code=code)
        for _ in range(count):
            make_enrolment(make_session(course), world.a.learner_officer, state=Enrolment.State.REQUESTED)

    requests(6, "GROW-1")
    _r, sup_few = _home(client, world.a.sup)
    _r, officer_few = _home(client, world.a.learner)
    requests(12, "GROW-2")
    # when both open their home page again
    sup_response, sup_many = _home(client, world.a.sup)
    officer_response, officer_many = _home(client, world.a.learner)
    # then each made the same number of queries as before
    assert _queue(sup_response, "supervisor", "approvals").count == 18
    assert _queue(officer_response, "officer", "requests").count == 18
    assert (sup_many, officer_many) == (sup_few, officer_few)


def test_coordinator_sees_calls_closing_with_nominations_per_administration(client, world):
    # given an open call with a nomination from Alpha
    from cadre.community.services import call_open, event_create, nomination_create

    today = timezone.localdate()
    event = event_create(
        actor=world.coordinator,
        region=world.region,
        code="q-ws",
        title="Queue workshop",
        starts_on=today + dt.timedelta(days=60),
        ends_on=today + dt.timedelta(days=62),
        venue="Kashiwa",
        seats=4,
        languages=["en"],
    )
    call_open(
        actor=world.coordinator,
        event=event,
        closes_on=today + dt.timedelta(days=20),
        quota_per_administration=2,
    )
    nomination_create(actor=world.a.tm, event=event, officer=world.a.officers[1])
    # when the coordinator opens the home page
    response, _n = _home(client, world.coordinator)
    # then the call waits, saying one of the two administrations nominated
    queue = _queue(response, "coordinator", "calls")
    assert [i.url for i in queue.items] == [reverse("community:event_detail", args=[event.pk])]
    assert "1 nomination from 1 of 2 administrations" in queue.items[0].detail
