"""The cmi5 API as an LMS test harness drives it: raw-body import, launch, waive, abandon."""

from __future__ import annotations

import orjson
import pytest
from django.test import Client

from cadre.cmi5 import vocabulary as v
from cadre.cmi5.models import CoursePackage, LaunchSession
from cadre.lrs.models import Statement
from tests.cmi5.conftest import au_xml, course_xml

pytestmark = pytest.mark.django_db
API = "/api/v1/cmi5"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_import_takes_the_package_as_body_and_names_the_fault(world):
    client = logged_in(world.a.tm)
    admin = world.a.administration.pk
    # when a valid cmi5.xml is posted as text/xml
    good = client.post(
        f"{API}/courses?administration_id={admin}",
        course_xml(au_xml("one", url="https://example.org/au")),
        content_type="text/xml",
    )
    # then it is imported with its AUs
    assert good.status_code == 201, good.content
    assert [au["index"] for au in good.json()["aus"]] == [0]
    # and a relative URL without a ZIP is refused with 400 naming the element
    bad = client.post(
        f"{API}/courses?administration_id={admin}", course_xml(au_xml("two")), content_type="text/xml"
    )
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"].endswith("/url")
    assert CoursePackage.objects.count() == 1


def test_a_learner_launches_and_a_manager_waives_and_abandons(world):
    tm = logged_in(world.a.tm)
    package = tm.post(
        f"{API}/courses?administration_id={world.a.administration.pk}",
        course_xml(au_xml("one", url="https://example.org/au", attrs='moveOn="Completed"')),
        content_type="text/xml",
    ).json()
    au_id = package["aus"][0]["id"]
    # when the learner launches the AU
    launched = logged_in(world.a.learner).post(
        f"{API}/aus/{au_id}/launch", {"launch_mode": "Normal"}, content_type="application/json"
    )
    assert launched.status_code == 200, launched.content
    body = launched.json()
    assert "fetch=" in body["url"]
    assert body["registration"] in body["url"]
    # then the manager can abandon the session and waive the AU
    assert tm.post(f"{API}/launch-sessions/{body['launch_session_id']}/abandon").status_code == 204
    waived = tm.post(
        f"{API}/registrations/{body['registration_id']}/aus/{au_id}/waive",
        {"reason": "Administrative"},
        content_type="application/json",
    )
    assert waived.status_code == 204
    verbs = [
        orjson.loads(p)["verb"]["id"]
        for p in Statement.objects.filter(registration=body["registration"])
        .order_by("stored", "id")
        .values_list("payload", flat=True)
    ]
    assert verbs == [v.LAUNCHED, v.ABANDONED, v.WAIVED, v.SATISFIED]
    assert LaunchSession.objects.get().abandoned_at is not None
    # and the learner may not waive
    assert (
        logged_in(world.a.learner)
        .post(
            f"{API}/registrations/{body['registration_id']}/aus/{au_id}/waive",
            {"reason": "Administrative"},
            content_type="application/json",
        )
        .status_code
        == 404
    )
