"""A hypothesis state machine drives the enrolment workflow at random against a model of its rules.

Invariants after every step: never more confirmed than seats; no seat without approval; no one
waits while a seat is free. Rules check the model: a cancelled seat goes to the earliest waiting
request.
"""

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from cadre.core.errors import DomainError
from cadre.delivery import services
from cadre.delivery.models import Enrolment
from cadre.delivery.services import session_update
from tests.delivery.conftest import make_session
from tests.support import factories as f

pytestmark = pytest.mark.django_db
State = Enrolment.State


def test_enrolment_workflow_state_machine(world, delivery):
    a = world.a

    class Workflow(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.session = make_session(delivery.course, seats=2, room="")
            self.session.instructors.set([])
            self.officers = [
                f.OfficerFactory(administration=a.administration, org_unit=a.house) for _ in range(6)
            ]
            self.enrolments: list[Enrolment] = []

        def _state(self, enrolment):
            enrolment.refresh_from_db()
            return enrolment.state

        def _by_state(self, state):
            return [e for e in self.enrolments if self._state(e) == state]

        @rule(i=st.integers(0, 5), by_supervisor=st.booleans())
        def nominate(self, i, by_supervisor):
            actor = a.sup if by_supervisor else a.tm
            try:
                enrolment = services.enrolment_nominate(
                    actor=actor, session=self.session, officer=self.officers[i]
                )
            except DomainError:
                assert Enrolment.objects.filter(
                    session=self.session, officer=self.officers[i], state__in=Enrolment.ACTIVE
                ).exists()
                return
            assert enrolment.state == (State.APPROVED if by_supervisor else State.REQUESTED)
            self.enrolments.append(enrolment)

        @precondition(lambda self: self.enrolments)
        @rule(data=st.data())
        def approve(self, data):
            enrolment = data.draw(st.sampled_from(self.enrolments))
            before = self._state(enrolment)
            try:
                services.enrolment_approve(actor=a.sup, enrolment=enrolment)
            except DomainError:
                assert before != State.REQUESTED
                return
            assert before == State.REQUESTED
            assert self._state(enrolment) == State.APPROVED

        @precondition(lambda self: self.enrolments)
        @rule(data=st.data())
        def confirm(self, data):
            enrolment = data.draw(st.sampled_from(self.enrolments))
            before = self._state(enrolment)
            free = self.session.seats - len(self._by_state(State.CONFIRMED))
            try:
                services.enrolment_confirm(actor=a.tm, enrolment=enrolment)
            except DomainError:
                assert before != State.APPROVED
                return
            assert before == State.APPROVED
            assert self._state(enrolment) == (State.CONFIRMED if free > 0 else State.WAITLISTED)

        @precondition(lambda self: self.enrolments)
        @rule(data=st.data(), as_officer_supervisor=st.booleans())
        def cancel(self, data, as_officer_supervisor):
            enrolment = data.draw(st.sampled_from(self.enrolments))
            before = self._state(enrolment)
            waiting = sorted(self._by_state(State.WAITLISTED), key=lambda e: (e.requested_at, e.pk))
            try:
                services.enrolment_cancel(actor=a.sup if as_officer_supervisor else a.tm, enrolment=enrolment)
            except DomainError:
                assert before not in Enrolment.ACTIVE
                return
            assert self._state(enrolment) == State.CANCELLED
            if before == State.CONFIRMED and waiting:
                # the freed seat goes to the earliest waiting request
                assert self._state(waiting[0]) == State.CONFIRMED
                assert all(self._state(e) == State.WAITLISTED for e in waiting[1:])

        @precondition(lambda self: self.enrolments)
        @rule(data=st.data())
        def reject(self, data):
            enrolment = data.draw(st.sampled_from(self.enrolments))
            before = self._state(enrolment)
            try:
                services.enrolment_reject(actor=a.sup, enrolment=enrolment)
            except DomainError:
                assert before in (State.CONFIRMED, State.CANCELLED, State.REJECTED)
                return
            assert self._state(enrolment) == State.REJECTED

        @rule(seats=st.integers(1, 4))
        def change_seats(self, seats):
            confirmed = len(self._by_state(State.CONFIRMED))
            try:
                session_update(actor=a.tm, session=self.session, seats=seats)
            except DomainError:
                assert seats < confirmed
                return
            self.session.refresh_from_db()
            assert self.session.seats == seats

        @invariant()
        def never_overbooked(self):
            self.session.refresh_from_db()
            confirmed = self.session.enrolments.filter(state=State.CONFIRMED)
            assert confirmed.count() <= self.session.seats

        @invariant()
        def no_seat_without_approval(self):
            for enrolment in self.session.enrolments.filter(state=State.CONFIRMED):
                assert enrolment.approved_at is not None
                assert enrolment.approved_by_id is not None

        @invariant()
        def nobody_waits_while_a_seat_is_free(self):
            confirmed = self.session.enrolments.filter(state=State.CONFIRMED).count()
            if confirmed < self.session.seats:
                assert not self.session.enrolments.filter(state=State.WAITLISTED).exists()

    run_state_machine_as_test(
        Workflow,
        settings=settings(
            max_examples=25,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
