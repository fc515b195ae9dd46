"""The enrolment workflow: request, nominate, approve, confirm, waiting list, cancel, caps, checks."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from cadre.catalogue.models import CoursePrerequisite
from cadre.core.errors import DomainError
from cadre.delivery import services
from cadre.delivery.models import DeliveryPolicy, Enrolment
from tests.delivery.conftest import make_course, make_enrolment, make_session
from tests.support import factories as f
from tests.support.errors import NOT_FOUND

pytestmark = pytest.mark.django_db
State = Enrolment.State


def _fields(exc):
    return {e.field for e in exc.value.errors}


def test_request_approve_confirm_gives_a_seat(world, delivery):
    # given the learner's request
    learner = world.a.learner_officer
    enrolment = services.enrolment_request(actor=world.a.learner, session=delivery.session, officer=learner)
    assert enrolment.state == State.REQUESTED
    # when the supervisor approves and the training manager confirms
    services.enrolment_approve(actor=world.a.sup, enrolment=enrolment)
    enrolment = services.enrolment_confirm(actor=world.a.tm, enrolment=enrolment)
    # then the officer holds a seat
    assert enrolment.state == State.CONFIRMED
    assert enrolment.approved_by == world.a.sup
    assert enrolment.confirmed_by == world.a.tm


def test_supervisor_nomination_is_already_approved_manager_nomination_is_not(world, delivery):
    by_sup = services.enrolment_nominate(
        actor=world.a.sup, session=delivery.session, officer=world.a.officers[1]
    )
    by_tm = services.enrolment_nominate(
        actor=world.a.tm, session=delivery.session, officer=world.a.officers[2]
    )
    assert by_sup.state == State.APPROVED
    assert by_tm.state == State.REQUESTED
    assert by_tm.origin == Enrolment.Origin.NOMINATION


def test_nobody_confirms_without_approval(world, delivery):
    enrolment = services.enrolment_request(
        actor=world.a.learner, session=delivery.session, officer=world.a.learner_officer
    )
    with pytest.raises(DomainError) as exc:
        services.enrolment_confirm(actor=world.a.tm, enrolment=enrolment)
    assert _fields(exc) == {"state"}
    enrolment.refresh_from_db()
    assert enrolment.state == State.REQUESTED


def test_officer_cannot_request_for_someone_else_or_approve_themself(world, delivery):
    with pytest.raises(NOT_FOUND):
        services.enrolment_request(
            actor=world.a.learner, session=delivery.session, officer=world.a.officers[1]
        )
    enrolment = services.enrolment_request(
        actor=world.a.learner, session=delivery.session, officer=world.a.learner_officer
    )
    with pytest.raises(NOT_FOUND):
        services.enrolment_approve(actor=world.a.learner, enrolment=enrolment)
    with pytest.raises(NOT_FOUND):
        services.enrolment_confirm(actor=world.a.sup, enrolment=enrolment)


def test_foreign_training_manager_cannot_act_and_nothing_changes(world, delivery):
    enrolment = services.enrolment_nominate(
        actor=world.a.sup, session=delivery.session, officer=world.a.officers[1]
    )
    for action in (services.enrolment_confirm, services.enrolment_cancel, services.enrolment_reject):
        with pytest.raises(NOT_FOUND):
            action(actor=world.b.tm, enrolment=enrolment)
    with pytest.raises(NOT_FOUND):
        services.enrolment_nominate(actor=world.b.tm, session=delivery.session, officer=world.a.officers[2])
    enrolment.refresh_from_db()
    assert enrolment.state == State.APPROVED
    assert Enrolment.objects.count() == 1


def test_full_session_waitlists_and_cancellation_promotes_the_earliest(world, delivery):
    # given a one-seat session with a confirmed officer
    session = delivery.session
    session.seats = 1
    session.save()
    first, second, third = (
        services.enrolment_nominate(actor=world.a.sup, session=session, officer=o)
        for o in world.a.officers[:3]
    )
    assert services.enrolment_confirm(actor=world.a.tm, enrolment=first).state == State.CONFIRMED
    # when two more are confirmed, they wait, in order
    assert services.enrolment_confirm(actor=world.a.tm, enrolment=third).state == State.WAITLISTED
    assert services.enrolment_confirm(actor=world.a.tm, enrolment=second).state == State.WAITLISTED
    # and the seat holder cancels
    services.enrolment_cancel(actor=world.a.tm, enrolment=first)
    # then the earliest request (second, asked before third) gets the seat
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.state == State.CONFIRMED
    assert third.state == State.WAITLISTED


def test_adding_seats_promotes_the_waiting_list(world, delivery):
    from cadre.delivery.services import session_update

    session = delivery.session
    session.seats = 1
    session.save()
    a, b = (
        services.enrolment_nominate(actor=world.a.sup, session=session, officer=o)
        for o in world.a.officers[:2]
    )
    services.enrolment_confirm(actor=world.a.tm, enrolment=a)
    services.enrolment_confirm(actor=world.a.tm, enrolment=b)
    session_update(actor=world.a.tm, session=session, seats=2)
    b.refresh_from_db()
    assert b.state == State.CONFIRMED


def test_language_must_be_spoken(world, delivery):
    session = make_session(delivery.course, language="ja")
    with pytest.raises(DomainError) as exc:
        services.enrolment_request(actor=world.a.learner, session=session, officer=world.a.learner_officer)
    assert _fields(exc) == {"language"}
    assert not Enrolment.objects.filter(session=session).exists()


def test_prerequisites_course_and_competency_level(world, delivery):
    # given a course needing a completed course and Valuation at level 2
    basics = make_course(world.a.administration, code="BASICS")
    advanced = make_course(world.a.administration, code="ADV")
    CoursePrerequisite.objects.create(course=advanced, required_course=basics)
    CoursePrerequisite.objects.create(course=advanced, competency=world.competencies[1], min_level=2)
    session = make_session(advanced)
    # when the learner asks
    with pytest.raises(DomainError) as exc:
        services.enrolment_request(actor=world.a.learner, session=session, officer=world.a.learner_officer)
    # then both prerequisites are named
    assert [e.field for e in exc.value.errors] == ["prerequisites", "prerequisites"]
    assert "BASICS" in exc.value.errors[0].reason


def test_a_place_in_an_earlier_session_of_the_prerequisite_counts(world, delivery):
    # given a follow-up course needing BASICS, and the officer holding a place in a BASICS
    # session that ends before the follow-up starts (as a published annual plan arranges)
    basics = make_course(world.a.administration, code="BASICS")
    follow_up = make_course(world.a.administration, code="FOLLOW")
    CoursePrerequisite.objects.create(course=follow_up, required_course=basics)
    start = (timezone.now() + dt.timedelta(days=30)).replace(microsecond=0)
    early = make_session(basics, start=start)
    later = make_session(follow_up, start=start + dt.timedelta(days=60), room="102")
    same_time = make_session(follow_up, start=start, room="103")
    services.enrolment_request(actor=world.a.learner, session=early, officer=world.a.learner_officer)
    # when the officer asks for the follow-up session after it, it is accepted
    enrolment = services.enrolment_request(
        actor=world.a.learner, session=later, officer=world.a.learner_officer
    )
    assert enrolment.session == later
    # but a follow-up session that starts before the BASICS session ends is refused, naming it
    with pytest.raises(DomainError) as exc:
        services.enrolment_request(actor=world.a.learner, session=same_time, officer=world.a.learner_officer)
    assert _fields(exc) == {"prerequisites"}
    assert "BASICS" in exc.value.errors[0].reason


def test_duplicate_request_refused(world, delivery):
    services.enrolment_request(
        actor=world.a.learner, session=delivery.session, officer=world.a.learner_officer
    )
    with pytest.raises(DomainError) as exc:
        services.enrolment_request(
            actor=world.a.learner, session=delivery.session, officer=world.a.learner_officer
        )
    assert _fields(exc) == {"officer"}


def test_over_session_refused(world, delivery):
    past = make_session(delivery.course, start=timezone.now() - dt.timedelta(days=3), room="102")
    with pytest.raises(DomainError) as exc:
        services.enrolment_request(actor=world.a.learner, session=past, officer=world.a.learner_officer)
    assert _fields(exc) == {"session"}


def _cap(world, mode, share="0.34"):
    DeliveryPolicy.objects.create(
        administration=world.a.administration, away_cap_share=Decimal(share), away_cap_mode=mode
    )


def test_away_cap_warns(world, delivery):
    # given 3 officers in the port house and a cap of 34% (one away at a time)
    _cap(world, DeliveryPolicy.AwayMode.WARN)
    first = services.enrolment_nominate(
        actor=world.a.sup, session=delivery.session, officer=world.a.officers[0]
    )
    assert first.warnings == []
    # when a second officer of the same unit is approved for an overlapping session
    second = services.enrolment_nominate(
        actor=world.a.sup, session=delivery.session, officer=world.a.officers[1]
    )
    # then it goes through with a warning
    assert second.state == State.APPROVED
    assert "2 of 3 officers" in second.warnings[0]


def test_away_cap_refuses(world, delivery):
    _cap(world, DeliveryPolicy.AwayMode.REFUSE)
    services.enrolment_nominate(actor=world.a.sup, session=delivery.session, officer=world.a.officers[0])
    request = services.enrolment_request(
        actor=world.a.learner, session=make_session(delivery.course, room="B"), officer=world.a.officers[0]
    )
    other = services.enrolment_nominate(
        actor=world.a.tm, session=delivery.session, officer=world.a.officers[1]
    )
    with pytest.raises(DomainError) as exc:
        services.enrolment_approve(actor=world.a.sup, enrolment=other)
    assert _fields(exc) == {"officer"}
    other.refresh_from_db()
    assert other.state == State.REQUESTED
    assert request.state == State.REQUESTED


def test_unit_away_cap_head_count(world, delivery):
    world.a.house.away_cap = 1
    world.a.house.save()
    DeliveryPolicy.objects.create(administration=world.a.administration, away_cap_mode="refuse")
    services.enrolment_nominate(actor=world.a.sup, session=delivery.session, officer=world.a.officers[0])
    with pytest.raises(DomainError):
        services.enrolment_nominate(actor=world.a.sup, session=delivery.session, officer=world.a.officers[1])


def test_cancelled_enrolment_cannot_be_cancelled_again(world, delivery):
    enrolment = make_enrolment(delivery.session, world.a.learner_officer, State.CANCELLED)
    with pytest.raises(DomainError):
        services.enrolment_cancel(actor=world.a.learner, enrolment=enrolment)


def test_officer_cancels_own_request(world, delivery):
    enrolment = services.enrolment_request(
        actor=world.a.learner, session=delivery.session, officer=world.a.learner_officer
    )
    assert services.enrolment_cancel(actor=world.a.learner, enrolment=enrolment).state == State.CANCELLED
    # and may ask again
    again = services.enrolment_request(
        actor=world.a.learner, session=delivery.session, officer=world.a.learner_officer
    )
    assert again.state == State.REQUESTED


def test_reject(world, delivery):
    enrolment = services.enrolment_request(
        actor=world.a.learner, session=delivery.session, officer=world.a.learner_officer
    )
    assert services.enrolment_reject(actor=world.a.sup, enrolment=enrolment).state == State.REJECTED


def test_other_administrations_officer_refused(world, delivery):
    with pytest.raises(DomainError) as exc:
        services.enrolment_nominate(actor=world.a.tm, session=delivery.session_b, officer=world.a.officers[1])
    assert _fields(exc) == {"officer"}


def test_every_transition_is_audited(world, delivery):
    from cadre.core.models import AuditEvent

    enrolment = services.enrolment_request(
        actor=world.a.learner, session=delivery.session, officer=world.a.learner_officer
    )
    services.enrolment_approve(actor=world.a.sup, enrolment=enrolment)
    services.enrolment_confirm(actor=world.a.tm, enrolment=enrolment)
    events = AuditEvent.objects.filter(entity_type="delivery.enrolment", entity_id=str(enrolment.pk))
    assert events.count() == 3
    assert {e.administration_id for e in events} == {world.a.administration.pk}


def test_learner_unlinked_user_cannot_request(world, delivery):
    stranger = f.UserFactory(username="stranger")
    with pytest.raises(NOT_FOUND):
        services.enrolment_request(actor=stranger, session=delivery.session, officer=world.a.learner_officer)
