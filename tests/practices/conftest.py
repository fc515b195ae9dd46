from __future__ import annotations

from typing import Any

import pytest

from cadre.practices.models import Practice
from cadre.practices.services import (
    PracticeInput,
    practice_create,
    practice_publish,
    practice_submit,
)
from tests.support.world import World


def make_input(**overrides: Any) -> PracticeInput:
    values: dict[str, Any] = {
        "title": "Competency modelling with operational units",
        "year": 2019,
        "summary": "Job profiles written together with the port customs houses.",
        "approach": "Workshops with senior examiners; validated by supervisors.",
        "topics": ("competency_frameworks",),
        "delivery_mode": "classroom",
    }
    values.update(overrides)
    return PracticeInput(**values)


@pytest.fixture
def make_practice(world: World):  # type: ignore[no-untyped-def]
    def make(side: str = "a", state: str = "draft", **overrides: Any) -> Practice:
        s = getattr(world, side)
        practice = practice_create(actor=s.tm, administration=s.administration, data=make_input(**overrides))
        if state in ("submitted", "published"):
            practice = practice_submit(actor=s.tm, practice=practice)
        if state == "published":
            practice = practice_publish(actor=world.coordinator, practice=practice)
        return practice

    return make
