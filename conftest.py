"""Project-wide pytest fixtures."""

from __future__ import annotations

import pytest

from cadre.testing.world import World, build_world


@pytest.fixture
def world(db) -> World:
    """Two administrations of one region, with personas (see cadre.testing.world)."""
    return build_world()


@pytest.fixture(autouse=True, scope="session")
def _cmi5_content_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Imported cmi5 content (the demo loads a package) goes to a temporary folder, not under var/."""
    from django.conf import settings

    settings.CADRE_CMI5_CONTENT_ROOT = str(tmp_path_factory.mktemp("cmi5-content"))
