"""Malformed statements are rejected with 400, and the error names the offending property."""

from __future__ import annotations

import copy
import uuid
from typing import Any

import pytest

from cadre.core.errors import DomainError
from cadre.lrs.validation.statements import validate_statement

AGENT = {"objectType": "Agent", "mbox": "mailto:aiko@example.org"}
GROUP = {"objectType": "Group", "mbox": "mailto:team@example.org", "member": [AGENT]}
ACTIVITY = {
    "objectType": "Activity",
    "id": "http://example.org/a",
    "definition": {
        "name": {"en-US": "A"},
        "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
        "interactionType": "choice",
        "correctResponsesPattern": ["a"],
        "choices": [{"id": "a", "description": {"en-US": "A"}}],
    },
}


def valid() -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "actor": dict(AGENT),
        "verb": {"id": "http://adlnet.gov/expapi/verbs/passed", "display": {"en-US": "passed"}},
        "object": copy.deepcopy(ACTIVITY),
        "result": {
            "score": {"scaled": 0.5, "raw": 5, "min": 0, "max": 10},
            "success": True,
            "completion": True,
            "duration": "PT1H2M3.5S",
            "response": "a",
            "extensions": {"http://example.org/x": 1},
        },
        "context": {
            "registration": str(uuid.uuid4()),
            "instructor": dict(AGENT),
            "team": copy.deepcopy(GROUP),
            "contextActivities": {
                "parent": [{"id": "http://example.org/p"}],
                "grouping": {"id": "http://e.org/g"},
            },
            "revision": "1",
            "platform": "VR",
            "language": "ja-JP",
            "statement": {"objectType": "StatementRef", "id": str(uuid.uuid4())},
            "extensions": {"http://example.org/ctx": {"k": "v"}},
        },
        "timestamp": "2025-04-01T09:00:00.123+09:00",
        "attachments": [
            {
                "usageType": "http://example.org/u",
                "display": {"en-US": "cert"},
                "contentType": "text/plain",
                "length": 3,
                "sha2": "a" * 64,
                "fileUrl": "http://example.org/f",
            }
        ],
        "version": "2.0.0",
    }


def set_path(doc: dict[str, Any], path: str, value: Any) -> None:
    """Set (or with value DELETE, remove) a dotted path with [i] indexes."""
    parts = path.replace("[", ".[").split(".")
    node: Any = doc
    for part in parts[:-1]:
        node = node[int(part[1:-1])] if part.startswith("[") else node[part]
    last = parts[-1]
    key: Any = int(last[1:-1]) if last.startswith("[") else last
    if value is DELETE:
        del node[key]
    else:
        node[key] = value


DELETE = object()
NOT_STRINGS = [1, 1.5, True, [], {}, None]
NOT_IRIS = ["", "not an iri", "example.org/x", "http://exa mple.org", 7, None, [], {}]
NOT_UUIDS = [
    "",
    "1234",
    "zzzzzzzz-zzzz-4zzz-8zzz-zzzzzzzzzzzz",
    "12345678-1234-1234-1234-1234567890123",
    5,
    None,
]
NOT_LANG_MAPS = ["en", 1, [], {"not a tag!": "x"}, {"en-US": 1}, {"en-US": None}, {"": "x"}]
NOT_BOOLS = ["true", 1, 0, None, [], {}]
NOT_NUMBERS = ["1", True, None, [], {}]
BAD_TIMESTAMPS = [
    "yesterday",
    "2025-13-01T00:00:00Z",
    "2025-01-01T25:00:00Z",
    "2025-01-01",
    "2025-01-01T00:00:00-00:00",
    1,
    None,
]
BAD_DURATIONS = ["1 hour", "P", "PT", "P4W1D", "PT1H2X", "-PT1H", 5, None]

CASES: list[tuple[str, Any, str]] = []  # (path to change, new value or DELETE, field the error must name)


def case(path: str, value: Any, field: str | None = None) -> None:
    CASES.append((path, value, field or path))


# statement level
for key in ("actor", "verb", "object"):
    case(key, DELETE)
    for bad in ("x", 1, [], None):
        case(key, bad)
case("unknown", 1)
case("Actor", {})
for bad in NOT_UUIDS:
    case("id", bad)
for bad in BAD_TIMESTAMPS:
    case("timestamp", bad)
    case("stored", bad)
for bad in ("0.9", "3.0.0", "2.1.0", "1.1", 2, None, ""):
    case("version", bad)
# actor
case("actor.mbox", "aiko@example.org")
case("actor.mbox", "mailto:not-an-email")
case("actor.mbox", 5)
case("actor.mbox_sha1sum", "abc", "actor.mbox_sha1sum")
case("actor.objectType", "Person", "actor.objectType")
case("actor.objectType", "agent", "actor.objectType")
case("actor.name", 5)
case("actor.openid", "not an iri")
case("actor.extra", "x")
case("actor", {"objectType": "Agent"}, "actor")
case("actor", {"objectType": "Agent", "mbox": "mailto:a@b.org", "openid": "http://x.org/o"}, "actor")
case("actor", {"account": {"name": "x"}}, "actor.account.homePage")
case("actor", {"account": {"homePage": "http://x.org"}}, "actor.account.name")
case("actor", {"account": {"homePage": "not iri", "name": "x"}}, "actor.account.homePage")
case("actor", {"account": {"homePage": "http://x.org", "name": 5}}, "actor.account.name")
case("actor", {"account": {"homePage": "http://x.org", "name": "x", "extra": 1}}, "actor.account.extra")
case("actor", {"account": "x"}, "actor.account")
case("actor", {"objectType": "Group"}, "actor.member")
case("actor", {"objectType": "Group", "member": []}, "actor.member")
case("actor", {"objectType": "Group", "member": "x"}, "actor.member")
case(
    "actor",
    {"objectType": "Group", "member": [{"objectType": "Group", "member": [AGENT]}]},
    "actor.member[0].objectType",
)
case("actor", {"objectType": "Group", "member": [{"mbox": "bad"}]}, "actor.member[0].mbox")
case("actor", {"objectType": "Group", "member": [{"name": "no ifi"}]}, "actor.member[0]")
case("actor", {"objectType": "Group", "mbox": "mailto:a@b.org", "openid": "http://x.org"}, "actor")
# verb
case("verb.id", DELETE)
for bad in NOT_IRIS:
    case("verb.id", bad)
for bad in NOT_LANG_MAPS:
    case("verb.display", bad, "verb.display" if not isinstance(bad, dict) or not bad else None)
case("verb.extra", 1)
# object
case("object.id", DELETE)
for bad in NOT_IRIS:
    case("object.id", bad)
case("object.objectType", "Thing")
case("object.objectType", "activity")
case("object.objectType", 5)
case("object.extra", 1)
case("object.definition", "x")
case("object.definition.extra", 1)
for bad in NOT_LANG_MAPS:
    case(
        "object.definition.name",
        bad,
        "object.definition.name" if not isinstance(bad, dict) or not bad else None,
    )
    case(
        "object.definition.description",
        bad,
        "object.definition.description" if not isinstance(bad, dict) or not bad else None,
    )
for bad in NOT_IRIS:
    case("object.definition.type", bad)
    case("object.definition.moreInfo", bad)
for bad in ("choose", "Choice", 1, None, {}):
    case("object.definition.interactionType", bad)
for bad in ("a", [1], [None], {}):
    case("object.definition.correctResponsesPattern", bad)
case("object.definition.choices", "x")
case("object.definition.choices", [{"description": {"en-US": "x"}}], "object.definition.choices[0].id")
case("object.definition.choices", [{"id": "a"}, {"id": "a"}], "object.definition.choices[1].id")
case("object.definition.choices", [{"id": "a", "extra": 1}], "object.definition.choices[0].extra")
case("object.definition.extensions", {"not an iri": 1}, "object.definition.extensions.not an iri")
case("object.definition.extensions", [], "object.definition.extensions")
case("object", {"objectType": "StatementRef", "id": "nope"}, "object.id")
case("object", {"objectType": "StatementRef"}, "object.id")
case("object", {"objectType": "StatementRef", "id": str(uuid.uuid4()), "extra": 1}, "object.extra")
case("object", {"objectType": "Agent"}, "object")
case("object", {"mbox": "mailto:a@b.org"}, "object.mbox")  # no objectType: an Activity
case(
    "object",
    {"objectType": "SubStatement", "actor": AGENT, "verb": {"id": "http://x.org/v"}},
    "object.object",
)
case(
    "object",
    {
        "objectType": "SubStatement",
        "actor": AGENT,
        "verb": {"id": "http://x.org/v"},
        "object": ACTIVITY,
        "id": str(uuid.uuid4()),
    },
    "object.id",
)
case(
    "object",
    {
        "objectType": "SubStatement",
        "actor": AGENT,
        "verb": {"id": "http://x.org/v"},
        "object": ACTIVITY,
        "stored": "2025-01-01T00:00:00Z",
    },
    "object.stored",
)
case(
    "object",
    {
        "objectType": "SubStatement",
        "actor": AGENT,
        "verb": {"id": "http://x.org/v"},
        "object": ACTIVITY,
        "version": "2.0.0",
    },
    "object.version",
)
case(
    "object",
    {
        "objectType": "SubStatement",
        "actor": AGENT,
        "verb": {"id": "http://x.org/v"},
        "object": ACTIVITY,
        "authority": AGENT,
    },
    "object.authority",
)
case(
    "object",
    {
        "objectType": "SubStatement",
        "actor": AGENT,
        "verb": {"id": "http://x.org/v"},
        "object": {
            "objectType": "SubStatement",
            "actor": AGENT,
            "verb": {"id": "http://x.org/v"},
            "object": ACTIVITY,
        },
    },
    "object.object.objectType",
)
case(
    "object",
    {
        "objectType": "SubStatement",
        "actor": {"mbox": "bad"},
        "verb": {"id": "http://x.org/v"},
        "object": ACTIVITY,
    },
    "object.actor.mbox",
)
case("verb.id", "http://adlnet.gov/expapi/verbs/voided", "object")
# result
case("result", "x")
case("result.extra", 1)
for bad in NOT_BOOLS:
    case("result.success", bad)
    case("result.completion", bad)
for bad in NOT_STRINGS:
    case("result.response", bad)
for bad in BAD_DURATIONS:
    case("result.duration", bad)
for key in ("scaled", "raw", "min", "max"):
    for bad in NOT_NUMBERS:
        case(f"result.score.{key}", bad)
case("result.score.scaled", 1.5)
case("result.score.scaled", -2)
case("result.score.raw", 11)
case("result.score.raw", -1)
case("result.score.min", 20)
case("result.score.extra", 1)
case("result.extensions", {"bad key": 1}, "result.extensions.bad key")
# context
case("context", "x")
case("context.extra", 1)
for bad in NOT_UUIDS:
    case("context.registration", bad)
case("context.instructor", {"name": "no ifi"}, "context.instructor")
case("context.team", dict(AGENT), "context.team.objectType")
case("context.team", {"objectType": "Group"}, "context.team.member")
case("context.contextActivities", "x")
case("context.contextActivities.extra", [{"id": "http://x.org"}])
case("context.contextActivities.parent", [{"id": "bad iri"}], "context.contextActivities.parent[0].id")
case("context.contextActivities.parent", [{}], "context.contextActivities.parent[0].id")
case("context.contextActivities.grouping", {"id": 5}, "context.contextActivities.grouping.id")
for bad in NOT_STRINGS:
    case("context.revision", bad)
    case("context.platform", bad)
for bad in ("english!", 5, None, ""):
    case("context.language", bad)
case("context.statement", {"id": str(uuid.uuid4())}, "context.statement.objectType")
case("context.statement", {"objectType": "StatementRef", "id": "x"}, "context.statement.id")
case("context.extensions", {"bad": 1}, "context.extensions.bad")
case("context.contextAgents", "x")
case("context.contextAgents", [{"agent": AGENT}], "context.contextAgents[0].objectType")
case("context.contextAgents", [{"objectType": "contextAgent"}], "context.contextAgents[0].agent")
case(
    "context.contextAgents",
    [{"objectType": "contextAgent", "agent": AGENT, "relevantTypes": []}],
    "context.contextAgents[0].relevantTypes",
)
case(
    "context.contextAgents",
    [{"objectType": "contextAgent", "agent": AGENT, "relevantTypes": ["bad"]}],
    "context.contextAgents[0].relevantTypes[0]",
)
case(
    "context.contextGroups",
    [{"objectType": "contextGroup", "group": AGENT}],
    "context.contextGroups[0].group.objectType",
)
# attachments
case("attachments", "x")
case("attachments", [5], "attachments[0]")
for key in ("usageType", "display", "contentType", "length", "sha2"):
    case(f"attachments[0].{key}", DELETE)
case("attachments[0].usageType", "bad")
case("attachments[0].contentType", "text")
case("attachments[0].contentType", 5)
for bad in (-1, 1.5, "3", True, None):
    case("attachments[0].length", bad)
for bad in ("abc", "z" * 64, 5):
    case("attachments[0].sha2", bad)
case("attachments[0].fileUrl", "not a url")
case("attachments[0].display", "x")
case("attachments[0].extra", 1)
# authority
case("authority", {"name": "x"}, "authority")
case("authority", {"objectType": "Group", "member": [AGENT]}, "authority.member")
case("authority", {"objectType": "Group", "mbox": "mailto:a@b.org", "member": [AGENT, AGENT]}, "authority")


@pytest.mark.parametrize(("path", "value", "field"), CASES, ids=[f"{i}:{c[0]}" for i, c in enumerate(CASES)])
def test_malformed_statement_is_rejected_naming_the_field(path: str, value: Any, field: str | None) -> None:
    # given a valid statement with one property broken
    doc = valid()
    set_path(doc, path, value)
    # when it is validated
    with pytest.raises(DomainError) as caught:
        validate_statement(doc, version_major=2)
    # then it is a 400 naming the property
    assert caught.value.status == 400
    named = caught.value.errors[0].field
    expected = field if field is not None else path
    assert named == expected or named.startswith(expected), (named, expected)


def test_there_are_hundreds_of_cases() -> None:
    assert len(CASES) >= 250


def test_the_valid_statement_passes_both_versions() -> None:
    doc = valid()
    validate_statement(doc, version_major=2)
    del doc["context"]["language"]
    doc["version"] = "1.0.3"
    validate_statement(doc, version_major=1)


def test_context_agents_are_rejected_in_1_0_3() -> None:
    doc = valid()
    doc["version"] = "1.0.3"
    doc["context"]["contextAgents"] = [{"objectType": "contextAgent", "agent": AGENT}]
    with pytest.raises(DomainError) as caught:
        validate_statement(doc, version_major=1)
    assert caught.value.errors[0].field == "context.contextAgents"


def test_revision_needs_an_activity_object() -> None:
    doc = valid()
    doc["object"] = dict(AGENT)
    with pytest.raises(DomainError) as caught:
        validate_statement(doc, version_major=2)
    assert caught.value.errors[0].field == "context.revision"
