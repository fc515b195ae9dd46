"""Durability drill: kill -9 the LRS server at random moments during ingest, many times.

Each round starts the production server (``gunicorn cadre.wsgi`` with the repository's
``gunicorn.conf.py``), lets ``--clients`` concurrent clients POST batches of 50 statements, and
SIGKILLs the whole server process group (master and workers) after a random delay. After each
kill, before the next start, the database is checked:

- every statement acknowledged with 200 is stored;
- no batch is half-stored: each batch's statements are all present or all absent, whether or not
  its answer arrived (a batch cut off by the kill may be either, never in between);
- every stored statement has its index rows (actor and object) and its outbox entry;
- SQLite: ``PRAGMA integrity_check`` answers ``ok``.

Bounded: ``--rounds`` rounds of at most ``--max-seconds`` each, loopback only.
Prints one JSON line at the end.

Run: .venv/bin/python bench/lrs_durability.py [--rounds 30] [--clients 4] [--seed 7]
     DATABASE_URL=postgres://postgres@127.0.0.1:5432/<own empty db> for PostgreSQL.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import random
import shutil
import signal
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from lrs import KEY, SECRET, batch_of, bench_client, start_server  # noqa: E402

PORT = 8797


@dataclass
class Batch:
    ids: list[str]
    status: int | None = None  # None: no answer (the server died first)


@dataclass
class Round:
    batches: list[Batch] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def client_loop(round_: Round, stop: threading.Event, rng: random.Random, number: int) -> None:
    token = base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()
    headers = {
        "Authorization": f"Basic {token}",
        "X-Experience-API-Version": "2.0.0",
        "Content-Type": "application/json",
    }
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    sequence = 0
    while not stop.is_set():
        with round_.lock:
            seed_rng = random.Random(rng.getrandbits(64))
        statements = batch_of(number * 1_000_000 + sequence, seed_rng)
        sequence += 1
        batch = Batch(ids=[s["id"] for s in statements])
        with round_.lock:
            round_.batches.append(batch)
        try:
            conn.request("POST", "/xapi/statements", body=json.dumps(statements).encode(), headers=headers)
            response = conn.getresponse()
            body = response.read()
            batch.status = response.status
            if response.status == 200 and sorted(json.loads(body)) != sorted(batch.ids):
                batch.status = -1  # acknowledged with the wrong ids: counted as a failure
        except (OSError, http.client.HTTPException):
            conn.close()
            time.sleep(0.05)
            if stop.is_set():
                return
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)


def wait_ready(timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            conn.request("GET", "/xapi/about")
            if conn.getresponse().status == 200:
                return True
        except OSError:
            time.sleep(0.05)
    return False


def check(batches: list[Batch], administration_id: int) -> dict[str, int]:
    """Compare what the clients were told with what the database holds."""
    from django.db import connection

    from cadre.lrs.models import OutboxEntry, Statement, StatementActivity, StatementAgent

    connection.close()  # a fresh connection: SQLite recovers from the WAL left by the killed server
    wanted = {uuid.UUID(sid) for batch in batches for sid in batch.ids}
    present: set[uuid.UUID] = set()
    ids = list(wanted)
    for start in range(0, len(ids), 500):
        present.update(
            Statement.objects.filter(
                administration_id=administration_id, statement_id__in=ids[start : start + 500]
            ).values_list("statement_id", flat=True)
        )
    out = {
        "acknowledged": 0,
        "acknowledged_missing": 0,
        "unanswered_stored": 0,
        "unanswered_absent": 0,
        "half_stored": 0,
        "rejected": 0,
    }
    for batch in batches:
        held = sum(uuid.UUID(sid) in present for sid in batch.ids)
        if 0 < held < len(batch.ids):
            out["half_stored"] += 1
        if batch.status == 200:
            out["acknowledged"] += 1
            out["acknowledged_missing"] += len(batch.ids) - held
        elif batch.status is None:
            out["unanswered_stored" if held else "unanswered_absent"] += 1
        else:
            out["rejected"] += 1
    statements = Statement.objects.filter(administration_id=administration_id)
    total = statements.count()
    out["statements_without_actor_row"] = (
        total
        - StatementAgent.objects.filter(administration_id=administration_id, direct=True)
        .values("statement_id")
        .distinct()
        .count()
    )
    out["statements_without_object_row"] = (
        total
        - StatementActivity.objects.filter(administration_id=administration_id, direct=True)
        .values("statement_id")
        .distinct()
        .count()
    )
    out["statements_without_outbox"] = (
        total - OutboxEntry.objects.filter(administration_id=administration_id).count()
    )
    out["integrity_failures"] = 0
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA integrity_check")
            if cursor.fetchone()[0] != "ok":
                out["integrity_failures"] = 1
    connection.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--min-seconds", type=float, default=0.3)
    parser.add_argument("--max-seconds", type=float, default=3.0)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    var_dir = tempfile.mkdtemp(prefix="cadre-lrs-durability-")
    client = bench_client(var_dir, "drill")
    from django.db import connection

    vendor = connection.vendor
    connection.close()
    rng = random.Random(args.seed)
    all_batches: list[Batch] = []
    totals: dict[str, int] = {}
    failed_rounds: list[int] = []
    kills = 0
    started = time.monotonic()
    try:
        for number in range(args.rounds):
            server = start_server(PORT)
            if not wait_ready():
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
                raise SystemExit(f"round {number}: the server did not start")
            round_ = Round()
            stop = threading.Event()
            threads = [
                threading.Thread(
                    target=client_loop,
                    args=(round_, stop, random.Random(rng.getrandbits(64)), number * 100 + c),
                )
                for c in range(args.clients)
            ]
            for thread in threads:
                thread.start()
            time.sleep(rng.uniform(args.min_seconds, args.max_seconds))
            os.killpg(server.pid, signal.SIGKILL)  # master and workers, mid-request
            kills += 1
            server.wait()
            stop.set()
            for thread in threads:
                thread.join(timeout=30)
            all_batches.extend(round_.batches)
            found = check(round_.batches, client.administration_id)
            bad = (
                found["acknowledged_missing"]
                or found["half_stored"]
                or found["integrity_failures"]
                or found["statements_without_actor_row"]
                or found["statements_without_object_row"]
                or found["statements_without_outbox"]
            )
            if bad:
                failed_rounds.append(number)
            for key in ("acknowledged", "unanswered_stored", "unanswered_absent", "half_stored", "rejected"):
                totals[key] = totals.get(key, 0) + found[key]
            totals["acknowledged_missing"] = (
                totals.get("acknowledged_missing", 0) + found["acknowledged_missing"]
            )
            print(f"round {number}: {json.dumps(found)}", file=sys.stderr, flush=True)
        final = check(
            all_batches, client.administration_id
        )  # everything again, after the last restart's recovery
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    print(
        json.dumps(
            {
                "bench": "lrs_durability",
                "database": vendor,
                "rounds": args.rounds,
                "kills": kills,
                "clients": args.clients,
                "batches_sent": len(all_batches),
                "statements_acknowledged": final["acknowledged"] * 50,
                **{f"final_{k}": v for k, v in final.items()},
                "per_round_totals": totals,
                "failed_rounds": failed_rounds,
                "seconds": round(time.monotonic() - started, 1),
                "ok": not failed_rounds
                and final["acknowledged_missing"] == 0
                and final["half_stored"] == 0
                and final["integrity_failures"] == 0,
            }
        )
    )
    return 0 if not failed_rounds else 1


if __name__ == "__main__":
    raise SystemExit(main())
