"""Serialise statement writes per host on SQLite, so concurrent writers queue instead of polling.

SQLite's busy handler sleeps in growing steps while another connection holds the write lock; under
several gunicorn workers that sleeping, not the work, dominates ingest. A blocking ``flock`` on a
file next to the database wakes the next writer the moment the lock is released. PostgreSQL
needs no such lock.

Statement writes on SQLite also raise the connection's WAL auto-checkpoint threshold
(``CADRE_LRS_WAL_AUTOCHECKPOINT`` pages, default 10,000 ≈ 40 MB): with the default 1,000 pages a
batch of 50 statements crossed it every few batches, and the checkpoint's fsyncs were the largest
single cost of ingest. Durability is unchanged (commits are in the WAL either way).

Each process also keeps one idle read connection open to the database file: with
``CONN_MAX_AGE = 0`` every request closes its connection, and when the closing connection is the
last one SQLite checkpoints and truncates the WAL (two fsyncs) — once per request under load.
With the keeper open, checkpoints happen only at the auto-checkpoint threshold.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

_thread_lock = threading.Lock()
_keepers: dict[tuple[int, str], sqlite3.Connection] = {}


def _keep_open(name: str) -> None:
    """Open (once per process, after gunicorn's fork) the idle connection that keeps the WAL alive."""
    key = (os.getpid(), name)
    if key in _keepers:
        return
    keeper = sqlite3.connect(name, check_same_thread=False)
    keeper.execute("SELECT count(*) FROM sqlite_master").fetchone()
    _keepers[key] = keeper


@contextmanager
def write_lock() -> Iterator[None]:
    if connection.vendor != "sqlite":
        yield
        return
    pages = int(getattr(settings, "CADRE_LRS_WAL_AUTOCHECKPOINT", 10_000))
    if getattr(connection, "is_in_memory_db", lambda: False)():
        # Tests: one process, no file to lock next to (and none to litter the working tree with).
        with _thread_lock:
            yield
        return
    name = str(connection.settings_dict["NAME"])
    path = Path(name + ".lrs-write.lock")
    with _thread_lock, open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            _keep_open(name)
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA wal_autocheckpoint={pages:d}")
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
