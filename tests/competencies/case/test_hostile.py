"""Hostile and broken packages: each is refused with every problem named, and nothing is stored."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import override_settings

from cadre.competencies.case import framework_import_case
from cadre.competencies.models import Competency, Framework, Scale
from cadre.core.errors import DomainError

from .packages import DOC_ID, association, child_of, item_id, minimal_package

pytestmark = pytest.mark.django_db


def refused(admin: Any, data: Any) -> DomainError:
    """Import, expect a rejection, and prove nothing was stored."""
    counts = (Framework.objects.count(), Competency.objects.count(), Scale.objects.count())
    with pytest.raises(DomainError) as caught:
        framework_import_case(actor=None, data=data, administration=admin)
    assert caught.value.detail == "CASE package rejected"
    assert (Framework.objects.count(), Competency.objects.count(), Scale.objects.count()) == counts
    return caught.value


def text_of(error: DomainError) -> str:
    return " | ".join(f"{e.field}: {e.reason}" for e in error.errors)


def mutate(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    package = minimal_package()
    change(package)
    return package


def test_isChildOf_cycle(admin_a, scale):
    # given items 2 and 3 that are each other's parent
    def cycle(p: dict[str, Any]) -> None:
        p["CFAssociations"] = [
            child_of(item_id(1), DOC_ID),
            child_of(item_id(2), item_id(3)),
            child_of(item_id(3), item_id(2)),
        ]

    error = refused(admin_a, mutate(cycle))
    # then the cycle is named with both identifiers
    assert "cycle" in text_of(error)
    assert item_id(2) in text_of(error)
    assert item_id(3) in text_of(error)


def _chain(depth: int) -> dict[str, Any]:
    """A package whose items form one isChildOf chain ``depth`` items long."""
    package = minimal_package(depth)
    package["CFAssociations"] = [child_of(item_id(1), DOC_ID, 1)] + [
        child_of(item_id(i), item_id(i - 1), 1) for i in range(2, depth + 1)
    ]
    return package


def test_a_chain_deeper_than_any_framework_is_refused_naming_the_item(admin_a, scale):
    # given a 3,000-deep isChildOf chain (it used to import, then every tree page answered 500)
    error = refused(admin_a, _chain(3000))
    # then the refusal names the first item past the limit by the file's own identifier
    assert "deeper than 32 levels" in text_of(error)
    assert item_id(33) in text_of(error)


def test_a_chain_at_the_depth_limit_imports(admin_a, scale):
    result = framework_import_case(actor=None, data=_chain(32), administration=admin_a)
    assert Competency.objects.filter(framework=result.framework).count() == 32


def test_self_parent_is_a_cycle(admin_a, scale):
    error = refused(
        admin_a, mutate(lambda p: p["CFAssociations"].append(child_of(item_id(2), item_id(2), n=1)))
    )
    assert "cycle" in text_of(error)
    assert item_id(2) in text_of(error)


def test_duplicate_identifiers(admin_a, scale):
    def duplicate(p: dict[str, Any]) -> None:
        p["CFItems"][2]["identifier"] = item_id(2)

    error = refused(admin_a, mutate(duplicate))
    assert error.errors[0].field == "CFItems[2].identifier"
    assert "duplicate" in error.errors[0].reason
    assert item_id(2) in error.errors[0].reason


def test_item_reusing_the_document_identifier(admin_a, scale):
    error = refused(admin_a, mutate(lambda p: p["CFItems"][0].update(identifier=DOC_ID)))
    assert any(e.field == "CFItems[0].identifier" for e in error.errors)


def test_missing_identifiers_are_all_listed(admin_a, scale):
    def strip(p: dict[str, Any]) -> None:
        del p["CFDocument"]["identifier"]
        del p["CFItems"][1]["identifier"]
        p["CFItems"][2]["identifier"] = "  "

    fields = {e.field for e in refused(admin_a, mutate(strip)).errors}
    assert {"CFDocument.identifier", "CFItems[1].identifier", "CFItems[2].identifier"} <= fields


def test_dangling_child_of(admin_a, scale):
    unknown = "99999999-0000-4000-8000-000000000000"
    error = refused(admin_a, mutate(lambda p: p["CFAssociations"].append(child_of(item_id(3), unknown, n=5))))
    assert error.errors[0].field == "CFAssociations[3].destinationNodeURI"
    assert unknown in error.errors[0].reason


def test_association_with_neither_end_in_the_package(admin_a, scale):
    a, b = "99999999-0000-4000-8000-000000000001", "99999999-0000-4000-8000-000000000002"
    error = refused(admin_a, mutate(lambda p: p["CFAssociations"].append(association("exactMatchOf", a, b))))
    assert error.errors[0].field == "CFAssociations[3]"
    assert a in error.errors[0].reason
    assert b in error.errors[0].reason


def test_association_to_an_unknown_item_without_uri(admin_a, scale):
    def dangling(p: dict[str, Any]) -> None:
        bad = association("isRelatedTo", item_id(2), "99999999-0000-4000-8000-000000000003")
        del bad["destinationNodeURI"]["uri"]
        p["CFAssociations"].append(bad)

    error = refused(admin_a, mutate(dangling))
    assert error.errors[0].field == "CFAssociations[3].destinationNodeURI"
    assert "dangling" in error.errors[0].reason


def test_huge_file_is_refused_before_parsing(admin_a, scale):
    # given a file one byte over the limit (generated here, never committed)
    with override_settings(CADRE_CASE_MAX_BYTES=10_000):
        data = b" " * 10_001
        error = refused(admin_a, data)
    assert error.errors[0].field == "package"
    assert "limit" in error.errors[0].reason


def test_too_many_items(admin_a, scale):
    with override_settings(CADRE_CASE_MAX_ITEMS=2):
        error = refused(admin_a, minimal_package(3))
    assert error.errors[0].field == "CFItems"
    assert "limit" in error.errors[0].reason


def test_deeply_nested_json(admin_a, scale):
    # nesting far beyond any CASE object, both past the parser's recursion limit and just past ours
    for depth in (100_000, 40):
        error = refused(admin_a, b"[" * depth + b"]" * depth)
        assert error.errors[0].field == "package"
        assert "nested" in error.errors[0].reason


def test_deep_nesting_inside_unknown_fields(admin_a, scale):
    deep: Any = "x"
    for _ in range(40):
        deep = {"a": deep}
    error = refused(admin_a, mutate(lambda p: p["CFItems"][0].update(payload=deep)))
    assert "nested" in error.errors[0].reason


def test_non_utf8_bytes(admin_a, scale):
    data = json.dumps(minimal_package()).encode().replace(b"Statement 1", b"Statement \xff\xfe")
    error = refused(admin_a, data)
    assert error.errors[0].field == "package"
    assert "UTF-8" in error.errors[0].reason


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"{}", "CFDocument"),
        (b"[]", "JSON object"),
        (b'"CFDocument"', "JSON object"),
        (b"null", "JSON object"),
        (b'{"CFDocument": ', "not valid JSON"),
        (b'{"CFDocument": NaN}', "not valid JSON"),
    ],
)
def test_empty_and_malformed(admin_a, scale, data, reason):
    error = refused(admin_a, data)
    assert reason in text_of(error)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda p: p.update(CFItems="not a list"), "CFItems"),
        (lambda p: p.update(CFAssociations={"a": 1}), "CFAssociations"),
        (lambda p: p.update(CFDocument=["x"]), "CFDocument"),
        (lambda p: p.update(CFDefinitions="x"), "CFDefinitions"),
        (lambda p: p.update(CFRubrics=7), "CFRubrics"),
        (lambda p: p["CFItems"].__setitem__(1, "item"), "CFItems[1]"),
        (lambda p: p["CFItems"][1].update(fullStatement=["a"]), "CFItems[1].fullStatement"),
        (lambda p: p["CFItems"][1].pop("fullStatement"), "CFItems[1].fullStatement"),
        (lambda p: p["CFItems"][1].update(humanCodingScheme=12), "CFItems[1].humanCodingScheme"),
        (lambda p: p["CFItems"][1].update(extensions="x"), "CFItems[1].extensions"),
        (lambda p: p["CFItems"][1].update(CFItemTypeURI="Standard"), "CFItems[1].CFItemTypeURI"),
        (lambda p: p["CFDocument"].update(title=None), "CFDocument.title"),
        (lambda p: p["CFDocument"].update(title=5), "CFDocument.title"),
        (lambda p: p["CFDocument"].update(version="v" * 41), "CFDocument.version"),
        (lambda p: p["CFAssociations"][1].update(sequenceNumber="two"), "CFAssociations[1].sequenceNumber"),
        (lambda p: p["CFAssociations"][1].update(sequenceNumber=-1), "CFAssociations[1].sequenceNumber"),
        (
            lambda p: p["CFAssociations"][1].update(associationType="isFriendOf"),
            "CFAssociations[1].associationType",
        ),
        (lambda p: p["CFAssociations"][1].update(originNodeURI="x"), "CFAssociations[1].originNodeURI"),
        (lambda p: p["CFAssociations"].append(42), "CFAssociations[3]"),
    ],
)
def test_wrong_types(admin_a, scale, change, field):
    error = refused(admin_a, mutate(change))
    assert field in {e.field for e in error.errors}, text_of(error)


def test_every_problem_is_listed_at_once(admin_a, scale):
    def many(p: dict[str, Any]) -> None:
        p["CFDocument"]["title"] = ""
        p["CFItems"][1]["fullStatement"] = 3
        p["CFItems"][2]["identifier"] = item_id(1)
        p["CFAssociations"][1]["sequenceNumber"] = "x"

    fields = {e.field for e in refused(admin_a, mutate(many)).errors}
    assert {
        "CFDocument.title",
        "CFItems[1].fullStatement",
        "CFItems[2].identifier",
        "CFAssociations[1].sequenceNumber",
    } <= fields


def test_bad_cadre_scale_rubric(admin_a, scale):
    def rubric(p: dict[str, Any]) -> None:
        p["CFRubrics"] = [
            {
                "identifier": "x",
                "title": "S",
                "extensions": {"cadre": {"role": "proficiencyScale"}},
                "CFRubricCriteria": [
                    {
                        "CFRubricCriterionLevels": [
                            {"score": 1, "quality": "A"},
                            {"score": 1, "quality": "B"},
                            {"score": "2", "quality": "C"},
                        ]
                    }
                ],
            }
        ]

    fields = {e.field for e in refused(admin_a, mutate(rubric)).errors}
    assert "CFRubrics[0].CFRubricCriteria[0].CFRubricCriterionLevels[1].score" in fields
    assert "CFRubrics[0].CFRubricCriteria[0].CFRubricCriterionLevels[2].score" in fields


def test_unknown_fields_are_kept_not_fatal(admin_a, scale):
    # given unknown fields everywhere
    def unknown(p: dict[str, Any]) -> None:
        p["surprise"] = {"x": [1, 2]}
        p["CFDocument"]["mood"] = "happy"
        p["CFItems"][0]["colour"] = "blue"
        p["CFAssociations"][0]["weight"] = 0.5
        p["CFDefinitions"]["CFWhatever"] = [{"identifier": "q"}]

    fw = framework_import_case(actor=None, data=mutate(unknown), administration=admin_a).framework
    # then they land in case_extra
    assert fw.case_extra["CFPackage"] == {"surprise": {"x": [1, 2]}}
    assert fw.case_extra["mood"] == "happy"
    assert fw.case_extra["CFDefinitions"] == {"CFWhatever": [{"identifier": "q"}]}
    assert fw.competencies.get(code="C.1").case_extra == {"colour": "blue"}


def test_same_code_and_version_already_taken(admin_a, scale, make_framework):
    # given a framework whose export names code NCF, version 2.1, re-imported as a different document
    from cadre.competencies.case import framework_to_case

    original = make_framework(administration=admin_a)
    text = json.dumps(framework_to_case(framework=original))
    error = refused(admin_a, text.replace(str(original.identifier), "12345678-0000-4000-8000-000000000000"))
    assert error.errors[0].field == "CFDocument.extensions.cadre.code"
