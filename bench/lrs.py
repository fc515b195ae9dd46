"""Benchmark: the LRS over loopback against gunicorn (the production server), bounded loops.

Ingest throughput for single statements and batches of 50 realistic statements (~1.5 KB each),
GET latency for "agent + verb + since" and "activity + related_activities" queries, and beside
them the in-process limit (the same batches through the storing service, no HTTP).
Prints one JSON line at the end.

Run: .venv/bin/python bench/lrs.py [--batches 60] [--singles 300] [--gets 200] [--preload 20000]
     [--workers 2] [--concurrency 4]   (DATABASE_URL=postgres://... to bench PostgreSQL)
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 8799
KEY, SECRET = "bench-key", "bench-secret-0123456789abcdef"


def realistic(i: int, learner: int) -> dict:
    """A ~1.5 KB statement: a scored VR attempt with context, extensions and a definition."""
    return {
        "id": str(uuid.uuid4()),
        "actor": {
            "objectType": "Agent",
            "name": f"Officer {learner}",
            "account": {"homePage": "https://hr.customs.example.org", "name": f"E{learner:06d}"},
        },
        "verb": {
            "id": "http://adlnet.gov/expapi/verbs/" + ("passed" if i % 3 else "completed"),
            "display": {"en-US": "passed", "ja-JP": "合格"},
        },
        "object": {
            "objectType": "Activity",
            "id": f"https://cadre.example.org/xapi/vr/container-inspection/{i % 40}",
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
                "parent": [{"id": "https://cadre.example.org/xapi/course/risk-1"}],
                "grouping": [{"id": "https://cadre.example.org/xapi/programme/enforcement"}],
                "category": [{"id": "https://w3id.org/xapi/cmi5/context/categories/moveon"}],
            },
            "extensions": {"https://cadre.example.org/xapi/ext/device": {"model": "Quest 3", "session": i}},
        },
        "timestamp": "2026-05-01T09:00:00.000Z",
    }


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


def run_parallel(jobs: list, concurrency: int, fn) -> float:
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batches", type=int, default=60)
    parser.add_argument("--singles", type=int, default=300)
    parser.add_argument("--gets", type=int, default=200)
    parser.add_argument("--preload", type=int, default=20000, help="statements stored before the GET timings")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    var_dir = tempfile.mkdtemp(prefix="cadre-bench-lrs-")
    env = {
        **os.environ,
        "CADRE_VAR_DIR": var_dir,
        "SECRET_KEY": "bench-" + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DJANGO_SETTINGS_MODULE": "cadre.settings",
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from cadre.lrs.models import Scope
    from cadre.lrs.services import lrs_client_install, statements_store
    from cadre.tenancy.models import Administration, Region

    call_command("migrate", verbosity=0, interactive=False)
    region = Region.objects.create(code="bench", name="Bench")
    admin = Administration.objects.create(region=region, code="bench", name="Bench customs")
    client = lrs_client_install(
        administration=admin, name="bench", key=KEY, secret=SECRET, scopes=list(Scope.values)
    )
    client.rate_limit_per_minute = 10_000_000
    client.save(update_fields=["rate_limit_per_minute"])
    engine = connection.vendor
    size = len(json.dumps(realistic(1, 1)).encode())

    # the in-process limit: the same batches through the service, no HTTP
    limit_batches = max(10, args.batches // 3)
    started = time.perf_counter()
    for b in range(limit_batches):
        statements_store(
            client=client, statements=[realistic(b * 50 + i, i) for i in range(50)], version="2.0.0"
        )
    direct_rate = limit_batches * 50 / (time.perf_counter() - started)
    # preload for query timings (in-process, fast)
    for b in range(args.preload // 500):
        statements_store(
            client=client, statements=[realistic(b * 500 + i, i % 997) for i in range(500)], version="2.0.0"
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics, as autovacuum / a maintained SQLite would have
    connection.close()

    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "cadre.wsgi:application",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            str(args.workers),
            "--threads",
            "2",
            "--preload",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                if Conn().request("GET", "/xapi/about")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        batches = [
            json.dumps([realistic(b * 50 + i, (b * 50 + i) % 997) for i in range(50)]).encode()
            for b in range(args.batches)
        ]
        batch_seconds = run_parallel(
            batches, args.concurrency, lambda c, body: c.request("POST", "/xapi/statements", body)[0]
        )
        singles = [json.dumps(realistic(i, i % 997)).encode() for i in range(args.singles)]
        single_seconds = run_parallel(
            singles, args.concurrency, lambda c, body: c.request("POST", "/xapi/statements", body)[0]
        )
        agent = json.dumps({"account": {"homePage": "https://hr.customs.example.org", "name": "E000042"}})
        queries = {
            "agent_verb_since": {
                "agent": agent,
                "verb": "http://adlnet.gov/expapi/verbs/passed",
                "since": "2020-01-01T00:00:00Z",
                "limit": "50",
            },
            "activity_related": {
                "activity": "https://cadre.example.org/xapi/course/risk-1",
                "related_activities": "true",
                "limit": "50",
            },
        }
        latencies: dict[str, dict[str, float]] = {}
        conn = Conn()
        for name, params in queries.items():
            path = "/xapi/statements?" + urllib.parse.urlencode(params)
            samples = []
            for _ in range(args.gets):
                started = time.perf_counter()
                status, _ = conn.request("GET", path)
                samples.append((time.perf_counter() - started) * 1000)
                assert status == 200, status
            samples.sort()
            latencies[name] = {
                "p50_ms": round(statistics.median(samples), 2),
                "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 2),
            }
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
        shutil.rmtree(var_dir, ignore_errors=True)
    batch_rate = args.batches * 50 / batch_seconds
    print(
        json.dumps(
            {
                "bench": "lrs",
                "database": engine,
                "statement_bytes": size,
                "workers": args.workers,
                "concurrency": args.concurrency,
                "batch50_statements_per_s": round(batch_rate, 1),
                "single_statements_per_s": round(args.singles / single_seconds, 1),
                "direct_service_statements_per_s": round(direct_rate, 1),
                "http_vs_direct": round(direct_rate / batch_rate, 2),
                "stored_before_gets": args.preload + limit_batches * 50,
                "get": latencies,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
