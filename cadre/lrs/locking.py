"""Serialise statement writes per host on SQLite, so concurrent writers queue instead of polling.

SQLite's busy handler sleeps in growing steps while another connection holds the write lock; under
several gunicorn workers that sleeping, not the work, dominates ingest. A blocking ``flock`` on a
file next to the database wakes the next writer the moment the lock is released. PostgreSQL
needs no such lock.
"""

from __future__ import annotations

import fcntl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

_thread_lock = threading.Lock()


@contextmanager
def write_lock() -> Iterator[None]:
    if connection.vendor != "sqlite":
        yield
        return
    path = Path(str(settings.DATABASES["default"]["NAME"]) + ".lrs-write.lock")
    with _thread_lock, open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
