"""The embedded SQLite database runs in WAL mode and concurrent writers wait instead of failing."""

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import threading
    import django
    django.setup()
    from django.db import connection, connections, transaction

    with connection.cursor() as cur:
        cur.execute("PRAGMA journal_mode")
        mode = cur.fetchone()[0]
        cur.execute("PRAGMA busy_timeout")
        busy = cur.fetchone()[0]
        cur.execute("CREATE TABLE IF NOT EXISTS scratch (n INTEGER)")
    errors = []

    def writer(i):
        try:
            for _ in range(20):
                with transaction.atomic():  # BEGIN IMMEDIATE: the write lock is taken up front
                    with connection.cursor() as cur:
                        cur.execute("SELECT COUNT(*) FROM scratch")
                        cur.execute("INSERT INTO scratch VALUES (%s)", [i])
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(6)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    with connection.cursor() as cur:
        cur.execute("SELECT COUNT(*) FROM scratch")
        rows = cur.fetchone()[0]
    print(mode, busy, rows, len(errors), errors[:1])
    """
)


def test_sqlite_is_wal_with_busy_timeout_and_writers_queue(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DEBUG="1", CADRE_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="cadre.settings")
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    mode, busy, rows, failures, _first = result.stdout.split(" ", 4)
    assert mode == "wal"
    assert int(busy) >= 5000
    # six writers x 20 read-then-write transactions: all committed, none failed with "database is locked"
    assert (int(rows), int(failures)) == (120, 0), result.stdout
