"""Officer search for pickers: a folded search key per officer, matched in one indexed column.

The key holds the names in both orders (with and without a space, so "山田太郎" and "Taro Yamada"
both match), their readings and the employee number, each folded by ``search_fold`` (NFKC, case,
Latin diacritics, katakana to hiragana). A query matches when every word of it is a substring of
the key, or of the name of the officer's unit; an employee number also matches as a prefix.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db import connection
from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import Length

from cadre.core.pickers import PickerOption, PickerResult, limited, search_fold, search_terms
from cadre.people.models import Officer
from cadre.people.names import officer_name, officer_reading
from cadre.people.selectors import officers_visible_to
from cadre.tenancy.access import MANAGERS, access_for
from cadre.tenancy.models import OrgUnit

_SEPARATOR = "|"


def _is_cjk(text: str) -> bool:
    return any(ord(c) >= 0x2E80 for c in text)


def _variants(family: str, given: str) -> list[str]:
    """Family name first, spaced and run together; a name in CJK script starts run together."""
    if not (family or given):
        return []
    together, spaced = f"{family}{given}", f"{family} {given}"
    # "given family" is not needed: each word of a query is matched on its own.
    return [together, spaced] if _is_cjk(together) else [spaced, together]


def _fold_join(parts: list[str], size: int) -> str:
    folded = (search_fold(p) for p in parts)
    return _SEPARATOR.join(p for p in dict.fromkeys(folded) if p)[:size]


def officer_search_key(officer: Officer) -> str:
    """The folded text a picker query is matched against: names, readings, employee number.

    It starts with the name as written (family name first), so a name typed from its start is an
    index range; ``officer_reading_key`` does the same for the reading.
    """
    family, given = officer.family_name.strip(), officer.given_name.strip()
    r_family, r_given = officer.family_name_reading.strip(), officer.given_name_reading.strip()
    return _fold_join(
        [*_variants(family, given), *_variants(r_family, r_given), officer.employee_number], 600
    )


def officer_reading_key(officer: Officer) -> str:
    """The folded reading (kana or Latin) alone, family name first, or "" when none is stored."""
    return _fold_join(_variants(officer.family_name_reading.strip(), officer.given_name_reading.strip()), 300)


def officer_keys_fill(officer: Officer) -> Officer:
    """Set the officer's derived search columns (``bulk_create`` and ``bulk_update`` skip ``save``)."""
    officer.search_key = officer_search_key(officer)
    officer.reading_key = officer_reading_key(officer)
    return officer


def officer_option(officer: Officer) -> PickerOption:
    """Name, employee number, unit and position: enough to tell two namesakes apart."""
    details = [officer.employee_number, officer.org_unit.name]
    if officer.position_id is not None and officer.position is not None:
        details.append(officer.position.title)
    return PickerOption(
        pk=officer.pk, label=officer_name(officer), details=tuple(details), reading=officer_reading(officer)
    )


_UNIT_CACHE: dict[tuple[int, ...], tuple[tuple[Any, ...], list[tuple[int, str, str]]]] = {}


def _folded_units(administration_ids: set[int]) -> list[tuple[int, str, str]]:
    """(id, folded name, folded code) of the administrations' units, folded once per change.

    Folding a thousand names costs more than the officer query itself, so the folded list is kept
    in memory and refolded when the units' count, highest id or total name length changes.
    """
    units = OrgUnit.objects.filter(administration_id__in=administration_ids)
    stamp = tuple(
        units.aggregate(
            n=Count("pk"), top=Max("pk"), names=Sum(Length("name")), codes=Sum(Length("code"))
        ).values()
    )
    key = tuple(sorted(administration_ids))
    cached = _UNIT_CACHE.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    folded = [
        (pk, search_fold(name), search_fold(code))
        for pk, name, code in units.values_list("pk", "name", "code")
    ]
    if len(_UNIT_CACHE) > 64:
        _UNIT_CACHE.clear()
    _UNIT_CACHE[key] = (stamp, folded)
    return folded


def _units_matching(*, units: list[tuple[int, str, str]], term: str) -> list[int]:
    """Units whose folded name contains ``term`` or whose code is ``term``."""
    return [pk for pk, name, code in units if term in name or term == code]


def _scope_parts(*, user: Any) -> list[Q]:
    """The grants of ``officers_visible_to`` as join-free filters on officer columns.

    Each part filters on an indexed column of the officer row itself (administration, org unit,
    user), so a query per part walks the (administration, search_key) index in key order and stops
    after ``limit + 1`` matches; one query ORing them (with joins to the unit) would scan and sort.
    """
    access = access_for(user)
    parts = []
    managed = access.administration_ids(MANAGERS)
    if managed:
        parts.append(Q(administration_id__in=managed))
    subtree = Q(pk__in=[])
    for administration_id, paths in access.supervised_paths.items():
        for path in paths:
            subtree |= Q(administration_id=administration_id, path__startswith=path)
    unit_ids = (
        list(OrgUnit.objects.filter(subtree).values_list("pk", flat=True)) if access.supervised_paths else []
    )
    if unit_ids:
        parts.append(Q(org_unit_id__in=unit_ids))
    parts.append(Q(user_id=user.pk))
    return parts


def _starts_with(column: str, prefix: str) -> Q:
    """Keys that start with ``prefix``, as an index range.

    The key columns sort by code point on both databases (SQLite's BINARY, PostgreSQL's "C"
    collation set by the migration), so a range is exact; LIKE 'x%' could use no index on SQLite
    (its LIKE ignores ASCII case). The employee number keeps PostgreSQL's default collation: there
    LIKE 'x%' uses the number's pattern_ops index.
    """
    if column == "employee_number" and connection.vendor == "postgresql":
        return Q(employee_number__startswith=prefix)
    return Q(**{f"{column}__gte": prefix, f"{column}__lt": prefix + "\U0010ffff"})


#: Matches PostgreSQL returns, unordered, for a scan stage (sorted here; see ``_first_matches``).
CANDIDATES = 400


def _first_matches(parts: list[Q], match: Q, *, limit: int, order: str = "search_key") -> list[int]:
    """Ids of the first ``limit + 1`` officers in key order matching ``match`` under any grant."""
    found: dict[int, str] = {}
    # Ordered by the key: on SQLite the (administration, key) index gives the order and the scan
    # stops after ``limit + 1`` matches. PostgreSQL, given ORDER BY and LIMIT, walks that index in
    # order even when the trigram or pattern index would find the few matches at once, so a scan
    # stage (substring, employee number) asks it for up to CANDIDATES matches in no order.
    in_sql = connection.vendor != "postgresql" or (
        order in ("search_key", "reading_key") and _is_range(match)
    )
    for part in parts:
        rows = Officer.objects.filter(part, match).values_list("pk", order)
        found.update(rows.order_by(order, "pk")[: limit + 1] if in_sql else rows.order_by()[:CANDIDATES])
    return sorted(found, key=lambda pk: (found[pk], pk))[: limit + 1]


def _is_range(condition: Q) -> bool:
    """Whether ``condition`` starts with a key range (a prefix stage), not a substring scan."""
    return any(isinstance(child, tuple) and child[0].endswith("__gte") for child in condition.children)


def officers_search(*, user: Any, query: str, limit: int) -> PickerResult:
    """Officers the caller may see whose name (any script), employee number or unit matches ``query``."""
    terms = search_terms(query)
    if not terms or not getattr(user, "is_authenticated", False):
        return PickerResult(options=[])
    access = access_for(user)
    administration_ids = access.administration_ids(MANAGERS) | set(access.supervised_paths)
    folded_units = _folded_units(administration_ids) if administration_ids else []
    match = Q()
    for term in terms:
        units = _units_matching(units=folded_units, term=term)
        match &= (
            Q(search_key__contains=term) | Q(org_unit_id__in=units) if units else Q(search_key__contains=term)
        )
    # Cheapest first, each an index range in its own order: the employee number, then the name and
    # its reading typed from their start (the whole query, then its first word with the others
    # contained anywhere); only if those do not fill the list, every key containing each word (a
    # scan of the key index, stopped after ``limit + 1`` matches).
    prefix = " ".join(terms)
    stages = [
        (_starts_with("search_key", prefix), "search_key"),
        (_starts_with("reading_key", prefix), "reading_key"),
    ]
    if len(terms) > 1:
        stages += [
            (_starts_with("search_key", terms[0]) & match, "search_key"),
            (_starts_with("reading_key", terms[0]) & match, "reading_key"),
        ]
    number = unicodedata.normalize("NFKC", query).strip().upper()
    if len(terms) == 1:
        stages.insert(0, (_starts_with("employee_number", number), "employee_number"))
    parts = _scope_parts(user=user)
    first: list[int] = []
    for condition, order in stages:
        if len(first) > limit:
            break
        found = _first_matches(parts, condition, limit=limit, order=order)
        first = (first + [pk for pk in found if pk not in first])[: limit + 1]
    # A number typed from its start found its officers: the scan would only add numbers containing it.
    typed_a_number = bool(first) and any(c.isdigit() for c in number)
    if len(first) <= limit and not typed_a_number:
        found = _first_matches(parts, match, limit=limit)
        first = (first + [pk for pk in found if pk not in first])[: limit + 1]
    # The page's rows come through the one scoped selector: it alone decides who may be seen.
    by_pk = officers_visible_to(user=user).in_bulk(first)
    return limited([by_pk[pk] for pk in first if pk in by_pk], limit=limit, describe=officer_option)
