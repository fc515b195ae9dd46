"""The suite's clock starts at CADRE_TEST_NOW (or the fixed default), not at today's date."""

import datetime as dt

from django.utils import timezone

from conftest import test_now
from tests.support.clock import ClockReaders

#: Read at import time: module-level reads of "now" see the frozen clock too.
IMPORTED_AT = timezone.now()


def test_clock_is_frozen_at_the_configured_instant_and_ticks():
    start = test_now()
    now = timezone.now()
    assert start <= IMPORTED_AT <= now
    # the whole suite runs within hours of the instant, never on the real date
    assert now - start < dt.timedelta(hours=6)


def test_clock_readers_are_found_per_function_and_through_helpers(tmp_path):
    # given a module where one helper reads the clock, a fixture calls it, and a test reads nothing
    source = tmp_path / "test_sample.py"
    source.write_text(
        "from django.utils import timezone\n"
        "def _deadline():\n    return timezone.now()\n"
        "def due(_x=None):\n    return _deadline()\n"
        "def test_due():\n    assert due()\n"
        "def test_plain():\n    assert 1\n"
        "class TestGroup:\n    def test_method(self):\n        return timezone.localdate()\n",
        encoding="utf-8",
    )
    # when its clock readers are found
    at_import, names = ClockReaders().of(source)
    # then the helper, what calls it and the method are readers; the plain test is not
    assert not at_import
    assert {"_deadline", "due", "test_due", "test_method"} <= names
    assert "test_plain" not in names


def test_a_clock_read_at_import_time_marks_the_whole_file(tmp_path):
    source = tmp_path / "builders.py"
    source.write_text("import datetime as dt\nTODAY = dt.date.today()\n", encoding="utf-8")
    assert ClockReaders().of(source)[0]


def test_names_from_an_imported_helper_make_their_callers_readers(tmp_path):
    source = tmp_path / "test_uses.py"
    source.write_text("def test_uses():\n    finished_run()\n", encoding="utf-8")
    assert "test_uses" in ClockReaders().of(source, frozenset({"finished_run"}))[1]
