"""The cmi5 statement rules the LRS enforces within a session, and moveOn satisfying blocks and the course."""

from __future__ import annotations

import pytest
from django.test import Client

from cadre.cmi5 import vocabulary as v
from cadre.cmi5.models import AssignableUnit, AuProgress, LaunchSession, Registration
from cadre.cmi5.services.launches import au_launch, au_waive, registration_get_or_create
from cadre.tenancy.access import actor_for
from tests.cmi5.conftest import Au, au_xml, completed, failed, passed
from tests.cmi5.test_launch import BASE_URL, import_zip, launch, statements_for

pytestmark = pytest.mark.django_db


def started(world, *aus: str, index: int = 0, **kwargs) -> Au:
    package = import_zip(world, *aus)
    au = launch(world, package, index=index, **kwargs)
    au.start()
    assert au.send(au.statement(v.INITIALIZED)).status_code == 200
    return au


def test_statements_before_learner_preferences_or_before_initialized_are_refused(world):
    package = import_zip(world, au_xml("one"))
    au = launch(world, package)
    au.auth = "Basic " + au.fetch()["auth-token"]
    au.launch_data = __import__("orjson").loads(
        au.request("get", "/xapi/activities/state", au.state_params()).content
    )
    # when the AU sends initialized before reading cmi5LearnerPreferences, then it is refused
    assert au.send(au.statement(v.INITIALIZED)).status_code == 403
    au.request(
        "get", "/xapi/agents/profile", {"agent": au.params["actor"], "profileId": v.LEARNER_PREFERENCES}
    )
    # and an allowed statement before initialized is refused too
    assert (
        au.send(au.statement("http://adlnet.gov/expapi/verbs/experienced", defined=False)).status_code == 403
    )
    assert au.send(au.statement(v.INITIALIZED)).status_code == 200


def test_completed_twice_in_a_registration_is_refused(world):
    au = started(world, au_xml("one", attrs='moveOn="Completed"'))
    assert au.send(au.statement(v.COMPLETED, result=completed())).status_code == 200
    # when completed is sent again in the same session, or in a later session of the registration
    assert au.send(au.statement(v.COMPLETED, result=completed())).status_code == 403
    registration = Registration.objects.get()
    again = Au(au_launch(registration=registration, au=AssignableUnit.objects.get(), base_url=BASE_URL).url)
    again.start()
    again.send(again.statement(v.INITIALIZED))
    # then both are refused
    assert again.send(again.statement(v.COMPLETED, result=completed())).status_code == 403


def test_an_identical_resend_of_an_accepted_statement_is_accepted_and_changes_nothing(world):
    # given an AU whose completed was stored (its answer lost on the way back, say)
    au = started(world, au_xml("one", attrs='moveOn="Completed"'))
    st = au.statement(v.COMPLETED, result=completed())
    assert au.send(st).status_code == 200
    before = statements_for(au.params["registration"])
    # when the AU sends the very same statement again
    response = au.send(st)
    # then it is accepted as the LRS accepts any identical re-send, and nothing is added
    assert response.status_code == 200, response.content
    assert statements_for(au.params["registration"]) == before
    assert LaunchSession.objects.get(session_id=au.session_id).verbs.count(v.COMPLETED) == 1


def test_passed_below_mastery_and_failed_above_are_refused(world):
    au = started(world, au_xml("one", attrs='moveOn="Passed" masteryScore="0.8"'))
    assert au.send(au.statement(v.PASSED, result=passed(0.5))).status_code == 403
    assert au.send(au.statement(v.FAILED, result=failed(0.9))).status_code == 403
    assert au.send(au.statement(v.PASSED, result=passed(0.85))).status_code == 200
    # and after passing, failed is refused in the session
    assert au.send(au.statement(v.FAILED, result=failed(0.1))).status_code == 403


@pytest.mark.parametrize(
    ("verb", "result", "alter"),
    [
        (v.COMPLETED, {"completion": True}, None),  # no duration
        (v.PASSED, {"success": False, "duration": "PT1S"}, None),
        (v.COMPLETED, {"completion": True, "duration": "PT1S", "success": True}, None),
        (v.TERMINATED, None, None),  # terminated needs a duration
        (
            v.COMPLETED,
            completed(),
            lambda st: st["context"]["contextActivities"].update(category=[{"id": v.CATEGORY_CMI5}]),
        ),
        (v.COMPLETED, completed(), lambda st: st["context"]["extensions"].update({v.EXT_SESSION: "other"})),
        (v.COMPLETED, completed(), lambda st: st.update(timestamp=st["timestamp"].replace("Z", "-06:00"))),
        (v.COMPLETED, completed(), lambda st: st.pop("timestamp")),
        (v.COMPLETED, completed(), lambda st: st["object"].update(id="https://example.org/not-the-au")),
        (v.WAIVED, {"completion": True, "success": True, "duration": "PT1S"}, None),
        (v.INITIALIZED, None, None),  # a second initialized
    ],
)
def test_statements_breaking_cmi5_rules_are_refused_and_not_stored(world, verb, result, alter):
    au = started(world, au_xml("one", attrs='moveOn="Completed"'))
    st = au.statement(verb, result=result)
    if alter:
        alter(st)
    before = len(statements_for(au.params["registration"]))
    response = au.send(st)
    assert response.status_code == 403, response.content
    assert len(statements_for(au.params["registration"])) == before


def test_nothing_is_accepted_after_terminated(world):
    au = started(world, au_xml("one"))
    assert au.send(au.statement(v.TERMINATED, result={"duration": "PT5S"})).status_code == 200
    # then the session's token is closed: statements and state answer 401
    assert (
        au.send(au.statement("http://adlnet.gov/expapi/verbs/experienced", defined=False)).status_code == 401
    )
    assert au.request("get", "/xapi/activities/state", au.state_params()).status_code == 401


def test_browse_mode_refuses_judged_statements(world):
    au = started(world, au_xml("one", attrs='moveOn="Completed"'), launch_mode="Browse")
    assert au.launch_data["launchMode"] == "Browse"
    assert au.send(au.statement(v.COMPLETED, result=completed())).status_code == 403


def test_completed_and_passed_satisfies_the_block_then_the_course_in_the_session(world):
    # given an AU with moveOn CompletedAndPassed in a block
    au = started(world, au_xml("one", attrs='moveOn="CompletedAndPassed" masteryScore="0.5"'))
    assert au.send(au.statement(v.COMPLETED, result=completed())).status_code == 200
    assert not Registration.objects.get().satisfied_at
    assert au.send(au.statement(v.PASSED, result=passed(0.9))).status_code == 200
    au.send(au.statement(v.TERMINATED, result={"duration": "PT9S"}))
    # then statements run launched, initialized, completed, passed, satisfied(block), satisfied(course), terminated
    rows = statements_for(au.params["registration"])
    assert [r["verb"]["id"] for r in rows] == [
        v.LAUNCHED,
        v.INITIALIZED,
        v.COMPLETED,
        v.PASSED,
        v.SATISFIED,
        v.SATISFIED,
        v.TERMINATED,
    ]
    block, course = rows[4], rows[5]
    assert block["object"]["definition"]["type"] == v.TYPE_BLOCK
    assert course["object"]["definition"]["type"] == v.TYPE_COURSE
    assert (
        block["context"]["extensions"][v.EXT_SESSION]
        == au.session_id
        == course["context"]["extensions"][v.EXT_SESSION]
    )
    assert {"id": "https://example.org/cmi5-tests/block/b"} in block["context"]["contextActivities"][
        "grouping"
    ]
    assert {"id": "https://example.org/cmi5-tests/course/1"} in course["context"]["contextActivities"][
        "grouping"
    ]
    assert not block["object"]["id"].startswith("https://example.org/cmi5-tests")
    assert Registration.objects.get().satisfied_at is not None


def test_not_applicable_satisfies_at_registration(world):
    package = import_zip(world, au_xml("one"))
    registration = registration_get_or_create(officer=world.a.learner_officer, package=package)
    rows = statements_for(str(registration.code))
    assert [r["verb"]["id"] for r in rows] == [v.SATISFIED, v.SATISFIED]
    assert registration.satisfied_at is not None


def test_a_block_waits_for_all_its_aus_and_a_waiver_counts(world):
    # given two AUs (Completed) in one block
    package = import_zip(
        world, au_xml("one", attrs='moveOn="Completed"'), au_xml("two", attrs='moveOn="Passed"')
    )
    registration = registration_get_or_create(officer=world.a.learner_officer, package=package)
    au = Au(au_launch(registration=registration, au=package.aus.get(sequence=0), base_url=BASE_URL).url)
    au.start()
    au.send(au.statement(v.INITIALIZED), au.statement(v.COMPLETED, result=completed()))
    # then nothing is satisfied until the second AU is waived
    assert [r["verb"]["id"] for r in statements_for(str(registration.code))].count(v.SATISFIED) == 0
    au_waive(
        actor=actor_for(world.a.tm),
        registration=registration,
        au=package.aus.get(sequence=1),
        reason="Tested Out",
    )
    rows = statements_for(str(registration.code))
    waived = next(r for r in rows if r["verb"]["id"] == v.WAIVED)
    satisfied = [r for r in rows if r["verb"]["id"] == v.SATISFIED]
    assert waived["result"] == {
        "success": True,
        "completion": True,
        "extensions": {v.EXT_REASON: "Tested Out"},
    }
    assert {"id": v.CATEGORY_MOVEON} in waived["context"]["contextActivities"]["category"]
    assert len(satisfied) == 2
    assert all(
        s["context"]["extensions"][v.EXT_SESSION] == waived["context"]["extensions"][v.EXT_SESSION]
        for s in satisfied
    )
    assert AuProgress.objects.get(au__sequence=1).waived


def test_learner_preferences_written_by_the_au_must_be_well_formed(world):
    au = started(world, au_xml("one"))
    params = {"agent": au.params["actor"], "profileId": v.LEARNER_PREFERENCES}
    headers_ok = {"languagePreference": "en-US,fr-FR", "audioPreference": "off"}
    for bad in (
        {"audioPreference": "on"},
        {"languagePreference": "not comma separated", "audioPreference": "on"},
        {"languagePreference": "en", "audioPreference": "loud"},
    ):
        assert au.request("post", "/xapi/agents/profile", params, bad).status_code == 403
    assert au.request("post", "/xapi/agents/profile", params, headers_ok).status_code == 204


def test_learner_preferences_need_a_json_content_type(world):
    au = started(world, au_xml("one"))
    params = "&".join(
        f"{k}={val}" for k, val in {"agent": au.params["actor"], "profileId": v.LEARNER_PREFERENCES}.items()
    )
    response = Client().post(
        f"/xapi/agents/profile?{params}",
        b'{"languagePreference": "en", "audioPreference": "on"}',
        content_type="text/plain",
        HTTP_AUTHORIZATION=au.auth,
        HTTP_X_EXPERIENCE_API_VERSION="1.0.3",
    )
    assert response.status_code == 403
