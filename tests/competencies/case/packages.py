"""Small CASE packages built in code, and a comparable view of a stored framework."""

from __future__ import annotations

import copy
import json
import uuid
from typing import Any

from cadre.competencies.models import Framework

DOC_ID = "d0000000-0000-4000-8000-000000000000"


def item_id(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def link(identifier: str, title: str = "x") -> dict[str, str]:
    return {
        "title": title,
        "identifier": identifier,
        "uri": f"https://provider.example/ims/case/v1p0/CFItems/{identifier}",
    }


def child_of(child: str, parent: str, seq: int | None = None, n: int = 0) -> dict[str, Any]:
    association: dict[str, Any] = {
        "identifier": str(uuid.uuid5(uuid.NAMESPACE_OID, f"{child}>{parent}>{n}")),
        "uri": "https://provider.example/a",
        "lastChangeDateTime": "2020-01-01T00:00:00+00:00",
        "associationType": "isChildOf",
        "originNodeURI": link(child),
        "destinationNodeURI": link(parent),
    }
    if seq is not None:
        association["sequenceNumber"] = seq
    return association


def association(kind: str, origin: str, destination: str, **extra: Any) -> dict[str, Any]:
    return {
        "identifier": str(uuid.uuid5(uuid.NAMESPACE_OID, f"{kind}{origin}{destination}")),
        "uri": "https://provider.example/a",
        "lastChangeDateTime": "2020-01-01T00:00:00+00:00",
        "associationType": kind,
        "originNodeURI": link(origin),
        "destinationNodeURI": link(destination),
        **extra,
    }


def minimal_package(n_items: int = 3) -> dict[str, Any]:
    """A CASE 1.0 package: a document, one group and its children."""
    items = [
        {
            "identifier": item_id(i),
            "uri": f"https://provider.example/ims/case/v1p0/CFItems/{item_id(i)}",
            "lastChangeDateTime": "2020-01-01T00:00:00+00:00",
            "fullStatement": f"Statement {i}",
            "humanCodingScheme": f"C.{i}",
        }
        for i in range(1, n_items + 1)
    ]
    associations = [child_of(item_id(1), DOC_ID, 1)] + [
        child_of(item_id(i), item_id(1), i) for i in range(2, n_items + 1)
    ]
    return {
        "CFDocument": {
            "identifier": DOC_ID,
            "uri": f"https://provider.example/ims/case/v1p0/CFDocuments/{DOC_ID}",
            "creator": "Provider",
            "title": "Provider framework",
            "lastChangeDateTime": "2020-01-01T00:00:00+00:00",
            "adoptionStatus": "Draft",
        },
        "CFItems": items,
        "CFAssociations": associations,
        "CFDefinitions": {
            "CFConcepts": [],
            "CFSubjects": [],
            "CFLicenses": [],
            "CFItemTypes": [],
            "CFAssociationGroupings": [],
        },
    }


def without_source(extra: dict[str, Any]) -> dict[str, Any]:
    """case_extra minus the lineage an import records when the identifier had to change."""
    out = copy.deepcopy(extra)
    cadre = out.get("extensions", {}).get("cadre", {})
    cadre.pop("sourceIdentifier", None)
    if "cadre" in out.get("extensions", {}) and not cadre:
        del out["extensions"]["cadre"]
    if out.get("extensions") == {}:
        del out["extensions"]
    return out


def signature(framework: Framework) -> dict[str, Any]:
    """Everything Cadre models about a framework, independent of database ids and owner."""
    competencies = list(framework.competencies.select_related("parent"))
    mappings = sorted(
        (
            str(m.source.identifier),
            "self" if m.target.framework_id == framework.pk else str(m.target.framework.identifier),
            str(m.target.identifier),
            m.relation,
        )
        for c in competencies
        for m in c.mappings_out.select_related("source", "target__framework")
    )
    return {
        "framework": {
            "code": framework.code,
            "title": framework.title,
            "description": framework.description,
            "version": framework.version,
            "status": framework.status,
            "publisher": framework.publisher,
            "language": framework.language,
            "extends": framework.extends.identifier if framework.extends else None,
            "case_extra": without_source(framework.case_extra),
        },
        "scale": (
            framework.scale.name,
            [(lv.value, lv.label, lv.descriptor) for lv in framework.scale.levels.all()],
        ),
        "tree": sorted(
            (
                str(c.identifier),
                str(c.parent.identifier) if c.parent else None,
                c.code,
                c.title,
                c.description,
                c.kind,
                c.type,
                c.sequence,
                json.dumps(c.case_extra, sort_keys=True),
            )
            for c in competencies
        ),
        "mappings": mappings,
    }


DATA = __import__("pathlib").Path(__file__).parent / "data"


def load(name: str) -> bytes:
    return (DATA / name).read_bytes()
