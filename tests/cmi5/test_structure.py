"""Course structure validation (cmi5 13, 14): each rule refused with the element or attribute named."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cadre.cmi5.packages import package_read
from cadre.cmi5.structure import StructureError
from tests.cmi5.conftest import BASE, au_xml, block_xml, course_xml, zip_of

ABSOLUTE = "https://content.example.org/au/index.html"


def refusal(data: bytes, content_type: str = "text/xml") -> tuple[str, str]:
    with pytest.raises(StructureError) as caught:
        package_read(data=data, content_type=content_type)
    error = caught.value.errors[0]
    return error.field, error.reason


def test_a_valid_structure_keeps_every_au_attribute():
    # given an AU with every optional attribute and element, inside a block
    au = au_xml(
        "full",
        url=f"{ABSOLUTE}?lang=en",
        attrs='moveOn="CompletedAndPassed" masteryScore="0.8" launchMethod="OwnWindow" '
        'activityType="http://adlnet.gov/expapi/activities/media"',
        extra="<launchParameters> mode=quiz </launchParameters><entitlementKey>xyz-1</entitlementKey>",
    )
    # when it is read
    package = package_read(data=course_xml(block_xml("b1", au)), content_type="text/xml")
    # then the course, the block and the AU carry what the structure says, whitespace trimmed
    course = package.course
    assert course.publisher_id == f"{BASE}/course/1"
    assert course.title == "Tariff basics"
    assert [b.publisher_id for b in course.blocks] == [f"{BASE}/block/b1"]
    (read,) = course.aus
    assert (read.move_on, read.mastery_score, read.launch_method) == (
        "CompletedAndPassed",
        Decimal("0.8"),
        "OwnWindow",
    )
    assert (read.launch_parameters, read.entitlement_key, read.block_index) == ("mode=quiz", "xyz-1", 0)
    assert read.activity_type == "http://adlnet.gov/expapi/activities/media"


def test_defaults_are_not_applicable_and_any_window():
    package = package_read(data=course_xml(au_xml("plain", url=ABSOLUTE)), content_type="text/xml")
    assert (package.course.aus[0].move_on, package.course.aus[0].launch_method) == (
        "NotApplicable",
        "AnyWindow",
    )


def test_a_thousand_and_one_aus_import():
    # given a course of 1001 AUs (6.1: more than 1000 must be supported)
    aus = [au_xml(f"n{i}", url=f"{ABSOLUTE}?n={i}") for i in range(1001)]
    package = package_read(data=course_xml(*aus), content_type="text/xml")
    assert len(package.course.aus) == 1001


@pytest.mark.parametrize(
    ("xml", "field", "reason"),
    [
        (
            course_xml(au_xml("x", url=ABSOLUTE), course_id="example.org/no-scheme"),
            "course@id",
            "absolute IRI",
        ),
        (
            course_xml(
                block_xml("example.org", au_xml("x", url=ABSOLUTE)).replace(f"{BASE}/block/example.org", "b")
            ),
            "block@id",
            "absolute IRI",
        ),
        (
            course_xml(au_xml("x", url=ABSOLUTE).replace(f"{BASE}/au/x", "relative/au")),
            "au@id",
            "absolute IRI",
        ),
        (course_xml(au_xml("x", url=ABSOLUTE), au_xml("x", url=ABSOLUTE)), f"au {BASE}/au/x", "duplicates"),
        (
            course_xml(block_xml("d", au_xml("1", url=ABSOLUTE)), block_xml("d", au_xml("2", url=ABSOLUTE))),
            f"block {BASE}/block/d",
            "duplicates",
        ),
        (
            course_xml(au_xml("x", url="http://example.com index.html")),
            f"au {BASE}/au/x/url",
            "not a valid URL",
        ),
        (
            course_xml(au_xml("x", url=f"{ABSOLUTE}?endpoint=http://example.org/lrs")),
            f"au {BASE}/au/x/url",
            "endpoint",
        ),
        (
            course_xml(au_xml("x", url=ABSOLUTE, attrs='moveOn="Done"')),
            f"au {BASE}/au/x@moveOn",
            "must be one of",
        ),
        (
            course_xml(au_xml("x", url=ABSOLUTE, attrs='masteryScore="1.5"')),
            f"au {BASE}/au/x@masteryScore",
            "between 0 and 1",
        ),
        (
            course_xml(au_xml("x", url=ABSOLUTE, attrs='launchMethod="Popup"')),
            f"au {BASE}/au/x@launchMethod",
            "must be one of",
        ),
        (course_xml(au_xml("x", url=ABSOLUTE, attrs='colour="red"')), "au@colour", "not an attribute"),
        (course_xml(au_xml("x", url="index.html")), f"au {BASE}/au/x/url", "fully qualified"),
        (course_xml(au_xml("x", url="/index.html")), f"au {BASE}/au/x/url", "fully qualified"),
        (b"<courseStructure><course/></courseStructure>", "courseStructure", "namespace"),
        (b"<oops", "cmi5.xml", "not well-formed"),
        (
            b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]><courseStructure/>',
            "cmi5.xml",
            "DOCTYPE",
        ),
    ],
)
def test_an_invalid_structure_is_refused_naming_the_place(xml, field, reason):
    # when an invalid cmi5.xml is imported, then the refusal names the element/attribute and why
    got_field, got_reason = refusal(xml)
    assert got_field == field
    assert reason in got_reason


def test_elements_out_of_schema_order_are_refused():
    # given an AU whose url comes before its title (the XSD's sequence is title, description, ..., url)
    xml = course_xml(
        f'<au id="{BASE}/au/o"><url>{ABSOLUTE}</url><title><langstring>t</langstring></title><description><langstring>d</langstring></description></au>'
    )
    field, reason = refusal(xml)
    assert field == f"au {BASE}/au/o"
    assert "title then description" in reason


def test_objective_references_must_name_a_declared_objective():
    objectives = (
        f'<objectives><objective id="{BASE}/obj/1"><title><langstring>o</langstring></title>'
        f"<description><langstring>o</langstring></description></objective></objectives>"
    )
    good = au_xml("x", url=ABSOLUTE, before_url=f'<objectives><objective idref="{BASE}/obj/1"/></objectives>')
    bad = au_xml(
        "y", url=ABSOLUTE, before_url=f'<objectives><objective idref="{BASE}/obj/404"/></objectives>'
    )
    assert package_read(data=course_xml(good, objectives=objectives), content_type="text/xml").course.aus[
        0
    ].objectives == [f"{BASE}/obj/1"]
    field, reason = refusal(course_xml(bad, objectives=objectives))
    assert field.endswith("@idref")
    assert "names no objective" in reason


def test_a_zip_needs_cmi5_xml_at_its_root_and_every_relative_url_inside():
    # given ZIPs without cmi5.xml, with a missing AU file, and a good one
    assert (
        refusal(zip_of({"index.html": b"<p>"}), "application/zip")[1]
        == "has no cmi5.xml at the root of the ZIP"
    )
    field, reason = refusal(
        zip_of({"cmi5.xml": course_xml(au_xml("z", url="missing.html"))}), "application/zip"
    )
    assert field == f"au {BASE}/au/z/url"
    assert "not in the ZIP" in reason
    good = package_read(
        data=zip_of(
            {"cmi5.xml": course_xml(au_xml("z", url="content/index.html?x=1")), "content/index.html": b"<p>"}
        ),
        content_type="application/zip",
    )
    assert "content/index.html" in good.members


def test_not_a_zip_or_another_type_is_refused():
    assert "not a readable ZIP" in refusal(b"this is text", "application/zip")[1]
    field, reason = refusal(b"# A markdown file", "text/markdown; charset=UTF-8")
    assert field == "Content-Type"
    assert "text/markdown" in reason


@pytest.mark.parametrize(
    "name", ["../evil.html", "/etc/passwd", "a/../../b.html", "dir\\evil.html", "C:/x.html"]
)
def test_zip_members_that_could_escape_are_refused(name):
    data = zip_of({"cmi5.xml": course_xml(au_xml("z", url=ABSOLUTE)), name: b"x"})
    assert "unsafe path" in refusal(data, "application/zip")[1]


def test_a_zip_bomb_is_refused_by_its_ratio(settings):
    settings.CADRE_CMI5_ZIP_MAX_RATIO = 50
    data = zip_of({"cmi5.xml": course_xml(au_xml("z", url=ABSOLUTE)), "zeros.bin": b"\0" * 5_000_000})
    assert "compression ratio" in refusal(data, "application/zip")[1]
