"""Export then import (into another owner) keeps everything Cadre models."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadre.competencies.case import framework_import_case, framework_to_case
from cadre.competencies.models import Competency, Framework, Scale
from cadre.tenancy.models import Administration

from .packages import load, signature

pytestmark = pytest.mark.django_db


def test_round_trip_into_another_administration_is_lossless(
    admin_a, admin_b, regional_framework, make_framework
):
    # given a national framework with a tree, kinds, types, extras, a scale and mappings (internal and regional)
    original = make_framework(administration=admin_a, target=regional_framework)
    # when it is exported, serialised, and imported into another administration of the region
    data = json.dumps(framework_to_case(framework=original)).encode()
    result = framework_import_case(actor=None, data=data, administration=admin_b)
    # then the copy matches the original in everything Cadre models
    copy = result.framework
    assert signature(copy) == signature(original)
    assert copy.administration == admin_b
    assert result.mappings == 5
    # and the framework identifier (unique installation-wide) is new, with the source kept as lineage
    assert copy.identifier != original.identifier
    assert copy.case_extra["extensions"]["cadre"]["sourceIdentifier"] == str(original.identifier)


def test_second_generation_export_equals_first(admin_a, admin_b, regional_framework, make_framework):
    # given a framework exported, imported elsewhere, and exported again
    original = make_framework(administration=admin_a, target=regional_framework)
    first = framework_to_case(framework=original)
    copy = framework_import_case(actor=None, data=first, administration=admin_b).framework
    second = framework_to_case(framework=copy)
    # then the two packages differ only in the document identity and timestamps
    assert [i["identifier"] for i in first["CFItems"]] == [i["identifier"] for i in second["CFItems"]]
    strip = {"lastChangeDateTime", "identifier", "uri"}
    assert [{k: v for k, v in i.items() if k not in strip} for i in first["CFItems"]] == [
        {k: v for k, v in i.items() if k not in strip} for i in second["CFItems"]
    ]
    assert _no_stamps(first["CFRubrics"]) == _no_stamps(second["CFRubrics"])


def test_round_trip_of_a_foreign_package_keeps_its_case_fields(admin_a, admin_b, scale):
    # given a foreign CASE 1.1 package imported into one administration
    first = framework_import_case(
        actor=None, data=load("customs_v1p1.json"), administration=admin_a
    ).framework
    # when it is exported and imported into another administration
    second = framework_import_case(
        actor=None, data=framework_to_case(framework=first), administration=admin_b
    ).framework
    # then nothing is lost, including the publisher's item types, kept associations and rubrics
    assert signature(second) == signature(first)


trees = st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=25)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    parents=trees,
    kinds=st.lists(st.sampled_from(Competency.Kind.values), min_size=25, max_size=25),
    types=st.lists(st.sampled_from(["", *Competency.Type.values]), min_size=25, max_size=25),
    sequences=st.lists(st.integers(min_value=0, max_value=2**31 - 1), min_size=25, max_size=25),
)
def test_random_trees_round_trip(
    admin_a: Administration,
    admin_b: Administration,
    scale: Scale,
    parents: list[int],
    kinds: list[str],
    types: list[str],
    sequences: list[int],
) -> None:
    # given a random tree (node i hangs under an earlier node or the root) with random kinds, types, sequences
    with transaction.atomic():
        fw = Framework.objects.create(administration=admin_a, code="RND", title="Random", scale=scale)
        nodes: list[Competency] = []
        for i, p in enumerate(parents):
            parent = nodes[p % (i + 1) - 1] if i and p % (i + 1) else None
            nodes.append(
                Competency.objects.create(
                    framework=fw,
                    parent=parent,
                    code=f"N{i}",
                    title=f"Node {i} ✓",
                    kind=kinds[i],
                    type=types[i],
                    sequence=sequences[i],
                    description="d" * (i % 3),
                )
            )
        # when it goes through CASE into another administration
        copy = framework_import_case(
            actor=None, data=framework_to_case(framework=fw), administration=admin_b
        ).framework
        # then the tree is identical
        assert signature(copy) == signature(fw)
        transaction.set_rollback(True)


def _no_stamps(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _no_stamps(v) for k, v in value.items() if k != "lastChangeDateTime"}
    if isinstance(value, list):
        return [_no_stamps(v) for v in value]
    return value
