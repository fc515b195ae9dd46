"""No overbooking, ever: parallel confirmations of the last seat give exactly one seat.

Each thread has its own database connection (``tests.support.threads``); the test runs on SQLite
and (with DATABASE_URL) on PostgreSQL.
"""

import pytest
from django.db import connection

from cadre.delivery import services
from cadre.delivery.models import Enrolment
from tests.delivery.conftest import make_enrolment
from tests.support import factories as f
from tests.support.threads import run_in_threads

pytestmark = pytest.mark.django_db(transaction=True)
PARALLEL = 6


def test_parallel_confirmations_of_the_last_seat_give_exactly_one(world, delivery):
    # given a session with one seat left and six approved requests
    session = delivery.session
    session.seats = 2
    session.save(update_fields=["seats"])
    make_enrolment(session, world.a.officers[3], Enrolment.State.CONFIRMED)
    officers = [
        f.OfficerFactory(administration=world.a.administration, org_unit=world.a.house)
        for _ in range(PARALLEL)
    ]
    pending = [make_enrolment(session, o, Enrolment.State.APPROVED) for o in officers]
    tm = world.a.tm

    # when six training-manager requests confirm them at the same moment
    outcomes = run_in_threads(
        lambda i: services.enrolment_confirm(actor=tm, enrolment=pending[i]).state, PARALLEL
    )

    # then exactly one got the seat and the others wait
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert sorted(outcomes) == ["confirmed"] + ["waitlisted"] * (PARALLEL - 1)
    assert session.enrolments.filter(state=Enrolment.State.CONFIRMED).count() == 2


def test_parallel_cancel_and_confirm_never_exceed_the_seats(world, delivery):
    # given a full one-seat session with a waiting list, and more approved requests
    session = delivery.session
    session.seats = 1
    session.save(update_fields=["seats"])
    holder = make_enrolment(session, world.a.officers[3], Enrolment.State.CONFIRMED)
    waiting = make_enrolment(session, world.a.officers[2], Enrolment.State.WAITLISTED)
    officers = [
        f.OfficerFactory(administration=world.a.administration, org_unit=world.a.house) for _ in range(3)
    ]
    pending = [make_enrolment(session, o, Enrolment.State.APPROVED) for o in officers]
    tm = world.a.tm

    def work(i):
        if i == 0:
            return services.enrolment_cancel(actor=tm, enrolment=holder).state
        return services.enrolment_confirm(actor=tm, enrolment=pending[i - 1]).state

    # when the holder cancels while three more are confirmed
    outcomes = run_in_threads(work, 4)

    # then one seat is held, never two
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert session.enrolments.filter(state=Enrolment.State.CONFIRMED).count() == 1
    waiting.refresh_from_db()
    holders = session.enrolments.filter(state=Enrolment.State.CONFIRMED)
    # the waiting officer asked first; they keep the freed seat unless a confirmation ran before the cancel
    assert waiting.state == Enrolment.State.CONFIRMED or holders.exclude(pk=waiting.pk).exists()


def test_database_is_the_one_under_test():
    assert connection.vendor in {"sqlite", "postgresql"}
