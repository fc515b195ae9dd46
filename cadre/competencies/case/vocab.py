"""The CASE vocabulary Cadre speaks: association types, adoption statuses, item types, URIs.

Cadre writes CASE 1.1 and reads 1.0 and 1.1. Where Cadre models something CASE has no field for,
it goes into the object's ``extensions["cadre"]`` (1.1 extension point); everything else travels in
standard fields.
"""

from __future__ import annotations

import uuid
from typing import Final

from django.conf import settings

from cadre.competencies.models import Competency, CompetencyMapping, Framework

#: Namespace for the deterministic identifiers Cadre derives (item types, rubric parts, associations).
CADRE_NAMESPACE: Final = uuid.UUID("6f1c7a52-3b0e-5c1d-9a4e-2f8b7c6d5e40")

#: Key of Cadre's own object inside a CASE ``extensions`` object.
EXT: Final = "cadre"

IS_CHILD_OF: Final = "isChildOf"
EXACT_MATCH_OF: Final = "exactMatchOf"
IS_RELATED_TO: Final = "isRelatedTo"
IS_PART_OF: Final = "isPartOf"

#: Association types CASE 1.0 and 1.1 define (1.1 also allows any ``ext:...`` type).
ASSOCIATION_TYPES: Final = frozenset(
    {
        "isChildOf",
        "isPeerOf",
        "isPartOf",
        "exactMatchOf",
        "precedes",
        "isRelatedTo",
        "replacedBy",
        "exemplar",
        "hasSkillLevel",
        "isTranslationOf",
    }
)

#: How a CompetencyMapping relation is written. Broader is ``isPartOf`` read the other way round
#: (the target is part of the source), flagged with ``extensions.cadre.relation = "broader"``.
RELATION_TO_TYPE: Final = {
    CompetencyMapping.Relation.EXACT: EXACT_MATCH_OF,
    CompetencyMapping.Relation.RELATED: IS_RELATED_TO,
    CompetencyMapping.Relation.NARROWER: IS_PART_OF,
    CompetencyMapping.Relation.BROADER: IS_PART_OF,
}
MAPPING_TYPES: Final = frozenset({EXACT_MATCH_OF, IS_RELATED_TO, IS_PART_OF})

STATUS_TO_ADOPTION: Final = {
    Framework.Status.DRAFT: "Draft",
    Framework.Status.PUBLISHED: "Adopted",
    Framework.Status.RETIRED: "Deprecated",
}
#: Adoption statuses seen in the wild, lower-cased, and the Cadre status each means.
ADOPTION_TO_STATUS: Final = {
    "private draft": Framework.Status.DRAFT,
    "draft": Framework.Status.DRAFT,
    "adopted": Framework.Status.PUBLISHED,
    "implemented": Framework.Status.PUBLISHED,
    "published": Framework.Status.PUBLISHED,
    "deprecated": Framework.Status.RETIRED,
    "retired": Framework.Status.RETIRED,
}

DEFAULT_CREATOR: Final = "Cadre"


def status_from_adoption(value: str | None) -> str:
    """Map a CASE adoptionStatus onto a Cadre status; anything unknown is a draft."""
    return ADOPTION_TO_STATUS.get((value or "").strip().lower(), Framework.Status.DRAFT)


def item_type_code(*, kind: str, type_: str) -> str:
    return f"cadre:{kind}:{type_}" if type_ else f"cadre:{kind}"


def item_type_identifier(code: str) -> uuid.UUID:
    return uuid.uuid5(CADRE_NAMESPACE, code)


def item_type_title(*, kind: str, type_: str) -> str:
    label = str(Competency.Kind(kind).label)
    return f"{label} ({Competency.Type(type_).label.lower()})" if type_ else label


_KIND_ORDER: Final = {kind: str(n) for n, kind in enumerate(Competency.Kind.values, start=1)}

#: Every Cadre item type, by its deterministic identifier: (kind, type).
CADRE_ITEM_TYPES: Final = {
    item_type_identifier(item_type_code(kind=kind, type_=type_)): (kind, type_)
    for kind in Competency.Kind.values
    for type_ in ["", *Competency.Type.values]
}


def item_type_definition(*, kind: str, type_: str) -> dict[str, str]:
    """The CFItemTypes entry for one Cadre kind/type pair."""
    code = item_type_code(kind=kind, type_=type_)
    identifier = item_type_identifier(code)
    title = item_type_title(kind=kind, type_=type_)
    return {
        "identifier": str(identifier),
        "uri": case_uri("CFItemTypes", identifier),
        "title": title,
        "description": title,
        "hierarchyCode": _KIND_ORDER[kind],
        "typeCode": code,
    }


def parse_item_type_code(code: str) -> tuple[str, str] | None:
    """Read ``cadre:<kind>[:<type>]``; ``None`` when it is not one of Cadre's."""
    parts = code.split(":")
    if len(parts) not in (2, 3) or parts[0] != "cadre" or parts[1] not in Competency.Kind.values:
        return None
    type_ = parts[2] if len(parts) == 3 else ""
    if type_ and type_ not in Competency.Type.values:
        return None
    return parts[1], type_


_GROUP_WORDS: Final = ("domain", "cluster", "strand", "category", "group", "area", "unit", "section", "theme")
_INDICATOR_WORDS: Final = (
    "indicator",
    "benchmark",
    "behaviour",
    "behavior",
    "component",
    "element",
    "criterion",
)


def guess_kind(*, item_type: str, has_children: bool) -> str:
    """Guess a Cadre kind for a foreign CFItemType; the tree shape decides when the name does not."""
    name = item_type.lower()
    if any(word in name for word in _INDICATOR_WORDS):
        return Competency.Kind.INDICATOR
    if any(word in name for word in _GROUP_WORDS):
        return Competency.Kind.GROUP
    if not name and has_children:
        return Competency.Kind.GROUP
    return Competency.Kind.COMPETENCY


def case_uri(collection: str, identifier: uuid.UUID | str) -> str:
    """A URI for a CASE object: under ``CADRE_CASE_URI_BASE`` when set, else ``urn:uuid:``."""
    base = getattr(settings, "CADRE_CASE_URI_BASE", "")
    if base:
        return f"{base.rstrip('/')}/{collection}/{identifier}"
    return f"urn:uuid:{identifier}"


def derived_id(*parts: object) -> str:
    """A stable identifier for a CASE object Cadre does not store (association, rubric level)."""
    return str(uuid.uuid5(CADRE_NAMESPACE, "/".join(str(p) for p in parts)))
