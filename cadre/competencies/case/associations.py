"""Validate CFAssociations: the isChildOf tree, the mappings Cadre models, and the rest kept verbatim.

Rules (also the documented import policy):

* ``isChildOf`` must join two things of this package (an item to an item or to the CFDocument);
  anything else is a dangling association and rejects the package. Cycles reject it too. An item
  with several parents keeps the first as its tree parent; the others are kept verbatim.
* ``exactMatchOf``, ``isRelatedTo`` and ``isPartOf`` between items become CompetencyMappings. One
  end may be outside the package (identified by a URI): the importer then looks the item up among
  the frameworks the owner may see, and keeps the association verbatim in ``case_extra`` when it
  is not found there.
* Any other association is kept verbatim, provided at least one end is in the package; an
  association with neither end in the package is dangling and rejects the package.
"""

from __future__ import annotations

import copy
import uuid
from collections import deque
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from cadre.competencies.case.fields import as_uuid, split_extensions, to_uuid
from cadre.competencies.case.plan import ItemPlan, MappingPlan, PackagePlan, Problems
from cadre.competencies.case.reading import json_type
from cadre.competencies.case.vocab import (
    ASSOCIATION_TYPES,
    EXACT_MATCH_OF,
    IS_CHILD_OF,
    IS_PART_OF,
    MAPPING_TYPES,
    guess_kind,
)
from cadre.competencies.models import CompetencyMapping

#: Deepest competency tree accepted: real frameworks have 3 to 6 levels; a 3,000-deep chain used to
#: import and then break every page that drew the tree.
MAX_TREE_DEPTH = 32

_INT32_MAX = 2**31 - 1


@dataclass(frozen=True)
class End:
    """One end of an association: the document, an item of the package, or something outside."""

    where: str  # "doc" | "item" | "external"
    identifier: uuid.UUID | None
    raw: str


@dataclass(frozen=True)
class Edge:
    child: uuid.UUID
    parent: uuid.UUID | None  # None: the CFDocument
    sequence: int | None
    association: dict[str, Any]


def plan_associations(*, raw_associations: list[Any], plan: PackagePlan, problems: Problems) -> None:
    items = {item.identifier: item for item in plan.items}
    edges: list[Edge] = []
    for index, raw in enumerate(raw_associations):
        path = f"CFAssociations[{index}]"
        if not isinstance(raw, dict):
            problems.add(path, _("expected an object, got %(type)s") % {"type": json_type(raw)})
            continue
        _plan_one(raw=raw, path=path, plan=plan, items=items, edges=edges, problems=problems)
    _plan_tree(edges=edges, plan=plan, items=items, problems=problems)


def _plan_one(
    *,
    raw: dict[str, Any],
    path: str,
    plan: PackagePlan,
    items: dict[uuid.UUID, ItemPlan],
    edges: list[Edge],
    problems: Problems,
) -> None:
    before = len(problems.errors)
    kind = raw.get("associationType")
    if not isinstance(kind, str) or not (kind in ASSOCIATION_TYPES or kind.startswith("ext:")):
        problems.add(f"{path}.associationType", _("unknown association type %(kind)r") % {"kind": kind})
    origin = _end(raw, "originNodeURI", path, plan, items, problems)
    destination = _end(raw, "destinationNodeURI", path, plan, items, problems)
    sequence = raw.get("sequenceNumber")
    if isinstance(sequence, str) and sequence.strip().isdigit():
        sequence = int(sequence)  # early OpenSALT exports wrote it as a string
    if sequence is not None and (
        isinstance(sequence, bool) or not isinstance(sequence, int) or not 0 <= sequence <= _INT32_MAX
    ):
        problems.add(f"{path}.sequenceNumber", _("expected a non-negative integer"))
    _raw, cadre = split_extensions(raw, path, problems)
    if len(problems.errors) > before or origin is None or destination is None:
        return
    ident = raw.get("identifier", "")

    if kind == IS_CHILD_OF:
        if origin.where != "item":
            what = _("the CFDocument") if origin.where == "doc" else _("not in this package")
            problems.add(
                f"{path}.originNodeURI",
                _("isChildOf %(ident)s starts at '%(origin)s', which is %(what)s")
                % {"ident": ident, "origin": origin.raw, "what": what},
            )
        elif destination.where == "external":
            problems.add(
                f"{path}.destinationNodeURI",
                _("isChildOf %(ident)s points to '%(destination)s', which is not in this package")
                % {"ident": ident, "destination": destination.raw},
            )
        else:
            assert origin.identifier is not None
            parent = None if destination.where == "doc" else destination.identifier
            edges.append(Edge(origin.identifier, parent, sequence, raw))
        return
    if origin.where == "external" and destination.where == "external":
        problems.add(
            path,
            _(
                "association %(ident)s joins '%(origin)s' and '%(destination)s', neither of which is in this package"
            )
            % {"ident": ident, "origin": origin.raw, "destination": destination.raw},
        )
        return
    if kind in MAPPING_TYPES and "doc" not in (origin.where, destination.where):
        mapping = _mapping(kind, origin, destination, cadre, path, raw)
        if mapping is not None:
            if mapping.source == mapping.target and mapping.target_internal:
                problems.add(
                    path,
                    _("association %(ident)s maps '%(origin)s' to itself")
                    % {"ident": ident, "origin": origin.raw},
                )
            else:
                plan.mappings.append(mapping)
            return
    plan.kept_associations.append(internalise(raw, plan, items))


def _end(
    raw: dict[str, Any],
    key: str,
    path: str,
    plan: PackagePlan,
    items: dict[uuid.UUID, ItemPlan],
    problems: Problems,
) -> End | None:
    link = raw.get(key)
    if not isinstance(link, dict):
        reason = (
            _("required")
            if link is None
            else _("expected an object, got %(type)s") % {"type": json_type(link)}
        )
        problems.add(f"{path}.{key}", reason)
        return None
    ident = link.get("identifier")
    if not isinstance(ident, str) or not ident.strip():
        problems.add(f"{path}.{key}.identifier", _("required: a non-empty string"))
        return None
    value, _uri = to_uuid(ident)
    if value == plan.doc_identifier:
        return End("doc", value, ident)
    if value in items:
        return End("item", value, ident)
    uri = link.get("uri")
    if not isinstance(uri, str) or ":" not in uri:
        problems.add(
            f"{path}.{key}",
            _("refers to unknown item '%(ident)s' (dangling: not in this package, no URI)")
            % {"ident": ident},
        )
        return None
    return End("external", as_uuid(ident), ident)


def _mapping(
    kind: str,
    origin: End,
    destination: End,
    cadre: dict[str, Any],
    path: str,
    raw: dict[str, Any],
) -> MappingPlan | None:
    """Read a mapping association the way Cadre wrote it; ``None`` when it cannot become a mapping."""
    flagged = cadre.get("relation")
    if kind == IS_PART_OF:
        # The origin is part of the destination: origin narrower. Cadre writes "broader" mappings
        # reversed and flagged; an unflagged one with only its destination here reads the same way.
        broader = flagged == CompetencyMapping.Relation.BROADER or origin.where == "external"
        source, target = (destination, origin) if broader else (origin, destination)
        relation = CompetencyMapping.Relation.BROADER if broader else CompetencyMapping.Relation.NARROWER
    else:
        # exactMatchOf and isRelatedTo are symmetric: the end in the package is the source.
        source, target = (origin, destination) if origin.where == "item" else (destination, origin)
        relation = (
            CompetencyMapping.Relation.EXACT if kind == EXACT_MATCH_OF else CompetencyMapping.Relation.RELATED
        )
    if source.where != "item" or source.identifier is None or target.identifier is None:
        return None
    return MappingPlan(
        path=path,
        source=source.identifier,
        target=target.identifier,
        target_internal=target.where == "item",
        target_framework=as_uuid(cadre.get("targetFramework")),
        relation=relation,
        association=raw,
    )


def internalise(raw: dict[str, Any], plan: PackagePlan, items: dict[uuid.UUID, ItemPlan]) -> dict[str, Any]:
    """Copy an association; an end in the package keeps only its Cadre identifier (export relinks it)."""
    kept = copy.deepcopy(raw)
    for key in ("originNodeURI", "destinationNodeURI"):
        link = kept.get(key)
        if isinstance(link, dict) and isinstance(link.get("identifier"), str):
            value, _uri = to_uuid(link["identifier"])
            if value == plan.doc_identifier or value in items:
                kept[key] = {"identifier": str(value)}
    return kept


def _plan_tree(
    *, edges: list[Edge], plan: PackagePlan, items: dict[uuid.UUID, ItemPlan], problems: Problems
) -> None:
    parents: dict[uuid.UUID, list[uuid.UUID]] = {}
    chosen: dict[uuid.UUID, Edge] = {}
    for edge in edges:
        if edge.parent is not None:
            parents.setdefault(edge.child, []).append(edge.parent)
        if edge.child in chosen:
            plan.kept_associations.append(internalise(edge.association, plan, items))
            plan.warnings.append(
                f"{items[edge.child].code or edge.child}: extra parent kept as an association"
            )
        else:
            chosen[edge.child] = edge
    cycles = _cycles(parents)
    for cycle in cycles:
        first = items[cycle[0]]
        problems.add(
            f"{first.path}",
            _("isChildOf cycle: %(cycle)s") % {"cycle": " → ".join(str(node) for node in cycle)},
        )
    if cycles:
        return

    children: dict[uuid.UUID | None, list[ItemPlan]] = {}
    for item in plan.items:
        tree_edge = chosen.get(item.identifier)
        item.parent = tree_edge.parent if tree_edge else None
        item.sequence = tree_edge.sequence if tree_edge and tree_edge.sequence is not None else -1
        children.setdefault(item.parent, []).append(item)
    ordered: list[ItemPlan] = []
    queue: deque[tuple[uuid.UUID | None, int]] = deque([(None, 0)])
    while queue:
        parent, depth = queue.popleft()
        siblings = children.get(parent, [])
        if siblings and depth >= MAX_TREE_DEPTH:
            problems.add(
                siblings[0].path,
                _("isChildOf chain deeper than %(max)s levels at '%(ident)s'")
                % {"max": MAX_TREE_DEPTH, "ident": siblings[0].identifier},
            )
            return
        for ordinal, item in enumerate(siblings, start=1):
            if item.sequence < 0:
                item.sequence = ordinal
            if not item.kind:
                item.kind = guess_kind(
                    item_type=str(item.case_extra.get("CFItemType", "")),
                    has_children=item.identifier in children,
                )
            ordered.append(item)
            queue.append((item.identifier, depth + 1))
    plan.items = ordered


def _cycles(parents: dict[uuid.UUID, list[uuid.UUID]]) -> list[list[uuid.UUID]]:
    """Every cycle of the child→parent graph, each once, found without recursion."""
    state: dict[uuid.UUID, int] = {}  # 1: on the current path, 2: done
    found: list[list[uuid.UUID]] = []
    for start in parents:
        if state.get(start):
            continue
        path = [start]
        stack = [iter(parents.get(start, []))]
        state[start] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            if state.get(nxt) == 1:
                found.append([*path[path.index(nxt) :], nxt])
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(parents.get(nxt, [])))
    return found
