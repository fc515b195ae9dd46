"""The CFPackage Cadre writes: CASE 1.1 field names only, standard fields first, extensions for the rest."""

from __future__ import annotations

import re
from typing import Any

import pytest

from cadre.competencies.case import framework_to_case

pytestmark = pytest.mark.django_db

# Property names of the CASE 1.1 CFPackage JSON binding (getCFPackage response), per object.
LINK = {"title", "identifier", "uri", "targetType"}
ALLOWED = {
    "package": {"CFDocument", "CFItems", "CFAssociations", "CFDefinitions", "CFRubrics", "extensions"},
    "document": {
        "identifier",
        "uri",
        "frameworkType",
        "caseVersion",
        "creator",
        "title",
        "lastChangeDateTime",
        "officialSourceURL",
        "publisher",
        "description",
        "subject",
        "subjectURI",
        "language",
        "version",
        "adoptionStatus",
        "statusStartDate",
        "statusEndDate",
        "licenseURI",
        "notes",
        "extensions",
    },
    "item": {
        "identifier",
        "fullStatement",
        "alternativeLabel",
        "CFItemType",
        "uri",
        "humanCodingScheme",
        "listEnumeration",
        "abbreviatedStatement",
        "conceptKeywords",
        "conceptKeywordsURI",
        "notes",
        "subject",
        "subjectURI",
        "language",
        "educationLevel",
        "CFItemTypeURI",
        "licenseURI",
        "statusStartDate",
        "statusEndDate",
        "lastChangeDateTime",
        "extensions",
    },
    "association": {
        "identifier",
        "associationType",
        "sequenceNumber",
        "uri",
        "originNodeURI",
        "destinationNodeURI",
        "CFAssociationGroupingURI",
        "lastChangeDateTime",
        "notes",
        "extensions",
    },
    "item_type": {
        "identifier",
        "uri",
        "title",
        "description",
        "hierarchyCode",
        "typeCode",
        "lastChangeDateTime",
        "extensions",
    },
    "rubric": {
        "identifier",
        "uri",
        "title",
        "description",
        "lastChangeDateTime",
        "CFRubricCriteria",
        "extensions",
    },
    "criterion": {
        "identifier",
        "uri",
        "category",
        "description",
        "CFItemURI",
        "weight",
        "position",
        "rubricId",
        "lastChangeDateTime",
        "CFRubricCriterionLevels",
        "extensions",
    },
    "level": {
        "identifier",
        "uri",
        "description",
        "quality",
        "score",
        "feedback",
        "position",
        "rubricCriterionId",
        "lastChangeDateTime",
    },
}
REQUIRED = {
    "document": {"identifier", "uri", "creator", "title", "lastChangeDateTime"},
    "item": {"identifier", "fullStatement", "uri", "lastChangeDateTime"},
    "association": {
        "identifier",
        "associationType",
        "uri",
        "originNodeURI",
        "destinationNodeURI",
        "lastChangeDateTime",
    },
    "item_type": {"identifier", "uri", "title", "description", "hierarchyCode", "lastChangeDateTime"},
}
CASE_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def check(obj: dict[str, Any], kind: str) -> None:
    assert set(obj) <= ALLOWED[kind], (kind, set(obj) - ALLOWED[kind])
    assert REQUIRED.get(kind, {"identifier", "uri", "lastChangeDateTime"}) <= set(obj), kind
    assert CASE_UUID.match(obj["identifier"]), obj["identifier"]


def test_export_uses_case_1_1_field_names_only(admin_a, regional_framework, make_framework):
    # given a framework with everything Cadre models
    package = framework_to_case(framework=make_framework(administration=admin_a, target=regional_framework))
    # then every object carries only CASE 1.1 properties, with its required ones and CASE-shaped UUIDs
    assert set(package) <= ALLOWED["package"]
    check(package["CFDocument"], "document")
    for item in package["CFItems"]:
        check(item, "item")
        assert set(item["CFItemTypeURI"]) <= LINK
    for association in package["CFAssociations"]:
        check(association, "association")
        assert set(association["originNodeURI"]) <= LINK
        assert set(association["destinationNodeURI"]) <= LINK
    for item_type in package["CFDefinitions"]["CFItemTypes"]:
        check(item_type, "item_type")
    for rubric in package["CFRubrics"]:
        check(rubric, "rubric")
        for criterion in rubric["CFRubricCriteria"]:
            check(criterion, "criterion")
            for level in criterion["CFRubricCriterionLevels"]:
                check(level, "level")


def test_document_metadata(admin_a, regional_framework, make_framework):
    fw = make_framework(administration=admin_a, target=regional_framework)
    doc = framework_to_case(framework=fw)["CFDocument"]
    assert doc["identifier"] == str(fw.identifier)
    assert (doc["title"], doc["version"], doc["language"], doc["adoptionStatus"]) == (
        "National Competency Framework",
        "2.1",
        "fr",
        "Adopted",
    )
    assert doc["creator"] == doc["publisher"] == "Ghana Revenue Authority"
    assert doc["caseVersion"] == "1.1"
    assert doc["extensions"]["cadre"] == {"code": "NCF", "extends": str(regional_framework.identifier)}
    # and case_extra fields come back as CASE fields
    assert doc["subject"] == ["Customs"]


def test_tree_is_isChildOf_with_sequence_numbers(admin_a, make_framework):
    fw = make_framework(administration=admin_a)
    package = framework_to_case(framework=fw)
    children = [a for a in package["CFAssociations"] if a["associationType"] == "isChildOf"]
    assert len(children) == fw.competencies.count()
    by_id = {str(c.identifier): c for c in fw.competencies.select_related("parent")}
    for association in children:
        child = by_id[association["originNodeURI"]["identifier"]]
        parent = child.parent.identifier if child.parent else fw.identifier
        assert association["destinationNodeURI"]["identifier"] == str(parent)
        assert association["sequenceNumber"] == child.sequence
    # and items come parents first, in sequence order
    assert [i["humanCodingScheme"] for i in package["CFItems"]][:3] == ["P", "P.1", "P.2"]


def test_codes_kinds_and_types_use_standard_fields(admin_a, make_framework):
    package = framework_to_case(framework=make_framework(administration=admin_a))
    item = next(i for i in package["CFItems"] if i["humanCodingScheme"] == "V.1")
    assert (item["fullStatement"], item["notes"], item["CFItemType"]) == (
        "Integrity",
        "Acts honestly.",
        "Competency (values)",
    )
    definition = next(
        t
        for t in package["CFDefinitions"]["CFItemTypes"]
        if t["identifier"] == item["CFItemTypeURI"]["identifier"]
    )
    assert definition["typeCode"] == "cadre:competency:values"
    # and case_extra content goes back out, unknown extensions included
    assert item["educationLevel"] == ["adult"]
    assert item["extensions"] == {"acme": {"x": 1}}


def test_mappings(admin_a, regional_framework, make_framework):
    fw = make_framework(administration=admin_a, target=regional_framework)
    mappings = [
        a for a in framework_to_case(framework=fw)["CFAssociations"] if a["associationType"] != "isChildOf"
    ]
    code = {
        str(c.identifier): c.code for c in [*fw.competencies.all(), *regional_framework.competencies.all()]
    }
    got = {
        (
            a["associationType"],
            code[a["originNodeURI"]["identifier"]],
            code[a["destinationNodeURI"]["identifier"]],
            a.get("extensions", {}).get("cadre", {}).get("relation", ""),
        )
        for a in mappings
    }
    assert got == {
        ("exactMatchOf", "P.1", "R1.1", ""),
        ("isRelatedTo", "P.1", "R1.2", ""),
        ("isRelatedTo", "P.2", "P.1", ""),
        ("isPartOf", "P.2", "R1", ""),  # narrower: the origin is part of the destination
        ("isPartOf", "R1.1", "P", "broader"),  # broader: written the other way round, flagged
    }
    external = [a for a in mappings if code[a["destinationNodeURI"]["identifier"]].startswith("R")]
    assert all(
        a["extensions"]["cadre"]["targetFramework"] == str(regional_framework.identifier) for a in external
    )


def test_scale_is_a_rubric(admin_a, make_framework, scale):
    rubric = framework_to_case(framework=make_framework(administration=admin_a))["CFRubrics"][0]
    assert (rubric["identifier"], rubric["title"]) == (str(scale.identifier), "Regional proficiency")
    levels = rubric["CFRubricCriteria"][0]["CFRubricCriterionLevels"]
    assert [(lv["score"], lv["quality"], lv["description"]) for lv in levels][:2] == [
        (0, "None", "No exposure"),
        (1, "Aware", "Knows it exists"),
    ]


def test_kept_association_to_a_deleted_competency_is_dropped(admin_a, scale):
    # given an imported package with a kept "precedes" association, whose origin is then deleted
    from cadre.competencies.case import framework_import_case

    from .packages import association, item_id, minimal_package

    package = minimal_package()
    package["CFAssociations"].append(association("precedes", item_id(2), item_id(3)))
    fw = framework_import_case(actor=None, data=package, administration=admin_a).framework
    assert len(framework_to_case(framework=fw)["CFAssociations"]) == 4
    fw.competencies.get(code="C.2").delete()
    # then the export leaves the association out rather than writing a broken link
    assert [a["associationType"] for a in framework_to_case(framework=fw)["CFAssociations"]] == [
        "isChildOf"
    ] * 2
