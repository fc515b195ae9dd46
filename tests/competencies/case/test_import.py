"""Importing CASE packages: what is created, how foreign vocabularies are read, the re-import policy."""

from __future__ import annotations

import json
import uuid

import pytest

from cadre.competencies.case import framework_import_case, framework_to_case
from cadre.competencies.models import Competency, CompetencyMapping, Framework, Scale
from cadre.core.errors import DomainError
from cadre.core.models import AuditEvent

from .packages import DOC_ID, association, item_id, load, minimal_package

pytestmark = pytest.mark.django_db


def test_minimal_case_1_0_package_creates_the_tree(admin_a, scale):
    # given a CASE 1.0 package with a group and two children
    package = minimal_package()
    # when it is imported
    result = framework_import_case(actor=None, data=json.dumps(package).encode(), administration=admin_a)
    # then the framework keeps the document identifier, and the tree, codes and order are the package's
    fw = result.framework
    assert result.case_version == "1.0"
    assert str(fw.identifier) == DOC_ID
    assert (fw.title, fw.status, fw.administration) == ("Provider framework", "draft", admin_a)
    root = fw.competencies.get(parent=None)
    assert (root.code, root.kind) == ("C.1", "group")
    assert [(c.code, c.sequence, c.kind) for c in root.children.order_by("sequence")] == [
        ("C.2", 2, "competency"),
        ("C.3", 3, "competency"),
    ]
    # and the owner's scale is used when the package brings none
    assert fw.scale == scale
    # and the creator, differing from the (empty) publisher, is kept for the next export
    assert fw.case_extra["creator"] == "Provider"


def test_import_records_an_audit_event(admin_a, scale):
    # when a package is imported
    fw = framework_import_case(actor=None, data=minimal_package(), administration=admin_a).framework
    # then one creation event names the framework and counts what came in
    event = AuditEvent.objects.get(entity_type="competencies.framework", entity_id=str(fw.pk))
    assert event.action == "create"
    assert event.administration_id == admin_a.pk
    assert event.after["items"] == 3
    assert "case_extra" not in event.after


def test_hand_written_case_1_1_package(admin_a, scale):
    # given a CASE 1.1 package with foreign item types, polyhierarchy, external and unmodelled associations
    result = framework_import_case(actor=None, data=load("customs_v1p1.json"), administration=admin_a)
    fw = result.framework
    by_code = {c.code: c for c in fw.competencies.all()}
    assert result.case_version == "1.1"
    # then foreign item types are read into kinds and kept verbatim
    assert by_code["REV"].kind == "group"
    assert by_code["REV.1.a"].kind == "indicator"
    assert by_code["ENF.1"].kind == "competency"
    assert by_code["REV"].case_extra["CFItemType"] == "Domain"
    # and a statement too long for a title is kept whole, the abbreviated statement becoming the title
    assert by_code["REV.1"].title == "Customs valuation"
    assert len(by_code["REV.1"].case_extra["fullStatement"]) > 300
    assert by_code["REV.1"].description == "Core skill for declarations officers."
    # and a missing or duplicate humanCodingScheme gets a code derived from the identifier
    assert fw.competencies.filter(code__startswith="ID-").count() == 2
    # and the first isChildOf is the tree parent; the second one is kept as an association
    assert by_code["ENF.1"].parent == by_code["ENF"]
    # and an item without isChildOf hangs at the root
    assert by_code["INT"].parent is None
    # and internal isRelatedTo / isPartOf become mappings; the unknown external exactMatchOf is kept
    relations = set(
        CompetencyMapping.objects.filter(source__framework=fw).values_list(
            "source__code", "relation", "target__code"
        )
    )
    assert relations == {("ENF.1", "related", "REV.1"), ("REV.1.a", "narrower", "REV.2")}
    kept_types = sorted(a["associationType"] for a in fw.case_extra["CFAssociations"])
    assert kept_types == ["exactMatchOf", "exemplar", "ext:isAssessedBy", "isChildOf", "precedes"]
    # and the foreign status, definitions, rubric and package extensions are kept
    assert fw.status == "draft"
    assert fw.case_extra["adoptionStatus"] == "Private Draft"
    assert fw.case_extra["extensions"] == {"acme": {"revisionCycle": "Annual"}}
    assert fw.case_extra["CFRubrics"][0]["title"] == "Valuation rubric"
    assert fw.case_extra["CFPackage"] == {"extensions": {"acme": {"exportedBy": "hand"}}}
    assert len(result.warnings) == 2


def test_reimport_into_same_owner_and_version_is_refused(admin_a, scale):
    # given a package already imported
    framework_import_case(actor=None, data=minimal_package(), administration=admin_a)
    before = Framework.objects.count()
    # when the same package is imported again into the same administration
    with pytest.raises(DomainError) as caught:
        framework_import_case(actor=None, data=minimal_package(), administration=admin_a)
    # then it is refused, naming the identifier, and nothing is stored
    assert caught.value.errors[0].field == "CFDocument.identifier"
    assert "already imported" in caught.value.errors[0].reason
    assert Framework.objects.count() == before


def test_reimport_with_a_new_version_creates_a_new_framework(admin_a, scale):
    # given a package already imported
    first = framework_import_case(actor=None, data=minimal_package(), administration=admin_a).framework
    # when a new version of it is imported
    package = minimal_package()
    package["CFDocument"]["version"] = "2.0"
    second = framework_import_case(actor=None, data=package, administration=admin_a).framework
    # then both versions exist side by side; the new one has a fresh identifier and records its source
    assert second.pk != first.pk
    assert second.code == first.code
    assert second.version == "2.0"
    assert second.identifier != first.identifier
    assert second.case_extra["extensions"]["cadre"]["sourceIdentifier"] == DOC_ID
    # and importing that version once more is refused
    with pytest.raises(DomainError):
        framework_import_case(actor=None, data=package, administration=admin_a)


def test_same_package_into_two_owners(admin_a, admin_b, scale):
    # when one package goes to two administrations
    a = framework_import_case(actor=None, data=minimal_package(), administration=admin_a).framework
    b = framework_import_case(actor=None, data=minimal_package(), administration=admin_b).framework
    # then the second gets a fresh framework identifier but keeps the competency identifiers
    assert a.identifier != b.identifier
    assert set(a.competencies.values_list("identifier", flat=True)) == set(
        b.competencies.values_list("identifier", flat=True)
    )


def test_regional_owner(region, scale):
    fw = framework_import_case(actor=None, data=minimal_package(), region=region).framework
    assert fw.region == region
    assert fw.administration is None
    assert AuditEvent.objects.filter(region=region, entity_id=str(fw.pk)).exists()


@pytest.mark.parametrize("owners", [{}, {"both": True}])
def test_exactly_one_owner(admin_a, region, owners):
    kwargs = {"administration": admin_a, "region": region} if owners else {}
    with pytest.raises(DomainError) as caught:
        framework_import_case(actor=None, data=minimal_package(), **kwargs)
    assert caught.value.errors[0].field == "owner"


def test_external_mapping_resolves_only_within_the_owners_reach(admin_a, stranger, regional_framework):
    # given a package mapping its item to a regional competency by identifier
    target = regional_framework.competencies.get(code="R1.1")
    package = minimal_package()
    package["CFAssociations"].append(association("exactMatchOf", item_id(2), str(target.identifier)))
    # when an administration of that region imports it, the mapping is made
    mine = framework_import_case(actor=None, data=package, administration=admin_a).framework
    assert CompetencyMapping.objects.get(source__framework=mine).target == target
    # when an administration of another region imports it, nothing leaks: the association is only kept
    theirs = framework_import_case(actor=None, data=package, administration=stranger).framework
    assert not CompetencyMapping.objects.filter(source__framework=theirs).exists()
    assert theirs.case_extra["CFAssociations"][0]["associationType"] == "exactMatchOf"


def test_no_scale_anywhere_creates_the_default_scale(stranger):
    fw = framework_import_case(actor=None, data=minimal_package(), administration=stranger).framework
    assert [lv.label for lv in fw.scale.levels.all()] == ["None", "Aware", "Trained", "Advanced", "Expert"]
    assert fw.scale.administration == stranger


def test_scale_rubric_creates_a_scale_for_the_new_owner(admin_a, stranger, make_framework):
    # given an export whose scale belongs to another region
    package = framework_to_case(framework=make_framework(administration=admin_a))
    # when imported elsewhere, a copy of the scale is made for the importer
    fw = framework_import_case(actor=None, data=package, administration=stranger).framework
    assert fw.scale.administration == stranger
    assert Scale.objects.count() == 2


def test_wrappers_bom_and_text_are_accepted(admin_a, scale):
    wrapped = {"CFPackage": minimal_package()}
    data = b"\xef\xbb\xbf" + json.dumps(wrapped).encode()
    assert framework_import_case(actor=None, data=data, administration=admin_a).items == 3


def test_non_uuid_identifiers_are_mapped_to_stable_uuids(admin_a, admin_b, scale):
    # given an older package whose identifiers are URLs
    package = minimal_package(2)
    text = json.dumps(package).replace(item_id(2), "http://asn.example/S114340A")
    fw = framework_import_case(actor=None, data=text, administration=admin_a).framework
    # then the item gets a UUIDv5 and keeps the source identifier, which the export carries
    item = fw.competencies.get(code="C.2")
    assert item.identifier == uuid.uuid5(uuid.NAMESPACE_URL, "http://asn.example/S114340A")
    assert item.case_extra["extensions"]["cadre"]["sourceIdentifier"] == "http://asn.example/S114340A"
    again = framework_import_case(
        actor=None, data=framework_to_case(framework=fw), administration=admin_b
    ).framework
    assert again.competencies.get(code="C.2").case_extra == item.case_extra


def test_kind_and_type_of_a_foreign_typed_item_survive_edits(admin_a, admin_b, scale):
    # given a foreign-typed item whose kind and type a user then set in Cadre
    fw = framework_import_case(actor=None, data=load("customs_v1p1.json"), administration=admin_a).framework
    Competency.objects.filter(framework=fw, code="ENF.1").update(kind="indicator", type="operational")
    # when exported and re-imported, the publisher's type stays and Cadre's kind and type come back
    package = framework_to_case(framework=fw)
    item = next(i for i in package["CFItems"] if i.get("humanCodingScheme") == "ENF.1")
    assert item["CFItemType"] == "Competency"
    assert item["extensions"]["cadre"] == {"kind": "indicator", "type": "operational"}
    copy = framework_import_case(actor=None, data=package, administration=admin_b).framework
    assert (copy.competencies.get(code="ENF.1").kind, copy.competencies.get(code="ENF.1").type) == (
        "indicator",
        "operational",
    )
