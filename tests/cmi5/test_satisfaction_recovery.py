"""Satisfaction is claimed together with its statements, and a missed evaluation is caught by the sweep."""

from __future__ import annotations

import pytest

from cadre.cmi5 import vocabulary as v
from cadre.cmi5.models import AssignableUnit, AuProgress, Registration
from cadre.cmi5.selectors import registrations_unclaimed
from cadre.cmi5.services.satisfaction import satisfaction_evaluate, satisfaction_sweep
from cadre.lrs.services import statement_index
from tests.cmi5.conftest import au_xml
from tests.cmi5.test_launch import statements_for
from tests.cmi5.test_rules import started

pytestmark = pytest.mark.django_db


def _completed_without_evaluation(world, move_on: str = "Completed") -> Registration:
    """An AU whose completed statement committed, then the process died before satisfaction ran."""
    started(world, au_xml("one", attrs=f'moveOn="{move_on}"'))
    registration = Registration.objects.get()
    AuProgress.objects.update_or_create(
        registration=registration, au=AssignableUnit.objects.get(), defaults={"completed": True}
    )
    return registration


def _satisfied(registration: Registration) -> list[dict]:
    return [s for s in statements_for(str(registration.code)) if s["verb"]["id"] == v.SATISFIED]


def test_when_the_satisfied_statements_cannot_be_stored_nothing_is_claimed(world, monkeypatch):
    # Given an AU completed whose satisfaction was not evaluated yet
    registration = _completed_without_evaluation(world)

    # When the LRS fails while storing the satisfied statements (after the claim ran in its transaction)
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(statement_index, "outbox_queue", broken)
    with pytest.raises(RuntimeError):
        satisfaction_evaluate(registration=registration)
    # Then neither the claim nor any statement is stored: the course is still open to be claimed
    registration.refresh_from_db()
    assert registration.satisfied_at is None
    assert registration.satisfied_blocks == []
    assert not AuProgress.objects.get().satisfied
    assert _satisfied(registration) == []
    assert list(registrations_unclaimed()) == [registration]


def test_the_sweep_claims_a_missed_satisfaction_once_with_its_statements(world):
    # Given an AU completed whose satisfaction evaluation never ran
    registration = _completed_without_evaluation(world)
    # When the periodic sweep runs, twice
    first = satisfaction_sweep()
    second = satisfaction_sweep()
    # Then the block and the course are satisfied once, each announced by one statement
    registration.refresh_from_db()
    assert (first, second) == (1, 0)
    assert registration.satisfied_at is not None
    assert AuProgress.objects.get().satisfied
    kinds = [s["object"]["definition"]["type"] for s in _satisfied(registration)]
    assert kinds == [v.TYPE_BLOCK, v.TYPE_COURSE]


def test_the_sweep_leaves_progress_that_does_not_meet_moveon_and_other_administrations(world):
    # Given an AU that needs a pass but was only completed
    registration = _completed_without_evaluation(world, move_on="Passed")
    # Then it is not a registration to sweep, and sweeping changes nothing
    assert list(registrations_unclaimed()) == []
    assert satisfaction_sweep() == 0
    # And a missed satisfaction of Alpha is not swept by a run for Beta
    AuProgress.objects.filter(registration=registration).update(passed=True)
    assert satisfaction_sweep(administration_id=world.b.administration.pk) == 0
    registration.refresh_from_db()
    assert registration.satisfied_at is None
    assert satisfaction_sweep(administration_id=world.a.administration.pk) == 1
