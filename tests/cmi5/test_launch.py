"""Import, registration and launch: launch URL, one-time fetch, LMS.LaunchData, launched statement."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import orjson
import pytest
from django.test import Client

from cadre.cmi5 import vocabulary as v
from cadre.cmi5.models import AssignableUnit, CoursePackage, LaunchSession
from cadre.cmi5.services.imports import course_package_import
from cadre.cmi5.services.launches import au_launch, registration_get_or_create
from cadre.cmi5.structure import StructureError
from cadre.lrs.models import Statement
from cadre.tenancy.access import actor_for
from tests.cmi5.conftest import Au, au_xml, block_xml, course_xml, zip_of
from tests.support.errors import NOT_FOUND

pytestmark = pytest.mark.django_db
BASE_URL = "http://testserver"


def import_zip(world, *aus: str, blocks: bool = True) -> CoursePackage:
    members = block_xml("b", *aus) if blocks else "".join(aus)
    files = {"cmi5.xml": course_xml(members), "index.html": b"<!doctype html><p>AU</p>", "a/b.js": b"1"}
    return course_package_import(
        actor=actor_for(world.a.tm),
        administration=world.a.administration,
        data=zip_of(files),
        content_type="application/zip",
    )


def launch(world, package: CoursePackage, index: int = 0, **kwargs) -> Au:
    registration = registration_get_or_create(officer=world.a.learner_officer, package=package)
    au = AssignableUnit.objects.get(package=package, sequence=index)
    return Au(au_launch(registration=registration, au=au, base_url=BASE_URL, **kwargs).url)


def statements_for(registration: str) -> list[dict]:
    rows = Statement.objects.filter(registration=registration).order_by("stored", "id")
    return [orjson.loads(r.payload) for r in rows]


def test_an_imported_zip_keeps_structure_and_serves_content_sandboxed(world):
    # given a ZIP package imported by Alpha's training manager
    package = import_zip(world, au_xml("one", attrs='moveOn="Completed" masteryScore="0.7"'))
    # then course, block and AU are stored
    au = package.aus.get()
    assert (au.move_on, str(au.mastery_score), au.block.publisher_id.endswith("/block/b")) == (
        "Completed",
        "0.7000",
        True,
    )
    # and its files are served from Cadre in a sandbox, never a path outside the package
    response = Client().get(f"/launch/content/{package.identifier}/index.html")
    assert response.status_code == 200
    assert b"AU" in b"".join(response.streaming_content)
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert Client().get(f"/launch/content/{package.identifier}/../../settings.py").status_code == 404
    assert Client().get(f"/launch/content/{package.identifier}/missing.html").status_code == 404


def test_a_refused_import_stores_nothing(world, tmp_path):
    # given a package whose AU file is missing
    before = CoursePackage.objects.count()
    with pytest.raises(StructureError):
        course_package_import(
            actor=actor_for(world.a.tm),
            administration=world.a.administration,
            data=zip_of({"cmi5.xml": course_xml(au_xml("x", url="nothere.html"))}),
            content_type="application/zip",
        )
    # then no course and no content folder is left
    assert CoursePackage.objects.count() == before
    assert not any((tmp_path / "cmi5").glob("*")) if (tmp_path / "cmi5").exists() else True


def test_a_learner_cannot_import_and_beta_cannot_import_into_alpha(world):
    data = course_xml(au_xml("x", url="https://example.org/au"))
    for user in (world.a.learner, world.b.tm):
        with pytest.raises(NOT_FOUND):
            course_package_import(
                actor=actor_for(user),
                administration=world.a.administration,
                data=data,
                content_type="text/xml",
            )
    assert not CoursePackage.objects.exists()


def test_the_launch_url_carries_the_five_parameters_and_launch_data_is_written(world):
    # given a course with launch parameters, an entitlement key and a mastery score
    package = import_zip(
        world,
        au_xml(
            "one",
            url="index.html?paramA=1",
            attrs='moveOn="Passed" masteryScore="0.8"',
            extra="<launchParameters>level=2</launchParameters><entitlementKey>ek-9</entitlementKey>",
        ),
    )
    # when the learner launches AU 0
    au = launch(world, package, return_url="http://testserver/back")
    # then the URL names endpoint, fetch, actor, registration and activityId, and keeps the AU's own query
    assert set(au.params) == {"paramA", "endpoint", "fetch", "actor", "registration", "activityId"}
    assert au.params["endpoint"] == "http://testserver/xapi"
    assert au.params["activityId"] != AssignableUnit.objects.get(package=package).publisher_id
    assert au.actor["account"]["name"] == world.a.learner_officer.employee_number
    assert "mbox" not in au.actor
    # and the AU can fetch its token once and read LMS.LaunchData
    au.start()
    data = au.launch_data
    assert data["launchMode"] == "Normal"
    assert data["moveOn"] == "Passed"
    assert data["masteryScore"] == 0.8
    assert data["launchParameters"] == "level=2"
    assert data["entitlementKey"] == {"courseStructure": "ek-9"}
    assert data["returnURL"] == "http://testserver/back"
    assert {"id": AssignableUnit.objects.get(package=package).publisher_id} in data["contextTemplate"][
        "contextActivities"
    ]["grouping"]
    # and the first statement of the registration is launched, with the cmi5 context extensions
    first = statements_for(au.params["registration"])[0]
    assert first["verb"]["id"] == v.LAUNCHED
    ext = first["context"]["extensions"]
    assert ext[v.EXT_SESSION] == au.session_id
    assert ext[v.EXT_MASTERY] == 0.8
    assert ext[v.EXT_MOVE_ON] == "Passed"
    assert ext[v.EXT_LAUNCH_MODE] == "Normal"
    assert ext[v.EXT_LAUNCH_PARAMETERS] == "level=2"
    assert parse_qs(urlsplit(ext[v.EXT_LAUNCH_URL]).query) == {"paramA": ["1"]}


def test_the_fetch_url_answers_once_then_a_cmi5_error(world):
    package = import_zip(world, au_xml("one"))
    au = launch(world, package)
    # when the AU posts to the fetch URL twice, and someone GETs it
    first, second = au.fetch(), au.fetch()
    fetch_path = urlsplit(au.params["fetch"]).path
    # then the first answer carries an auth-token, the second error code 1, GET is not allowed
    assert "auth-token" in first
    assert second["error-code"] == "1"
    assert "auth-token" not in second
    assert Client().get(fetch_path).status_code == 405
    assert orjson.loads(Client().post("/launch/fetch/not-a-token").content)["error-code"] == "2"


def test_the_token_speaks_for_its_actor_and_registration_only(world):
    package = import_zip(world, au_xml("one"))
    au = launch(world, package)
    au.start()
    other = {"objectType": "Agent", "account": {"homePage": "https://x.example", "name": "someone-else"}}
    # when it writes for another agent, another registration, reads statements, or voids
    st = au.statement(v.INITIALIZED)
    st_other = dict(st, actor=other)
    st_reg = au.statement(v.INITIALIZED)
    st_reg["context"]["registration"] = "6f1d2d4e-0c4f-4a59-8c39-2b0e5f0e0d1a"
    void = au.statement("http://adlnet.gov/expapi/verbs/voided", defined=False)
    # then every one of those is refused with 403
    assert au.send(st_other).status_code == 403
    assert au.send(st_reg).status_code == 403
    assert au.send(void).status_code == 403
    assert (
        au.request("get", "/xapi/statements", {"registration": au.params["registration"]}).status_code == 403
    )
    state = dict(au.state_params(), agent=orjson.dumps(other).decode())
    assert au.request("get", "/xapi/activities/state", state).status_code == 403
    # and LMS.LaunchData cannot be changed or deleted by the AU
    assert au.request("put", "/xapi/activities/state", au.state_params(), {"x": 1}).status_code == 403
    assert au.request("delete", "/xapi/activities/state", au.state_params()).status_code == 403


def test_launching_again_abandons_the_active_session(world):
    package = import_zip(world, au_xml("one"))
    first = launch(world, package)
    first.start()
    assert first.send(first.statement(v.INITIALIZED)).status_code == 200
    # when the same registration launches again before the first session terminated
    second = launch(world, package)
    # then the first session is abandoned (with a duration) and its token no longer works
    verbs = [s["verb"]["id"] for s in statements_for(first.params["registration"])]
    assert verbs.count(v.ABANDONED) == 1
    assert verbs[-1] == v.LAUNCHED
    abandoned = next(
        s for s in statements_for(first.params["registration"]) if s["verb"]["id"] == v.ABANDONED
    )
    assert abandoned["context"]["extensions"][v.EXT_SESSION] == first.session_id
    assert "duration" in abandoned["result"]
    assert (
        first.send(first.statement("http://adlnet.gov/expapi/verbs/experienced", defined=False)).status_code
        == 401
    )
    assert second.params["registration"] == first.params["registration"]
    assert LaunchSession.objects.filter(abandoned_at__isnull=False).count() == 1
