"""Validate a CFDocument and its CFItems into the plan; unmodelled fields land in ``case_extra``."""

from __future__ import annotations

import copy
import uuid
from typing import Any

from django.utils.translation import gettext as _

from cadre.competencies.case.fields import join_extensions, opt_str, split_extensions, to_uuid
from cadre.competencies.case.plan import ItemPlan, PackagePlan, Problems
from cadre.competencies.case.reading import json_type
from cadre.competencies.case.vocab import (
    CADRE_ITEM_TYPES,
    DEFAULT_CREATOR,
    STATUS_TO_ADOPTION,
    status_from_adoption,
)
from cadre.competencies.models import Competency, Framework

#: CFDocument fields Cadre models (or regenerates on export); every other field is kept verbatim.
DOCUMENT_FIELDS = frozenset(
    {
        "identifier",
        "uri",
        "CFPackageURI",
        "title",
        "lastChangeDateTime",
        "description",
        "publisher",
        "language",
        "version",
        "caseVersion",
        "adoptionStatus",
        "creator",
        "extensions",
    }
)
#: Keys of ``Framework.case_extra`` that hold package-level data rather than CFDocument fields.
PACKAGE_KEYS = frozenset({"CFDefinitions", "CFAssociations", "CFRubrics", "CFPackage"})

ITEM_FIELDS = frozenset(
    {
        "identifier",
        "uri",
        "CFDocumentURI",
        "lastChangeDateTime",
        "fullStatement",
        "humanCodingScheme",
        "notes",
        "CFItemType",
        "CFItemTypeURI",
        "extensions",
    }
)

_TITLE_MAX = Competency._meta.get_field("title").max_length or 300
_CODE_MAX = Competency._meta.get_field("code").max_length or 40


def _max(field_name: str) -> int:
    return int(getattr(Framework._meta.get_field(field_name), "max_length", 0) or 0)


def plan_document(*, doc: Any, plan: PackagePlan, problems: Problems) -> None:
    path = "CFDocument"
    if doc is None:
        problems.add(path, _("required: a CFPackage has exactly one CFDocument"))
        return
    if not isinstance(doc, dict):
        problems.add(path, _("expected an object, got %(type)s") % {"type": json_type(doc)})
        return
    extra = {k: copy.deepcopy(v) for k, v in doc.items() if k not in DOCUMENT_FIELDS}
    others, cadre = split_extensions(doc, path, problems)

    raw_id = doc.get("identifier")
    if not isinstance(raw_id, str) or not raw_id.strip():
        problems.add(f"{path}.identifier", _("required: a non-empty string"))
    else:
        plan.doc_identifier, is_uuid = to_uuid(raw_id)
        if not is_uuid:
            cadre["sourceIdentifier"] = raw_id

    title = doc.get("title")
    if title is not None and not isinstance(title, str):
        problems.add(f"{path}.title", _("expected a string, got %(type)s") % {"type": json_type(title)})
    elif not title or not title.strip():
        problems.add(f"{path}.title", _("required: a non-empty string"))
    elif len(title) > _max("title"):
        problems.add(f"{path}.title", _("longer than %(max)s characters") % {"max": _max("title")})
    else:
        plan.title = title
    plan.description = opt_str(doc, "description", path, problems) or ""
    plan.version = opt_str(doc, "version", path, problems, max_len=_max("version")) or "1.0"
    plan.language = opt_str(doc, "language", path, problems, max_len=_max("language")) or "en"
    plan.publisher = opt_str(doc, "publisher", path, problems, max_len=_max("publisher")) or ""

    adoption = opt_str(doc, "adoptionStatus", path, problems)
    plan.status = status_from_adoption(adoption)
    if adoption and adoption != STATUS_TO_ADOPTION[Framework.Status(plan.status)]:
        extra["adoptionStatus"] = adoption
    creator = opt_str(doc, "creator", path, problems)
    if creator and creator != (plan.publisher or DEFAULT_CREATOR):
        extra["creator"] = creator

    raw_uri = doc.get("uri")
    uri = raw_uri if isinstance(raw_uri, str) else ""
    plan.case_version = "1.1" if doc.get("caseVersion") == "1.1" or "/v1p1/" in uri else "1.0"

    code = cadre.pop("code", None)
    if code is not None:
        if not isinstance(code, str) or not code.strip() or len(code) > _max("code"):
            problems.add(
                f"{path}.extensions.cadre.code",
                _("expected a code of 1 to %(max)s characters") % {"max": _max("code")},
            )
        else:
            plan.code = code
    extends = cadre.get("extends")
    if extends is not None:
        try:
            plan.extends = uuid.UUID(str(extends))
        except ValueError:
            problems.add(f"{path}.extensions.cadre.extends", _("expected a framework identifier (UUID)"))
    ext = join_extensions(others, cadre)
    if ext:
        extra["extensions"] = ext
    plan.case_extra.update(extra)


def plan_items(
    *,
    raw_items: list[Any],
    plan: PackagePlan,
    problems: Problems,
    cadre_types: dict[uuid.UUID, tuple[str, str]],
) -> None:
    """Read each CFItem; codes are assigned afterwards, once every identifier is known."""
    seen: dict[uuid.UUID, str] = {}
    wanted_codes: list[tuple[ItemPlan, str | None]] = []
    for index, raw in enumerate(raw_items):
        path = f"CFItems[{index}]"
        if not isinstance(raw, dict):
            problems.add(path, _("expected an object, got %(type)s") % {"type": json_type(raw)})
            continue
        item = _plan_item(raw=raw, path=path, problems=problems, cadre_types=cadre_types)
        if item is None:
            continue
        if item.identifier == plan.doc_identifier:
            problems.add(
                f"{path}.identifier",
                _("'%(identifier)s' is also the CFDocument identifier") % {"identifier": raw["identifier"]},
            )
            continue
        if item.identifier in seen:
            problems.add(
                f"{path}.identifier",
                _("duplicate identifier '%(identifier)s' (first used by %(first)s)")
                % {"identifier": raw["identifier"], "first": seen[item.identifier]},
            )
            continue
        seen[item.identifier] = path
        plan.items.append(item)
        hcs = raw.get("humanCodingScheme")
        wanted_codes.append((item, hcs if isinstance(hcs, str) else None))
    _assign_codes(wanted_codes)


def _plan_item(
    *, raw: dict[str, Any], path: str, problems: Problems, cadre_types: dict[uuid.UUID, tuple[str, str]]
) -> ItemPlan | None:
    before = len(problems.errors)
    extra = {k: copy.deepcopy(v) for k, v in raw.items() if k not in ITEM_FIELDS}
    others, cadre = split_extensions(raw, path, problems)
    raw_id = raw.get("identifier")
    identifier = None
    if not isinstance(raw_id, str) or not raw_id.strip():
        problems.add(f"{path}.identifier", _("required: a non-empty string"))
    else:
        identifier, is_uuid = to_uuid(raw_id)
        if not is_uuid:
            cadre["sourceIdentifier"] = raw_id
    full = raw.get("fullStatement")
    if not isinstance(full, str):
        reason = (
            _("required")
            if full is None
            else _("expected a string, got %(type)s") % {"type": json_type(full)}
        )
        problems.add(f"{path}.fullStatement", reason)
        full = ""
    opt_str(raw, "humanCodingScheme", path, problems)
    description = opt_str(raw, "notes", path, problems) or ""
    kind, type_ = _item_type(raw=raw, path=path, problems=problems, extra=extra, cadre_types=cadre_types)
    kind, type_ = _cadre_kind(cadre=cadre, path=path, problems=problems, kind=kind, type_=type_)
    if len(problems.errors) > before or identifier is None:
        return None

    # The title is the full statement; when that cannot serve (empty, too long) the full text is kept.
    title = full
    if not full.strip() or len(full) > _TITLE_MAX:
        abbreviated = raw.get("abbreviatedStatement")
        if isinstance(abbreviated, str) and abbreviated.strip() and len(abbreviated) <= _TITLE_MAX:
            title = abbreviated
        elif full.strip():
            title = full[: _TITLE_MAX - 1] + "…"
        else:
            title = str(raw.get("humanCodingScheme") or "") or "(untitled)"
        extra["fullStatement"] = full
    ext = join_extensions(others, cadre)
    if ext:
        extra["extensions"] = ext
    return ItemPlan(
        path=path,
        identifier=identifier,
        code="",
        title=title,
        description=description,
        kind=kind,
        type=type_,
        case_extra=extra,
    )


def _item_type(
    *,
    raw: dict[str, Any],
    path: str,
    problems: Problems,
    extra: dict[str, Any],
    cadre_types: dict[uuid.UUID, tuple[str, str]],
) -> tuple[str, str]:
    """Cadre's own item types give kind and type; a foreign CFItemType is kept and guessed later."""
    name = opt_str(raw, "CFItemType", path, problems)
    link = raw.get("CFItemTypeURI")
    if link is not None and not isinstance(link, dict):
        problems.add(
            f"{path}.CFItemTypeURI", _("expected an object, got %(type)s") % {"type": json_type(link)}
        )
        return "", ""
    if isinstance(link, dict):
        try:
            type_id = uuid.UUID(str(link.get("identifier")))
        except ValueError:
            type_id = None
        if type_id is not None:
            pair = CADRE_ITEM_TYPES.get(type_id) or cadre_types.get(type_id)
            if pair is not None:
                return pair
        extra["CFItemTypeURI"] = copy.deepcopy(link)
    if name is not None:
        extra["CFItemType"] = name
    return "", ""


def _cadre_kind(
    *, cadre: dict[str, Any], path: str, problems: Problems, kind: str, type_: str
) -> tuple[str, str]:
    """``extensions.cadre.kind/type`` (written when the CFItemType is a foreign one) take precedence."""
    if "kind" in cadre:
        value = cadre.pop("kind")
        if value not in Competency.Kind.values:
            problems.add(f"{path}.extensions.cadre.kind", _("unknown kind %(value)r") % {"value": value})
        else:
            kind = value
    if "type" in cadre:
        value = cadre.pop("type")
        if value != "" and value not in Competency.Type.values:
            problems.add(
                f"{path}.extensions.cadre.type", _("unknown competency type %(value)r") % {"value": value}
            )
        else:
            type_ = value
    return kind, type_


def _assign_codes(wanted: list[tuple[ItemPlan, str | None]]) -> None:
    """Use humanCodingScheme as the code where it fits and is unique; generate one from the UUID otherwise."""
    used: set[str] = set()
    pending: list[tuple[ItemPlan, str | None]] = []
    for item, hcs in wanted:
        if hcs is not None and hcs.strip() and len(hcs) <= _CODE_MAX and hcs not in used:
            item.code = hcs
            used.add(hcs)
            _ext(item).pop("generatedCode", None)
        else:
            pending.append((item, hcs))
    for item, hcs in pending:
        item.code = generated_code(item.identifier, used)
        used.add(item.code)
        _ext(item)["generatedCode"] = True
        if hcs is not None:
            item.case_extra["humanCodingScheme"] = hcs
    for item, _hcs in wanted:
        ext = item.case_extra.get("extensions", {})
        if ext.get("cadre") == {}:
            del ext["cadre"]
        if ext == {}:
            item.case_extra.pop("extensions", None)


def generated_code(identifier: uuid.UUID, used: set[str] | None = None) -> str:
    """A code derived from the identifier, so re-importing an export yields the same code."""
    for width in (8, 12, 32):
        code = f"ID-{identifier.hex[:width]}"
        if used is None or code not in used:
            return code
    return f"ID-{identifier.hex}"


def _ext(item: ItemPlan) -> dict[str, Any]:
    ext = item.case_extra.setdefault("extensions", {})
    cadre: dict[str, Any] = ext.setdefault("cadre", {})
    return cadre
