"""Parse and validate a cmi5 course structure (cmi5.xml) against the CourseStructure.xsd rules.

The stdlib parser is used with DTDs refused outright (no entity expansion, no external entities):
a course structure never needs a DOCTYPE. The XSD's rules are checked by hand, element by
element, so every refusal names the element or attribute at fault: the order and cardinality of
children, required attributes, enumerations, the masteryScore range, IRIs, AU URLs and the
identifier uniqueness the specification adds (section 13.1). Leading and trailing whitespace is
removed from every value (13.1).
"""

from __future__ import annotations

import re
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.parsers import expat

from cadre.core.errors import DomainError, FieldError

NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
MOVE_ON = ("NotApplicable", "Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed")
LAUNCH_METHODS = ("AnyWindow", "OwnWindow")
#: Launch parameter names the LMS adds (8.1): an AU URL's own query must not use them.
RESERVED_PARAMS = ("endpoint", "fetch", "actor", "registration", "activityId")
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_BAD_URL_CHARS = re.compile(r"[\s<>\"{}|\\^`]")
_LANGUAGE = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")


class StructureError(DomainError):
    """The package is not a valid cmi5 course structure; ``errors`` name what is wrong."""


def _refuse(where: str, reason: str) -> StructureError:
    return StructureError(
        "Not a valid cmi5 course package", [FieldError(where, reason)], code="cmi5_package.invalid"
    )


@dataclass
class AuSpec:
    publisher_id: str
    title: str
    description: str
    url: str
    launch_method: str = "AnyWindow"
    move_on: str = "NotApplicable"
    mastery_score: Decimal | None = None
    launch_parameters: str = ""
    entitlement_key: str = ""
    activity_type: str = ""
    objectives: list[str] = field(default_factory=list)
    block_index: int | None = None


@dataclass
class BlockSpec:
    publisher_id: str
    title: str
    description: str
    parent_index: int | None
    objectives: list[str] = field(default_factory=list)


@dataclass
class CourseSpec:
    publisher_id: str
    title: str
    description: str
    titles: dict[str, str]
    objectives: dict[str, str]
    blocks: list[BlockSpec]
    aus: list[AuSpec]


def is_absolute_url(url: str) -> bool:
    return bool(_SCHEME.match(url))


def _local(tag: Any) -> tuple[str, str]:
    if not isinstance(tag, str):
        return "", ""  # a comment or processing instruction
    if tag.startswith("{"):
        ns, _, name = tag[1:].partition("}")
        return ns, name
    return "", tag


def _children(el: ET.Element) -> list[ET.Element]:
    """Child elements in the cmi5 namespace; elements of another namespace are extensions (13.1.5)."""
    kept = []
    for child in el:
        ns, name = _local(child.tag)
        if not name:
            continue
        if ns == NS:
            kept.append(child)
        elif ns == "":
            raise _refuse(name, "is not an element of the cmi5 course structure namespace")
    return kept


def _attributes(el: ET.Element, where: str, allowed: set[str]) -> None:
    for name in el.attrib:
        ns, local = _local(name)
        if ns == "" and local not in allowed:
            raise _refuse(f"{where}@{local}", "is not an attribute the course structure allows")


def _text(el: ET.Element | None) -> str:
    return (el.text or "").strip() if el is not None else ""


def _iri(value: str | None, where: str) -> str:
    value = (value or "").strip()
    if not value:
        raise _refuse(where, "is required")
    if not _IRI.match(value):
        raise _refuse(where, f"must be an absolute IRI (got {value[:200]!r})")
    return value


def _langstrings(el: ET.Element, where: str) -> dict[str, str]:
    _attributes(el, where, set())
    values: dict[str, str] = {}
    for child in _children(el):
        _, name = _local(child.tag)
        if name != "langstring":
            raise _refuse(f"{where}/{name}", "only langstring elements are allowed here")
        _attributes(child, f"{where}/langstring", {"lang"})
        lang = (child.get("lang") or "").strip()
        if lang and not _LANGUAGE.match(lang):
            raise _refuse(f"{where}/langstring@lang", f"is not a language tag ({lang!r})")
        values.setdefault(lang, _text(child))
    if not values:
        raise _refuse(where, "needs at least one langstring")
    return values


def _pick(values: dict[str, str]) -> str:
    for lang in ("en", "en-US", "en-GB", ""):
        if values.get(lang):
            return values[lang]
    return next(iter(values.values()))


def _title_description(parts: list[ET.Element], where: str) -> tuple[dict[str, str], dict[str, str], int]:
    names = [_local(p.tag)[1] for p in parts]
    if len(names) < 2 or names[0] != "title" or names[1] != "description":
        raise _refuse(where, "must start with title then description")
    return _langstrings(parts[0], f"{where}/title"), _langstrings(parts[1], f"{where}/description"), 2


class _Reader:
    def __init__(self) -> None:
        self.objectives: dict[str, str] = {}
        self.blocks: list[BlockSpec] = []
        self.aus: list[AuSpec] = []
        self.ids: dict[str, str] = {}

    def _unique(self, value: str, where: str) -> None:
        if value in self.ids:
            raise _refuse(where, f"duplicates the id of {self.ids[value]} ({value})")
        self.ids[value] = where

    def course(self, root: ET.Element) -> CourseSpec:
        _attributes(root, "courseStructure", set())
        parts = _children(root)
        if not parts or _local(parts[0].tag)[1] != "course":
            raise _refuse("courseStructure", "must start with a course element")
        course_el = parts[0]
        _attributes(course_el, "course", {"id"})
        publisher_id = _iri(course_el.get("id"), "course@id")
        self._unique(publisher_id, "course")
        inner = _children(course_el)
        titles, descriptions, used = _title_description(inner, "course")
        if inner[used:]:
            raise _refuse(f"course/{_local(inner[used].tag)[1]}", "is not allowed in course")
        rest = parts[1:]
        if rest and _local(rest[0].tag)[1] == "objectives":
            self._objectives(rest[0])
            rest = rest[1:]
        if not rest:
            raise _refuse("courseStructure", "needs at least one au or block")
        for el in rest:
            self._member(el, "courseStructure", parent=None)
        return CourseSpec(
            publisher_id=publisher_id,
            title=_pick(titles),
            description=_pick(descriptions),
            titles=titles,
            objectives=self.objectives,
            blocks=self.blocks,
            aus=self.aus,
        )

    def _objectives(self, el: ET.Element) -> None:
        _attributes(el, "objectives", set())
        items = _children(el)
        if not items:
            raise _refuse("objectives", "needs at least one objective")
        for item in items:
            if _local(item.tag)[1] != "objective":
                raise _refuse(f"objectives/{_local(item.tag)[1]}", "only objective elements are allowed here")
            _attributes(item, "objective", {"id"})
            objective_id = _iri(item.get("id"), "objective@id")
            self._unique(objective_id, f"objective {objective_id}")
            parts = {_local(p.tag)[1]: p for p in _children(item)}
            if set(parts) != {"title", "description"} or len(_children(item)) != 2:
                raise _refuse(f"objective {objective_id}", "needs exactly one title and one description")
            self.objectives[objective_id] = _pick(_langstrings(parts["title"], "objective/title"))

    def _references(self, el: ET.Element, where: str) -> list[str]:
        _attributes(el, f"{where}/objectives", set())
        refs = []
        items = _children(el)
        if not items:
            raise _refuse(f"{where}/objectives", "needs at least one objective reference")
        for item in items:
            if _local(item.tag)[1] != "objective":
                raise _refuse(f"{where}/objectives", "only objective references are allowed here")
            _attributes(item, f"{where}/objectives/objective", {"idref"})
            ref = _iri(item.get("idref"), f"{where}/objectives/objective@idref")
            if ref not in self.objectives:
                raise _refuse(
                    f"{where}/objectives/objective@idref", f"names no objective of the course ({ref})"
                )
            refs.append(ref)
        return refs

    def _member(self, el: ET.Element, where: str, *, parent: int | None) -> None:
        name = _local(el.tag)[1]
        if name == "au":
            self._au(el, parent)
        elif name == "block":
            self._block(el, parent)
        else:
            raise _refuse(f"{where}/{name}", "is not allowed here (expected au or block)")

    def _block(self, el: ET.Element, parent: int | None) -> None:
        _attributes(el, "block", {"id"})
        publisher_id = _iri(el.get("id"), "block@id")
        where = f"block {publisher_id}"
        self._unique(publisher_id, where)
        parts = _children(el)
        titles, descriptions, used = _title_description(parts, where)
        objectives: list[str] = []
        if len(parts) > used and _local(parts[used].tag)[1] == "objectives":
            objectives = self._references(parts[used], where)
            used += 1
        members = parts[used:]
        if not members:
            raise _refuse(where, "needs at least one au or block")
        index = len(self.blocks)
        self.blocks.append(
            BlockSpec(
                publisher_id=publisher_id,
                title=_pick(titles),
                description=_pick(descriptions),
                parent_index=parent,
                objectives=objectives,
            )
        )
        for member in members:
            self._member(member, where, parent=index)

    def _au(self, el: ET.Element, block: int | None) -> None:
        _attributes(el, "au", {"id", "moveOn", "masteryScore", "launchMethod", "activityType"})
        publisher_id = _iri(el.get("id"), "au@id")
        where = f"au {publisher_id}"
        self._unique(publisher_id, where)
        move_on = (el.get("moveOn") or "NotApplicable").strip()
        if move_on not in MOVE_ON:
            raise _refuse(f"{where}@moveOn", f"must be one of {', '.join(MOVE_ON)}")
        launch_method = (el.get("launchMethod") or "AnyWindow").strip()
        if launch_method not in LAUNCH_METHODS:
            raise _refuse(f"{where}@launchMethod", f"must be one of {', '.join(LAUNCH_METHODS)}")
        mastery = _mastery(el.get("masteryScore"), f"{where}@masteryScore")
        parts = _children(el)
        titles, descriptions, used = _title_description(parts, where)
        objectives: list[str] = []
        if len(parts) > used and _local(parts[used].tag)[1] == "objectives":
            objectives = self._references(parts[used], where)
            used += 1
        if len(parts) <= used or _local(parts[used].tag)[1] != "url":
            raise _refuse(f"{where}/url", "is required after title, description and objectives")
        url = _url(_text(parts[used]), f"{where}/url")
        used += 1
        optional: dict[str, str] = {}
        for name in ("launchParameters", "entitlementKey"):
            if len(parts) > used and _local(parts[used].tag)[1] == name:
                optional[name] = _text(parts[used])
                used += 1
        if parts[used:]:
            raise _refuse(f"{where}/{_local(parts[used].tag)[1]}", "is not allowed here in an au")
        self.aus.append(
            AuSpec(
                publisher_id=publisher_id,
                title=_pick(titles),
                description=_pick(descriptions),
                url=url,
                launch_method=launch_method,
                move_on=move_on,
                mastery_score=mastery,
                launch_parameters=optional.get("launchParameters", ""),
                entitlement_key=optional.get("entitlementKey", ""),
                activity_type=(el.get("activityType") or "").strip(),
                objectives=objectives,
                block_index=block,
            )
        )


def _mastery(raw: str | None, where: str) -> Decimal | None:
    if raw is None:
        return None
    try:
        value = Decimal(raw.strip())
    except InvalidOperation as exc:
        raise _refuse(where, "must be a decimal number") from exc
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(1):
        raise _refuse(where, "must be between 0 and 1")
    if value != value.quantize(Decimal("0.0001")):
        raise _refuse(where, "has more than 4 decimal places")
    return value


def _url(url: str, where: str) -> str:
    if not url:
        raise _refuse(where, "is required")
    if _BAD_URL_CHARS.search(url):
        raise _refuse(where, f"is not a valid URL ({url[:200]!r})")
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError as exc:
        raise _refuse(where, f"is not a valid URL ({exc})") from exc
    if parts.scheme in {"http", "https"} and not parts.netloc:
        raise _refuse(where, "needs a host")
    query = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
    clash = [name for name in RESERVED_PARAMS if name in query]
    if clash:
        raise _refuse(where, f"its query uses the launch parameter {clash[0]!r} the LMS adds")
    return url


def _refuse_dtd(*_: Any) -> int:
    raise _refuse("cmi5.xml", "must not contain a DOCTYPE or entity declarations")


def parse_course_structure(data: bytes) -> CourseSpec:
    """Parse cmi5.xml bytes into a validated course; ``StructureError`` names what is wrong."""
    guard = expat.ParserCreate()
    guard.StartDoctypeDeclHandler = _refuse_dtd
    guard.EntityDeclHandler = _refuse_dtd
    guard.ExternalEntityRefHandler = _refuse_dtd
    try:
        guard.Parse(data, True)  # a first pass that only refuses DTDs and entities
        root = ET.fromstring(data)  # noqa: S314 - no DTD or entity left to expand
    except (ET.ParseError, expat.ExpatError) as exc:
        raise _refuse("cmi5.xml", f"is not well-formed XML ({exc})") from exc
    ns, name = _local(root.tag)
    if name != "courseStructure" or ns != NS:
        raise _refuse("courseStructure", f"the root element must be courseStructure in the namespace {NS}")
    return _Reader().course(root)
