"""Run the same work in parallel threads, each with its own database connection, for race tests.

A thread the database could not serve at all (SQLite's in-memory shared cache answers "locked"
instead of waiting) tries again, as a client would; what a race test asserts is the outcome.
Tests using it need ``django_db(transaction=True)`` so the threads see the test's data.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from django.db import OperationalError, connections


def run_in_threads(work: Callable[[int], Any], count: int) -> list[Any]:
    """Start ``work(i)`` in ``count`` threads at the same moment; answer each result or exception."""
    barrier = threading.Barrier(count)
    outcomes: list[Any] = [None] * count

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            for attempt in range(50):
                try:
                    outcomes[i] = work(i)
                    return
                except OperationalError as exc:  # pragma: no cover - depends on timing
                    if "locked" not in str(exc):
                        raise
                    time.sleep(0.01 * (attempt + 1))
            outcomes[i] = RuntimeError("gave up")
        except Exception as exc:  # pragma: no cover - reported by the caller's assertion
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes
