"""The idle-session timer: sessions that stop without ``terminated`` are abandoned once, per administration."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from cadre.cmi5 import vocabulary as v
from cadre.cmi5.models import AssignableUnit, LaunchSession
from cadre.cmi5.services.imports import course_package_import
from cadre.cmi5.services.launches import au_launch, registration_get_or_create, sessions_abandon_idle
from cadre.lrs.models import Statement
from cadre.tenancy.access import actor_for
from tests.cmi5.conftest import Au, au_xml, course_xml, zip_of
from tests.cmi5.test_launch import BASE_URL, import_zip, launch, statements_for

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _started(au: Au) -> Au:
    au.start()
    assert au.send(au.statement(v.INITIALIZED)).status_code == 200
    return au


def _quiet_for(au: Au, minutes: int) -> LaunchSession:
    """Pretend nothing has been heard from the session for ``minutes``."""
    session = LaunchSession.objects.get(session_id=au.session_id)
    past = timezone.now() - dt.timedelta(minutes=minutes)
    LaunchSession.objects.filter(pk=session.pk).update(
        launched_at=past - dt.timedelta(minutes=5),
        fetched_at=past,
        preferences_read_at=past,
        last_statement_at=past,
    )
    return session


def _verbs(au: Au) -> list[str]:
    return [st["verb"]["id"] for st in statements_for(au.params["registration"])]


def test_a_session_idle_past_the_timeout_is_abandoned_once(world, settings):
    # given a session quiet for longer than the timeout
    settings.CADRE_CMI5_IDLE_MINUTES = 30
    au = _started(launch(world, import_zip(world, au_xml("one", attrs='moveOn="Completed"'))))
    session = _quiet_for(au, 31)

    # when the timer runs twice
    first, second = sessions_abandon_idle(), sessions_abandon_idle()

    # then the first abandons it with one statement carrying the session id and its duration
    assert (first, second) == (1, 0)
    session.refresh_from_db()
    assert session.abandoned_at is not None
    assert session.terminated_at is None
    abandoned = [st for st in statements_for(au.params["registration"]) if st["verb"]["id"] == v.ABANDONED]
    assert len(abandoned) == 1
    assert abandoned[0]["context"]["extensions"][v.EXT_SESSION] == au.session_id
    assert abandoned[0]["result"]["duration"].startswith("PT0H5M")
    # and the AU's token no longer works
    assert au.send(au.statement(v.TERMINATED, result={"duration": "PT1S"})).status_code == 401


def test_active_and_terminated_sessions_are_left_alone(world, settings):
    settings.CADRE_CMI5_IDLE_MINUTES = 30
    package = import_zip(world, au_xml("one"), au_xml("two"))
    registration = registration_get_or_create(officer=world.a.learner_officer, package=package)
    # given a session that terminated long ago
    done = _started(
        Au(au_launch(registration=registration, au=package.aus.get(sequence=0), base_url=BASE_URL).url)
    )
    assert done.send(done.statement(v.TERMINATED, result={"duration": "PT1S"})).status_code == 200
    _quiet_for(done, 600)
    # and a session (of another AU, launched after) heard from a minute ago
    busy = _started(
        Au(au_launch(registration=registration, au=package.aus.get(sequence=1), base_url=BASE_URL).url)
    )
    _quiet_for(busy, 1)
    before = _verbs(done)

    # when the timer runs
    assert sessions_abandon_idle() == 0

    # then neither session changed and nothing was written
    assert _verbs(done) == before
    assert not LaunchSession.objects.filter(abandoned_at__isnull=False).exists()
    assert busy.send(busy.statement(v.TERMINATED, result={"duration": "PT1S"})).status_code == 200


def test_an_expired_session_is_abandoned_even_if_recently_heard(world, settings):
    settings.CADRE_CMI5_IDLE_MINUTES = 30
    au = _started(launch(world, import_zip(world, au_xml("one"))))
    LaunchSession.objects.filter(session_id=au.session_id).update(expires_at=timezone.now())
    assert sessions_abandon_idle() == 1
    assert v.ABANDONED in _verbs(au)


def _beta_session(world) -> Au:
    package = course_package_import(
        actor=actor_for(world.b.tm),
        administration=world.b.administration,
        data=zip_of({"cmi5.xml": course_xml(au_xml("b1")), "index.html": b"<p>AU</p>"}),
        content_type="application/zip",
    )
    registration = registration_get_or_create(officer=world.b.learner_officer, package=package)
    au = AssignableUnit.objects.get(package=package)
    return _started(Au(au_launch(registration=registration, au=au, base_url=BASE_URL).url))


def test_a_run_for_one_administration_leaves_the_others_and_writes_to_its_own_lrs(world, settings):
    # given idle sessions in Alpha and in Beta
    settings.CADRE_CMI5_IDLE_MINUTES = 30
    alpha = _started(launch(world, import_zip(world, au_xml("one"))))
    beta = _beta_session(world)
    _quiet_for(alpha, 60)
    _quiet_for(beta, 60)

    # when the timer runs for Alpha only
    assert sessions_abandon_idle(administration_id=world.a.administration.pk) == 1

    # then only Alpha's session is abandoned, its statement stored in Alpha's LRS
    assert LaunchSession.objects.get(session_id=alpha.session_id).abandoned_at is not None
    assert LaunchSession.objects.get(session_id=beta.session_id).abandoned_at is None
    rows = Statement.objects.filter(verb_iri=v.ABANDONED)
    assert list(rows.values_list("administration_id", flat=True)) == [world.a.administration.pk]
    # and a run for every administration then takes Beta's, in Beta's LRS
    assert sessions_abandon_idle() == 1
    assert sorted(rows.values_list("administration_id", flat=True)) == sorted(
        [world.a.administration.pk, world.b.administration.pk]
    )


def test_the_command_runs_now_or_enqueues_the_task(world, settings, capsys):
    settings.CADRE_CMI5_IDLE_MINUTES = 30
    au = _started(launch(world, import_zip(world, au_xml("one"))))
    _quiet_for(au, 60)
    call_command("cmi5_abandon_idle", "--now", "--administration", str(world.b.administration.pk))
    assert "0 idle sessions abandoned" in capsys.readouterr().out
    settings.TASKS = IMMEDIATE
    call_command("cmi5_abandon_idle")
    assert "enqueued" in capsys.readouterr().out
    assert LaunchSession.objects.get(session_id=au.session_id).abandoned_at is not None
