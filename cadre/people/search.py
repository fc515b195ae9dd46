"""Officer search for pickers: a folded search key per officer, matched in one indexed column.

The key holds the names in both orders (with and without a space, so "山田太郎" and "Taro Yamada"
both match), their readings and the employee number, each folded by ``search_fold`` (NFKC, case,
Latin diacritics, katakana to hiragana). A query matches when every word of it is a substring of
the key, or of the name of the officer's unit; an employee number also matches as a prefix.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from cadre.core.pickers import PickerOption, PickerResult, limited, search_fold, search_terms
from cadre.core.scoping import MANAGERS, access_for
from cadre.people.models import Officer
from cadre.people.names import officer_name, officer_reading
from cadre.people.selectors import officers_visible_to
from cadre.tenancy.models import OrgUnit

_SEPARATOR = "|"


def officer_search_key(officer: Officer) -> str:
    """The folded text a picker query is matched against."""
    family, given = officer.family_name.strip(), officer.given_name.strip()
    r_family, r_given = officer.family_name_reading.strip(), officer.given_name_reading.strip()
    parts = [
        f"{family} {given}",
        f"{given} {family}",
        f"{family}{given}",
        f"{r_family} {r_given}",
        f"{r_given} {r_family}",
        f"{r_family}{r_given}",
        officer.employee_number,
    ]
    folded = [search_fold(p) for p in parts]
    return _SEPARATOR.join(p for p in dict.fromkeys(folded) if p)[:600]


def officer_option(officer: Officer) -> PickerOption:
    """Name, employee number, unit and position: enough to tell two namesakes apart."""
    details = [officer.employee_number, officer.org_unit.name]
    if officer.position_id is not None:
        details.append(officer.position.title)
    return PickerOption(
        pk=officer.pk, label=officer_name(officer), details=tuple(details), reading=officer_reading(officer)
    )


def _units_matching(*, administration_ids: set[int], term: str) -> list[int]:
    """Units (of the caller's administrations) whose folded name or code contains ``term``."""
    rows = OrgUnit.objects.filter(administration_id__in=administration_ids).values_list("pk", "name", "code")
    return [pk for pk, name, code in rows if term in search_fold(name) or term == search_fold(code)]


def officers_search(*, user: Any, query: str, limit: int) -> PickerResult:
    """Officers the caller may see whose name (any script), employee number or unit matches ``query``."""
    terms = search_terms(query)
    if not terms:
        return PickerResult(options=[])
    visible = officers_visible_to(user=user)
    access = access_for(user)
    administration_ids = access.administration_ids(MANAGERS) | set(access.supervised_paths)
    q = Q()
    for term in terms:
        units = _units_matching(administration_ids=administration_ids, term=term)
        q &= (
            Q(search_key__contains=term) | Q(org_unit_id__in=units) if units else Q(search_key__contains=term)
        )
    # Ordered by the key itself, which starts with "family given": the (administration, key) index
    # gives the order, so the database stops after ``limit + 1`` matches instead of sorting them all.
    rows = visible.filter(q).order_by("search_key", "pk")
    return limited(rows, limit=limit, describe=officer_option)
