"""Racing statements of one launch session: the cmi5 rules are checked and recorded atomically.

Each request runs in its own thread and database connection, on SQLite and (with DATABASE_URL) on
PostgreSQL; the check and the session update happen inside the statement store's transaction,
after the registration and session rows are locked, so only one of two racing statements that a
rule allows once can be accepted.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from cadre.cmi5 import vocabulary as v
from cadre.cmi5.models import AuProgress, LaunchSession
from cadre.cmi5.services.launches import sessions_abandon_idle
from tests.cmi5.conftest import au_xml, completed, passed
from tests.cmi5.test_launch import import_zip, launch, statements_for
from tests.support.threads import run_in_threads

pytestmark = pytest.mark.django_db(transaction=True)


def _started(world, attrs: str):
    au = launch(world, import_zip(world, au_xml("one", attrs=attrs)))
    au.start()
    assert au.send(au.statement(v.INITIALIZED)).status_code == 200
    return au


@pytest.mark.parametrize(
    ("attrs", "verb", "result"),
    [
        ('moveOn="Completed"', v.COMPLETED, completed()),
        ('moveOn="Passed" masteryScore="0.5"', v.PASSED, passed(0.9)),
        ("", v.TERMINATED, {"duration": "PT5S"}),
    ],
)
def test_only_one_of_two_racing_once_only_statements_is_accepted(world, attrs, verb, result):
    # given a started session
    au = _started(world, attrs)
    racing = [au.statement(verb, result=result) for _ in range(2)]

    # when the AU sends the same once-only verb twice at the same moment (two statement ids)
    outcomes = run_in_threads(lambda i: au.send(racing[i]).status_code, 2)

    # then exactly one of the two is stored; the other is refused (403 by the rules, or 401 once
    # terminated closed the token)
    stored = {st["id"] for st in statements_for(au.params["registration"]) if st["verb"]["id"] == verb}
    assert len(stored) == 1, (stored, outcomes)
    winner = 0 if racing[0]["id"] in stored else 1
    assert outcomes[winner] == 200, outcomes
    assert outcomes[1 - winner] in {401, 403}, outcomes
    # and the session agrees with the LRS
    session = LaunchSession.objects.get(session_id=au.session_id)
    assert session.verbs.count(verb) == 1
    assert (session.terminated_at is not None) == (verb == v.TERMINATED)


def test_racing_completed_and_passed_satisfy_the_course_once(world):
    # given an AU whose moveOn needs both completed and passed
    au = _started(world, 'moveOn="CompletedAndPassed" masteryScore="0.5"')
    racing = [au.statement(v.COMPLETED, result=completed()), au.statement(v.PASSED, result=passed(0.9))]

    # when both judged statements arrive at the same moment
    outcomes = run_in_threads(lambda i: au.send(racing[i]).status_code, 2)

    # then both are accepted, the progress has both, and the block and course are satisfied once each
    assert outcomes == [200, 200], outcomes
    progress = AuProgress.objects.get()
    assert (progress.completed, progress.passed, progress.satisfied) == (True, True, True)
    verbs = [st["verb"]["id"] for st in statements_for(au.params["registration"])]
    assert verbs.count(v.SATISFIED) == 2


def test_the_idle_timer_racing_a_late_terminated_ends_the_session_once(world, settings):
    # given a session that went quiet past the timeout, whose AU finally sends terminated
    settings.CADRE_CMI5_IDLE_MINUTES = 30
    au = _started(world, "")
    past = timezone.now() - dt.timedelta(hours=1)
    LaunchSession.objects.filter(session_id=au.session_id).update(last_statement_at=past, launched_at=past)
    terminated = au.statement(v.TERMINATED, result={"duration": "PT1H"})

    # when the timer and the terminated statement run at the same moment
    outcomes = run_in_threads(
        lambda i: sessions_abandon_idle() if i == 0 else au.send(terminated).status_code, 2
    )

    # then the session ends one way only, and the LRS says the same
    session = LaunchSession.objects.get(session_id=au.session_id)
    verbs = [st["verb"]["id"] for st in statements_for(au.params["registration"])]
    assert (session.terminated_at is None) != (session.abandoned_at is None), outcomes
    if session.abandoned_at is not None:
        assert (outcomes[0], verbs.count(v.ABANDONED), verbs.count(v.TERMINATED)) == (1, 1, 0), outcomes
        assert outcomes[1] in {401, 403}, outcomes
    else:
        assert outcomes == [0, 200], outcomes
        assert (verbs.count(v.ABANDONED), verbs.count(v.TERMINATED)) == (0, 1)


def test_database_is_the_one_under_test():
    assert connection.vendor in {"sqlite", "postgresql"}
