"""Real public CASE packages import cleanly.

The packages are not stored in this repository (see data/README.md for their source and licence);
point CADRE_CASE_REAL_DIR at a folder holding them to run these tests.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cadre.competencies.case import framework_import_case, framework_to_case
from cadre.competencies.models import CompetencyMapping

from .packages import signature

REAL_DIR = Path(os.environ.get("CADRE_CASE_REAL_DIR", "/nonexistent"))
ACT = REAL_DIR / "opensalt_act_holistic_math_v1p0.json"
WSCB = REAL_DIR / "opensalt_what_standards_could_be.json"

pytestmark = [pytest.mark.django_db]


def _need(path: Path) -> bytes:
    if not path.is_file():
        pytest.skip(f"{path.name} not available; set CADRE_CASE_REAL_DIR")
    return path.read_bytes()


def test_opensalt_act_holistic_framework_case_1_0(admin_a, admin_b, scale):
    # given OpenSALT's CASE 1.0 export of the ACT Holistic Framework, Math (28 items, 28 isChildOf)
    data = _need(ACT)
    package = json.loads(data)
    # when it is imported
    result = framework_import_case(actor=None, data=data, administration=admin_a)
    fw = result.framework
    # then every item is in the tree, with its publisher code and sequence, and no warnings
    assert result.case_version == "1.0"
    assert fw.competencies.count() == len(package["CFItems"]) == 28
    assert fw.title == "ACT Holistic Framework, Math"
    assert set(fw.competencies.values_list("code", flat=True)) == {
        i["humanCodingScheme"] for i in package["CFItems"]
    }
    assert result.warnings == ()
    # and a round trip through Cadre's export keeps it
    copy = framework_import_case(
        actor=None, data=framework_to_case(framework=fw), administration=admin_b
    ).framework
    assert signature(copy) == signature(fw)


def test_opensalt_sample_with_external_matches(admin_a, scale):
    # given an early OpenSALT sample (pre-1.0 field names, exactMatchOf to other frameworks)
    data = _need(WSCB)
    package = json.loads(data)
    result = framework_import_case(actor=None, data=data, administration=admin_a)
    fw = result.framework
    # then the items import, foreign types are kept, and unknown external matches are kept verbatim
    assert fw.competencies.count() == len(package["CFItems"])
    assert fw.competencies.filter(case_extra__CFItemType="Cluster").exists()
    kept = fw.case_extra["CFAssociations"]
    assert {a["associationType"] for a in kept} >= {"exactMatchOf", "precedes", "exemplar"}
    assert CompetencyMapping.objects.filter(source__framework=fw).count() + len(kept) == sum(
        1 for a in package["CFAssociations"] if a["associationType"] != "isChildOf"
    )
