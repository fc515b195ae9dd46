"""Export a framework as a CASE 1.1 CFPackage.

Cadre's fields travel in standard CASE fields: code → ``humanCodingScheme``, title →
``fullStatement``, description → ``notes``, kind and type → ``CFItemType`` (with a Cadre
CFItemTypes definition whose ``typeCode`` is ``cadre:<kind>[:<type>]``), tree → ``isChildOf`` with
``sequenceNumber``, mappings → ``exactMatchOf`` / ``isRelatedTo`` / ``isPartOf``, the scale → a
CFRubric (see ``rubrics``). Only what CASE has no field for goes to ``extensions.cadre``: the
framework code and the framework it extends, the target framework of a mapping, a broader
mapping's flag, and kind/type when the item keeps a foreign CFItemType. Whatever ``case_extra``
holds is written back, so an import followed by an export loses nothing CASE carried.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from cadre.competencies.case.documents import DOCUMENT_FIELDS, ITEM_FIELDS, PACKAGE_KEYS, generated_code
from cadre.competencies.case.rubrics import scale_to_rubric
from cadre.competencies.case.vocab import (
    DEFAULT_CREATOR,
    EXT,
    IS_CHILD_OF,
    RELATION_TO_TYPE,
    STATUS_TO_ADOPTION,
    case_uri,
    derived_id,
    item_type_code,
    item_type_definition,
    item_type_identifier,
    item_type_title,
    status_from_adoption,
)
from cadre.competencies.models import Competency, CompetencyMapping, Framework


def framework_to_case(*, framework: Framework) -> dict[str, Any]:
    """Return the framework as a CFPackage (a JSON-ready dict)."""
    stamp = framework.updated_at.astimezone(dt.UTC).isoformat(timespec="seconds")
    competencies = list(framework.competencies.all())
    extra = framework.case_extra if isinstance(framework.case_extra, dict) else {}
    ordered = _preorder(competencies)
    used_types: set[tuple[str, str]] = set()
    items = [_item(c, stamp, used_types) for c in ordered]
    internal = {str(c.identifier): c for c in competencies}
    associations = [_child_of(c, framework, stamp) for c in ordered]
    associations += _mappings(framework, stamp)
    relinked = (_relink(a, framework, internal) for a in copy.deepcopy(extra.get("CFAssociations", [])))
    associations += [a for a in relinked if a is not None]
    package: dict[str, Any] = copy.deepcopy(extra.get("CFPackage", {}))
    package.update(
        {
            "CFDocument": _document(framework, extra, stamp),
            "CFItems": items,
            "CFAssociations": associations,
            "CFDefinitions": _definitions(extra, used_types, stamp),
            "CFRubrics": [
                scale_to_rubric(scale=framework.scale, stamp=stamp),
                *copy.deepcopy(extra.get("CFRubrics", [])),
            ],
        }
    )
    return package


def _document(framework: Framework, extra: dict[str, Any], stamp: str) -> dict[str, Any]:
    doc = {
        k: copy.deepcopy(v) for k, v in extra.items() if k not in PACKAGE_KEYS and k not in DOCUMENT_FIELDS
    }
    kept_status = extra.get("adoptionStatus")
    if not isinstance(kept_status, str) or status_from_adoption(kept_status) != framework.status:
        kept_status = STATUS_TO_ADOPTION[Framework.Status(framework.status)]
    doc.update(
        {
            "identifier": str(framework.identifier),
            "uri": case_uri("CFDocuments", framework.identifier),
            "caseVersion": "1.1",
            "creator": extra.get("creator") or framework.publisher or DEFAULT_CREATOR,
            "title": framework.title,
            "lastChangeDateTime": stamp,
            "language": framework.language,
            "version": framework.version,
            "adoptionStatus": kept_status,
        }
    )
    if framework.description:
        doc["description"] = framework.description
    if framework.publisher:
        doc["publisher"] = framework.publisher
    ext = copy.deepcopy(extra.get("extensions", {}))
    cadre = ext.setdefault(EXT, {})
    cadre["code"] = framework.code
    if framework.extends is not None:
        cadre["extends"] = str(framework.extends.identifier)
    doc["extensions"] = ext
    return doc


def _preorder(competencies: list[Competency]) -> list[Competency]:
    children: dict[int | None, list[Competency]] = {}
    for c in competencies:
        children.setdefault(c.parent_id, []).append(c)
    for siblings in children.values():
        siblings.sort(key=lambda c: (c.sequence, c.code, c.pk))
    ordered: list[Competency] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        node = stack.pop()
        ordered.append(node)
        stack.extend(reversed(children.get(node.pk, [])))
    return ordered


def _item(c: Competency, stamp: str, used_types: set[tuple[str, str]]) -> dict[str, Any]:
    extra = c.case_extra if isinstance(c.case_extra, dict) else {}
    item = {k: copy.deepcopy(v) for k, v in extra.items() if k not in ITEM_FIELDS}
    ext = copy.deepcopy(extra.get("extensions", {}))
    cadre = ext.get(EXT, {})
    item.update(
        {
            "identifier": str(c.identifier),
            "uri": case_uri("CFItems", c.identifier),
            "fullStatement": extra.get("fullStatement", c.title),
            "lastChangeDateTime": stamp,
        }
    )
    if "humanCodingScheme" in extra:
        item["humanCodingScheme"] = extra["humanCodingScheme"]
    elif not (cadre.get("generatedCode") and c.code == generated_code(c.identifier)):
        item["humanCodingScheme"] = c.code
    if c.description:
        item["notes"] = c.description
    if "CFItemType" in extra or "CFItemTypeURI" in extra:
        # Keep the publisher's own vocabulary; Cadre's kind and type ride along in the extension.
        for key in ("CFItemType", "CFItemTypeURI"):
            if key in extra:
                item[key] = copy.deepcopy(extra[key])
        ext.setdefault(EXT, {}).update({"kind": c.kind, "type": c.type})
    else:
        used_types.add((c.kind, c.type))
        code = item_type_code(kind=c.kind, type_=c.type)
        title = item_type_title(kind=c.kind, type_=c.type)
        item["CFItemType"] = title
        item["CFItemTypeURI"] = {
            "title": title,
            "identifier": str(item_type_identifier(code)),
            "uri": case_uri("CFItemTypes", item_type_identifier(code)),
        }
    if ext:
        item["extensions"] = ext
    return item


def _link(c: Competency) -> dict[str, str]:
    return {"title": c.title, "identifier": str(c.identifier), "uri": case_uri("CFItems", c.identifier)}


def _doc_link(framework: Framework) -> dict[str, str]:
    return {
        "title": framework.title,
        "identifier": str(framework.identifier),
        "uri": case_uri("CFDocuments", framework.identifier),
    }


def _child_of(c: Competency, framework: Framework, stamp: str) -> dict[str, Any]:
    identifier = derived_id(framework.identifier, IS_CHILD_OF, c.identifier)
    parent = _link(c.parent) if c.parent is not None else _doc_link(framework)
    return {
        "identifier": identifier,
        "uri": case_uri("CFAssociations", identifier),
        "associationType": IS_CHILD_OF,
        "originNodeURI": _link(c),
        "destinationNodeURI": parent,
        "sequenceNumber": c.sequence,
        "lastChangeDateTime": stamp,
    }


def _mappings(framework: Framework, stamp: str) -> list[dict[str, Any]]:
    rows = (
        CompetencyMapping.objects.filter(source__framework=framework)
        .select_related("source", "target", "target__framework")
        .order_by("source__sequence", "source__code", "relation", "target__code", "pk")
    )
    out = []
    for m in rows:
        broader = m.relation == CompetencyMapping.Relation.BROADER
        origin, destination = (m.target, m.source) if broader else (m.source, m.target)
        cadre: dict[str, str] = {}
        if broader:
            cadre["relation"] = CompetencyMapping.Relation.BROADER
        if m.target.framework_id != framework.pk:
            cadre["targetFramework"] = str(m.target.framework.identifier)
        identifier = derived_id(
            framework.identifier,
            m.relation,
            m.source.identifier,
            m.target.framework.identifier,
            m.target.identifier,
        )
        association: dict[str, Any] = {
            "identifier": identifier,
            "uri": case_uri("CFAssociations", identifier),
            "associationType": RELATION_TO_TYPE[CompetencyMapping.Relation(m.relation)],
            "originNodeURI": _link(origin),
            "destinationNodeURI": _link(destination),
            "lastChangeDateTime": stamp,
        }
        if cadre:
            association["extensions"] = {EXT: cadre}
        out.append(association)
    return out


def _relink(
    association: dict[str, Any], framework: Framework, internal: dict[str, Competency]
) -> dict[str, Any] | None:
    """Refresh the links of kept associations whose ends are in this framework.

    The importer stores such ends as a bare identifier; one whose competency was deleted since
    leaves the association meaningless, so it is dropped.
    """
    for key in ("originNodeURI", "destinationNodeURI"):
        link = association.get(key)
        if not isinstance(link, dict):
            continue
        ident = link.get("identifier")
        if ident == str(framework.identifier):
            association[key] = {**link, **_doc_link(framework)}
        elif ident in internal:
            association[key] = {**link, **_link(internal[ident])}
        elif set(link) == {"identifier"}:
            return None
    return association


def _definitions(extra: dict[str, Any], used_types: set[tuple[str, str]], stamp: str) -> dict[str, Any]:
    definitions: dict[str, Any] = copy.deepcopy(extra.get("CFDefinitions", {}))
    item_types = definitions.setdefault("CFItemTypes", [])
    for kind, type_ in sorted(used_types):
        item_types.append({**item_type_definition(kind=kind, type_=type_), "lastChangeDateTime": stamp})
    return definitions
