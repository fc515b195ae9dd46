"""Project-wide pytest fixtures."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
import time_machine

from tests.support.clock import ClockReaders
from tests.support.world import World, build_world

# Every test runs with the clock frozen here (ticking from this instant), so no result depends on
# the day the suite happens to run. A mid-May Wednesday: a working day, far from a year's or a
# fiscal year's end. scripts/test reruns the tests marked `calendar` with CADRE_TEST_NOW set to
# awkward instants (31 December 23:30, 29 February, the last evening of a fiscal year).
DEFAULT_TEST_NOW = "2026-05-13T10:00:00+09:00"

# A test whose function, fixtures or helpers read the clock is date-sensitive: it is marked
# `calendar` so that the awkward-instant reruns pick it up (see tests.support.clock).


def test_now() -> dt.datetime:
    """The instant the test clock starts from (CADRE_TEST_NOW, an ISO 8601 datetime with offset)."""
    value = dt.datetime.fromisoformat(os.environ.get("CADRE_TEST_NOW") or DEFAULT_TEST_NOW)
    if value.tzinfo is None:
        raise pytest.UsageError("CADRE_TEST_NOW needs a UTC offset, e.g. 2026-12-31T23:30:00+00:00")
    return value


test_now.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test


_traveller: time_machine.travel | None = None


def pytest_configure(config: pytest.Config) -> None:
    """Start the clock before collection, so module-level reads of "now" see the frozen instant too."""
    global _traveller
    _traveller = time_machine.travel(test_now(), tick=True)
    _traveller.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    if _traveller is not None:
        _traveller.stop()


_HELPER_MODULES = ("builders", "pages_support")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    readers = ClockReaders()
    root = Path(str(config.rootpath))
    for item in items:
        module = Path(str(item.path))
        conftests = [p / "conftest.py" for p in module.parents if root in p.parents or p == root]
        sensitive: set[str] = set()
        whole_file = False
        for conftest in conftests:
            if conftest.exists():
                at_import, names = readers.of(conftest)
                whole_file |= at_import
                sensitive |= names
        imported: set[str] = set()
        try:
            module_source = module.read_text(encoding="utf-8")
        except OSError:
            module_source = ""
        for name in _HELPER_MODULES:
            helper = module.parent / f"{name}.py"
            if helper.exists() and re.search(rf"\b{name}\b", module_source):
                at_import, names = readers.of(helper)
                whole_file |= at_import
                imported |= names
        at_import, names = readers.of(module, frozenset(imported))
        whole_file |= at_import
        sensitive |= names
        function = getattr(item, "originalname", None) or item.name.split("[")[0]
        fixtures = set(getattr(item, "fixturenames", ()))
        if whole_file or function in sensitive or fixtures & sensitive:
            item.add_marker(pytest.mark.calendar)


@pytest.fixture
def world(db) -> World:
    """Two administrations of one region, with personas (see tests.support.world)."""
    return build_world()


@pytest.fixture(autouse=True, scope="session")
def _cmi5_content_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Imported cmi5 content (the demo loads a package) goes to a temporary folder, not under var/."""
    from django.conf import settings

    settings.CADRE_CMI5_CONTENT_ROOT = str(tmp_path_factory.mktemp("cmi5-content"))
