"""Two demo loads into two empty databases store the same data."""

from __future__ import annotations

import pytest
from django.db import transaction

from cadre.competencies.models import Assessment
from cadre.demo.data import demo_load
from cadre.people.models import Officer
from cadre.tenancy.models import Administration
from tests.demo.conftest import SMALL_DEMO


class RolledBackError(Exception):
    """Carries a description out of a transaction that must not commit."""


def _load_and_describe() -> tuple[list, list]:
    """Load into the empty test database, describe what was stored, then roll it all back."""
    try:
        with transaction.atomic():
            demo_load(size=SMALL_DEMO)
            officers = list(
                Officer.objects.order_by("administration__code", "employee_number").values_list(
                    "administration__code", "employee_number", "given_name", "family_name", "org_unit__code"
                )
            )
            levels = list(
                Assessment.objects.order_by(
                    "officer__administration__code",
                    "officer__employee_number",
                    "competency__code",
                    "assessed_on",
                    "source",
                    "level",
                ).values_list(
                    "officer__employee_number", "competency__code", "level", "source", "assessed_on"
                )
            )
            raise RolledBackError(officers, levels)
    except RolledBackError as done:
        return done.args[0], done.args[1]


@pytest.mark.django_db
def test_two_loads_into_empty_databases_are_identical():
    # given two loads, each into an empty database
    first = _load_and_describe()
    assert not Administration.objects.exists()
    second = _load_and_describe()
    # then they hold the same officers and the same assessment levels
    assert first[0] == second[0]
    assert first[1] == second[1]
    assert len(first[0]) > 300
    assert len(first[1]) > 1000
