"""Benchmark: the LRS over loopback against gunicorn (the production server), bounded loops.

Figures, in this order, on one database:

1. ``direct_insert``: the limit. The statement, index and outbox rows of batches of 50 realistic
   statements are built beforehand with the store's own record-building code; only their INSERTs
   and COMMIT are timed, one transaction per batch, under the same write lock and settings.
2. ``service``: the same batches through ``statements_store`` in-process (validation included, no HTTP).
3. ``batch50``: POST batches of 50 over HTTP (keep-alive connections, ``--concurrency`` clients).
4. ``single``: POST single statements over HTTP.
5. GET latency (p50/p95 over ``--gets`` requests) for "agent + verb + since" and
   "activity + related_activities" (and "agent + related_agents") after the database holds
   ``--preload`` statements, loaded fast through the same record-building code (seeded).

The server is ``gunicorn cadre.wsgi`` with the repository's ``gunicorn.conf.py``.
Prints one JSON line at the end.

Run: .venv/bin/python bench/lrs.py [--batches 200] [--singles 400] [--gets 300] [--preload 20000]
     [--workers 2] [--threads 2] [--concurrency 4] [--var-dir DIR (kept, reused)]
     DATABASE_URL=postgres://postgres@127.0.0.1:5432/<own db> to bench PostgreSQL.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import random
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PORT = 8799
KEY, SECRET = "bench-key", "bench-secret-0123456789abcdef"
LEARNERS = 997
ACTIVITIES = 40
HOME = "https://hr.customs.example.org"


def realistic(i: int, learner: int, rng: random.Random | None = None) -> dict[str, Any]:
    """A ~1.5 KB statement: a scored VR attempt with context, extensions and a definition."""
    statement_id = uuid.UUID(int=rng.getrandbits(128), version=4) if rng else uuid.uuid4()
    return {
        "id": str(statement_id),
        "actor": {
            "objectType": "Agent",
            "name": f"Officer {learner}",
            "account": {"homePage": HOME, "name": f"E{learner:06d}"},
        },
        "verb": {
            "id": "http://adlnet.gov/expapi/verbs/" + ("passed" if i % 3 else "completed"),
            "display": {"en-US": "passed", "ja-JP": "合格"},
        },
        "object": {
            "objectType": "Activity",
            "id": f"https://cadre.example.org/xapi/vr/container-inspection/{i % ACTIVITIES}",
            "definition": {
                "name": {"en-US": "Container inspection simulation", "ja-JP": "コンテナ検査シミュレーション"},
                "description": {
                    "en-US": "Find the concealment in a 40-foot container using the scanner image."
                },
                "type": "http://adlnet.gov/expapi/activities/simulation",
                "extensions": {
                    "https://cadre.example.org/xapi/ext/scenario": {"difficulty": i % 5, "port": "Yokohama"}
                },
            },
        },
        "result": {
            "score": {"scaled": round((i % 100) / 100, 2), "raw": i % 100, "min": 0, "max": 100},
            "success": bool(i % 3),
            "completion": True,
            "duration": f"PT{i % 50}M{i % 60}S",
            "extensions": {"https://cadre.example.org/xapi/ext/findings": ["seal", "weight", "x-ray"]},
        },
        "context": {
            "registration": str(uuid.uuid5(uuid.NAMESPACE_URL, f"learner-{learner}")),
            "platform": "Cadre VR 2.1",
            "language": "ja-JP",
            "contextActivities": {
                "parent": [{"id": f"https://cadre.example.org/xapi/course/risk-{learner % 7}"}],
                "grouping": [{"id": "https://cadre.example.org/xapi/programme/enforcement"}],
                "category": [{"id": "https://w3id.org/xapi/cmi5/context/categories/moveon"}],
            },
            "extensions": {"https://cadre.example.org/xapi/ext/device": {"model": "Quest 3", "session": i}},
        },
        "timestamp": "2026-05-01T09:00:00.000Z",
    }


def batch_of(b: int, rng: random.Random | None, size: int = 50) -> list[dict[str, Any]]:
    return [realistic(b * size + i, (b * size + i) * 7919 % LEARNERS, rng) for i in range(size)]


class Conn:
    def __init__(self) -> None:
        self.http = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        token = base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()
        self.headers = {
            "Authorization": f"Basic {token}",
            "X-Experience-API-Version": "2.0.0",
            "Content-Type": "application/json",
        }

    def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
        self.http.request(method, path, body=body, headers=self.headers)
        response = self.http.getresponse()
        return response.status, response.read()


def run_parallel(jobs: list[bytes], concurrency: int, fn: Callable[[Conn, bytes], int]) -> float:
    """Run fn(conn, job) over jobs on `concurrency` keep-alive connections; return elapsed seconds."""
    lock = threading.Lock()
    queue = list(jobs)
    errors: list[str] = []

    def worker() -> None:
        conn = Conn()
        while True:
            with lock:
                if not queue:
                    return
                job = queue.pop()
            status = fn(conn, job)
            if status != 200:
                errors.append(str(status))

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise SystemExit(f"requests failed: {errors[:5]}")
    return time.perf_counter() - started


def cpu_seconds() -> float:
    """CPU time of this process and its reaped children (the server's workers once stopped)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def server_cpu_seconds(master: int) -> float:
    """User + system CPU seconds of the gunicorn master and its workers so far (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [master]
    children = Path(f"/proc/{master}/task/{master}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def direct_insert(client: Any, batches: list[list[dict[str, Any]]]) -> tuple[float, float]:
    """Insert prebuilt rows one batch per transaction; (statements/s wall, statements/s CPU)."""
    from django.db import transaction
    from django.utils import timezone

    from cadre.lrs import records, services
    from cadre.lrs.locking import write_lock

    built = []
    for statements in batches:
        stored = timezone.now()
        text = records.format_timestamp(stored)
        rows = [services._row(s, client=client, stored=text, version="2.0.0") for s in statements]
        built.append((rows, services._index_rows(rows), stored))
    administration_id = client.administration_id
    wall, cpu = time.perf_counter(), time.process_time()
    for rows, index, stored in built:
        with write_lock(), transaction.atomic():
            services._insert_statements(
                rows, administration_id=administration_id, client=client, stored=stored
            )
            services._index(rows, index, administration_id=administration_id, stored=stored)
            services._queue_outbox(rows, administration_id=administration_id)
    count = sum(len(b) for b in batches)
    return count / (time.perf_counter() - wall), count / (time.process_time() - cpu)


def preload(client: Any, total: int, seed: int) -> tuple[float, str]:
    """Fill the database to ``total`` statements through the store's record-building code, in
    transactions of 2,000 (no validation: the rows are the bench's own). Returns (seconds, the
    stored time of the middle statement, used as ``since``)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from cadre.lrs import records, services
    from cadre.lrs.locking import write_lock
    from cadre.lrs.models import Statement

    have = Statement.objects.filter(administration_id=client.administration_id).count()
    rng = random.Random(seed * 7 + have)
    started = time.perf_counter()
    chunk = 2000
    administration_id = client.administration_id
    for start in range(have, total, chunk):
        size = min(chunk, total - start)
        stored = timezone.now()
        text = records.format_timestamp(stored)
        statements = batch_of(start // chunk, rng, size)
        rows = [services._row(s, client=client, stored=text, version="2.0.0") for s in statements]
        index = services._index_rows(rows)
        with write_lock(), transaction.atomic():
            services._insert_statements(
                rows, administration_id=administration_id, client=client, stored=stored
            )
            services._index(rows, index, administration_id=administration_id, stored=stored)
            services._queue_outbox(rows, administration_id=administration_id)
        if start // chunk % 50 == 0:
            print(f"preload {start + size}/{total}", file=sys.stderr, flush=True)
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics, as autovacuum / a maintained SQLite has
    return elapsed, middle_stored(administration_id)


def middle_stored(administration_id: int) -> str:
    """The stored time of the statement halfway through the ids (the GETs' ``since``)."""
    from django.db.models import Max, Min

    from cadre.lrs import records
    from cadre.lrs.models import Statement

    rows = Statement.objects.filter(administration_id=administration_id)
    bounds = rows.aggregate(low=Min("id"), high=Max("id"))
    if bounds["low"] is None:
        return "2020-01-01T00:00:00Z"
    half = bounds["low"] + (bounds["high"] - bounds["low"]) // 2
    stored = rows.filter(id__gte=half).order_by("id").values_list("stored", flat=True).first()
    return records.format_timestamp(stored) if stored else "2020-01-01T00:00:00Z"


def timed_gets(queries: dict[str, dict[str, str]], count: int) -> dict[str, dict[str, float]]:
    conn = Conn()
    out: dict[str, dict[str, float]] = {}
    for name, params in queries.items():
        path = "/xapi/statements?" + urllib.parse.urlencode(params)
        status, body = conn.request("GET", path)  # warm the worker (not counted)
        assert status == 200, (status, body[:200])
        returned = len(json.loads(body)["statements"])
        samples = []
        for _ in range(count):
            started = time.perf_counter()
            status, _ = conn.request("GET", path)
            samples.append((time.perf_counter() - started) * 1000)
            assert status == 200, status
        samples.sort()
        out[name] = {
            "p50_ms": round(statistics.median(samples), 2),
            "p95_ms": round(samples[max(0, int(len(samples) * 0.95) - 1)], 2),
            "max_ms": round(samples[-1], 2),
            "returned": returned,
        }
    return out


def start_server(port: int, *extra: str, stderr: Any = subprocess.DEVNULL) -> subprocess.Popen[bytes]:
    """The production server (gunicorn with the repository's gunicorn.conf.py) on ``port``, in a
    session of its own so that its whole process group can be killed; shared with the drill."""
    return subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "cadre.wsgi:application",
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "-b",
            f"127.0.0.1:{port}",
            *extra,
        ],
        cwd=ROOT,
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        start_new_session=True,
    )


def bench_client(var_dir: str, code: str) -> Any:
    """Set Django up on ``var_dir`` (migrated), with an administration ``code`` and its unthrottled
    LRS client KEY/SECRET holding every scope; shared by this benchmark and the durability drill."""
    os.environ.update(
        {
            "CADRE_VAR_DIR": var_dir,
            "SECRET_KEY": f"{code}-secret-key-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "DJANGO_SETTINGS_MODULE": "cadre.settings",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from cadre.lrs.models import Scope
    from cadre.lrs.services import lrs_client_install
    from cadre.tenancy.models import Administration, Region

    call_command("migrate", verbosity=0, interactive=False)
    region, _ = Region.objects.get_or_create(code=code, defaults={"name": code.title()})
    admin, _ = Administration.objects.get_or_create(
        code=code, defaults={"region": region, "name": f"{code.title()} customs"}
    )
    client = lrs_client_install(
        administration=admin, name=code, key=KEY, secret=SECRET, scopes=list(Scope.values)
    )
    client.rate_limit_per_minute = 10_000_000
    client.save(update_fields=["rate_limit_per_minute"])
    return client


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batches", type=int, default=200)
    parser.add_argument("--singles", type=int, default=400)
    parser.add_argument("--gets", type=int, default=300)
    parser.add_argument("--preload", type=int, default=20000, help="statements stored before the GET timings")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument("--var-dir", default="", help="keep the database here (reused by the next run)")
    parser.add_argument("--skip-ingest", action="store_true", help="only preload and time the GETs")
    parser.add_argument("--port", type=int, default=PORT)
    args = parser.parse_args()
    globals()["PORT"] = args.port
    var_dir = args.var_dir or tempfile.mkdtemp(prefix="cadre-bench-lrs-")
    Path(var_dir).mkdir(parents=True, exist_ok=True)
    client = bench_client(var_dir, "bench")
    from django.db import connection

    from cadre.lrs.models import Statement
    from cadre.lrs.services import statements_store

    engine = connection.vendor
    size = len(json.dumps(realistic(1, 1)).encode())
    # A reused database already holds the statements of the same seed: continue the sequence.
    rng = random.Random(args.seed + Statement.objects.count())
    result: dict[str, Any] = {
        "bench": "lrs",
        "database": engine,
        "statement_bytes": size,
        "workers": args.workers,
        "threads": args.threads,
        "concurrency": args.concurrency,
    }

    if not args.skip_ingest:
        limit_batches = max(20, args.batches // 2)
        wall_rate, cpu_rate = direct_insert(client, [batch_of(b, rng) for b in range(limit_batches)])
        result["direct_insert_statements_per_s"] = round(wall_rate, 1)
        result["direct_insert_statements_per_cpu_s"] = round(cpu_rate, 1)
        service_batches = [batch_of(10_000 + b, rng) for b in range(limit_batches)]
        started = time.perf_counter()
        for statements in service_batches:
            statements_store(client=client, statements=statements, version="2.0.0")
        result["service_statements_per_s"] = round(limit_batches * 50 / (time.perf_counter() - started), 1)

    stored_before = Statement.objects.filter(administration_id=client.administration_id).count()
    since = middle_stored(client.administration_id)
    if args.preload > stored_before:
        seconds, since = preload(client, args.preload, args.seed)
        result["preload_seconds"] = round(seconds, 1)
        result["preload_statements_per_s"] = round((args.preload - stored_before) / seconds, 1)
    connection.close()

    server = start_server(
        PORT,
        "-w",
        str(args.workers),
        "--threads",
        str(args.threads),
        stderr=open(Path(var_dir) / "gunicorn.log", "ab"),  # noqa: SIM115 - lives as long as the server
    )
    try:
        for _ in range(200):
            try:
                if Conn().request("GET", "/xapi/about")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        if not args.skip_ingest:
            bodies = [json.dumps(batch_of(20_000 + b, rng)).encode() for b in range(args.batches)]
            load = os.getloadavg()[0]
            cpu_before, client_before = server_cpu_seconds(server.pid), cpu_seconds()
            seconds = run_parallel(
                bodies, args.concurrency, lambda c, body: c.request("POST", "/xapi/statements", body)[0]
            )
            result["batch50_statements_per_s"] = round(args.batches * 50 / seconds, 1)
            # CPU per batch, server and client: what the figure would be on an idle machine is
            # bounded by 2 cores / (server + client CPU per batch) and by the serialised write.
            result["batch50_server_cpu_ms"] = round(
                (server_cpu_seconds(server.pid) - cpu_before) / args.batches * 1000, 2
            )
            result["batch50_client_cpu_ms"] = round((cpu_seconds() - client_before) / args.batches * 1000, 2)
            singles = [json.dumps(realistic(i, i % LEARNERS, rng)).encode() for i in range(args.singles)]
            cpu_before = server_cpu_seconds(server.pid)
            seconds = run_parallel(
                singles, args.concurrency, lambda c, body: c.request("POST", "/xapi/statements", body)[0]
            )
            result["single_statements_per_s"] = round(args.singles / seconds, 1)
            result["single_server_cpu_ms"] = round(
                (server_cpu_seconds(server.pid) - cpu_before) / args.singles * 1000, 2
            )
            result["direct_vs_batch50"] = round(
                result["direct_insert_statements_per_s"] / result["batch50_statements_per_s"], 2
            )
            result["load_average_at_start"] = round(load, 2)
        agent = json.dumps({"account": {"homePage": HOME, "name": "E000042"}})
        queries = {
            "agent_verb_since": {
                "agent": agent,
                "verb": "http://adlnet.gov/expapi/verbs/passed",
                "since": since,
                "limit": "50",
            },
            "activity_related": {
                "activity": "https://cadre.example.org/xapi/course/risk-3",
                "related_activities": "true",
                "limit": "50",
            },
            "agent_related_agents": {"agent": agent, "related_agents": "true", "limit": "50"},
            "activity_direct_verb": {
                "activity": "https://cadre.example.org/xapi/vr/container-inspection/7",
                "verb": "http://adlnet.gov/expapi/verbs/completed",
                "limit": "50",
            },
        }
        result["stored_before_gets"] = Statement.objects.filter(
            administration_id=client.administration_id
        ).count()
        connection.close()
        if args.gets:
            result["get"] = timed_gets(queries, args.gets)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        if not args.var_dir:
            shutil.rmtree(var_dir, ignore_errors=True)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
