"""The suite's clock starts at CADRE_TEST_NOW (or the fixed default), not at today's date."""

import datetime as dt

from django.utils import timezone

from conftest import test_now

#: Read at import time: module-level reads of "now" see the frozen clock too.
IMPORTED_AT = timezone.now()


def test_clock_is_frozen_at_the_configured_instant_and_ticks():
    start = test_now()
    now = timezone.now()
    assert start <= IMPORTED_AT <= now
    # the whole suite runs within hours of the instant, never on the real date
    assert now - start < dt.timedelta(hours=6)
