"""Project-wide pytest fixtures."""

from __future__ import annotations

import pytest

from cadre.testing.world import World, build_world


@pytest.fixture
def world(db) -> World:
    """Two administrations of one region, with personas (see cadre.testing.world)."""
    return build_world()
