"""Benchmark the gap engine on a seeded synthetic administration (not a test; run by hand).

    .venv/bin/python bench/needs.py                       # SQLite in a temporary directory
    .venv/bin/python bench/needs.py --postgres            # also PostgreSQL (creates, then drops cadre_bench_needs)
    .venv/bin/python bench/needs.py --officers 20000      # a smaller run

Builds 100,000 officers, 200 competencies, 60 positions and about 5 assessments per officer and
required competency with bulk inserts, then measures: the full engine run (database -> snapshot ->
aggregates) wall time and peak memory; a naive per-officer ORM implementation against the engine
at 5,000 officers; the heatmap page rendered from the snapshot (median of repeated requests).
Prints one JSON line with every figure and appends a section to docs/benchmarks.md (--no-write to skip).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

N_COMPETENCIES = 200
N_POSITIONS = 60
REQUIRED_PER_POSITION = (8, 12)
ASSESSMENTS_PER_PAIR = (3, 7)  # mean 5
PG_DB = "cadre_bench_needs"


def setup_django(database_url: str | None) -> None:
    os.environ["CADRE_VAR_DIR"] = tempfile.mkdtemp(prefix="cadre-bench-")
    os.environ["DEBUG"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre.settings")
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def bulk_insert(table: str, columns: list[str], rows: list[tuple]) -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
    else:
        raw = connection.connection
        marks = ", ".join("?" for _ in columns)
        raw.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def assessment_rows(
    admin_id: int, officers: list, required: dict, seed: int, now: dt.datetime
) -> list[tuple]:
    """About five assessments per (officer, required competency), generated with numpy for speed."""
    import numpy as np

    rng = np.random.default_rng(seed)
    pair_officer = []
    pair_comp = []
    for officer_id, position_id in officers:
        comps = [c for c, _lvl in required[position_id]]
        pair_officer += [officer_id] * len(comps)
        pair_comp += comps
    counts = rng.integers(ASSESSMENTS_PER_PAIR[0], ASSESSMENTS_PER_PAIR[1] + 1, size=len(pair_officer))
    off = np.repeat(np.array(pair_officer), counts).tolist()
    comp = np.repeat(np.array(pair_comp), counts).tolist()
    n = len(off)
    levels = rng.integers(0, 5, size=n).tolist()
    days = [str(dt.date(2022, 1, 1) + dt.timedelta(days=d)) for d in range(1500)]
    dates = [days[d] for d in rng.integers(0, 1500, size=n)]
    validation = np.where(rng.random(n) < 0.9, "validated", "pending").tolist()
    stamp = now.isoformat()
    return list(
        zip(
            [admin_id] * n,
            off,
            comp,
            levels,
            ["supervisor"] * n,
            dates,
            [""] * n,
            [""] * n,
            validation,
            [stamp] * n,
            strict=True,
        )
    )


def build(*, n_officers: int, code: str, seed: int, shared: dict) -> dict:
    """One synthetic administration; ``shared`` carries the region, scale and user across calls."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from cadre.competencies.models import (
        Assessment,
        Competency,
        Framework,
        RoleProfile,
        RoleRequirement,
        Scale,
    )
    from cadre.people.models import Officer, Position
    from cadre.tenancy.models import Administration, Membership, OrgUnit, Region

    rng = random.Random(seed)
    with transaction.atomic():
        region = shared.get("region") or Region.objects.create(code="bench", name="Bench region")
        shared["region"] = region
        admin = Administration.objects.create(region=region, code=code, name=f"Bench {code}")
        scale = Scale.objects.create(name="Proficiency", administration=admin)
        framework = Framework.objects.create(
            administration=admin, code="FW", title="Bench framework", status="published", scale=scale
        )
        Competency.objects.bulk_create(
            Competency(
                framework=framework, code=f"C{i:03d}", title=f"Competency {i}", sequence=i, kind="competency"
            )
            for i in range(N_COMPETENCIES)
        )
        comp_ids = list(Competency.objects.filter(framework=framework).values_list("id", flat=True))
        hq = OrgUnit.objects.create(administration=admin, code="HQ", name="Headquarters", kind="headquarters")
        hq.path = f"/{hq.pk}/"
        hq.save(update_fields=["path"])
        leaves = []
        for b in range(12):
            bureau = OrgUnit.objects.create(
                administration=admin, parent=hq, code=f"B{b}", name=f"Bureau {b}", depth=1
            )
            bureau.path = f"{hq.path}{bureau.pk}/"
            bureau.save(update_fields=["path"])
            for h in range(8):
                house = OrgUnit.objects.create(
                    administration=admin, parent=bureau, code=f"B{b}H{h}", name=f"House {b}.{h}", depth=2
                )
                house.path = f"{bureau.path}{house.pk}/"
                house.save(update_fields=["path"])
                for d in range(3):
                    div = OrgUnit.objects.create(
                        administration=admin,
                        parent=house,
                        code=f"B{b}H{h}D{d}",
                        name=f"Division {b}.{h}.{d}",
                        depth=3,
                    )
                    div.path = f"{house.path}{div.pk}/"
                    div.save(update_fields=["path"])
                    leaves.append(div.pk)
        positions = Position.objects.bulk_create(
            Position(administration=admin, code=f"P{i:02d}", title=f"Position {i}")
            for i in range(N_POSITIONS)
        )
        positions = list(Position.objects.filter(administration=admin).order_by("id"))
        profiles = RoleProfile.objects.bulk_create(
            RoleProfile(administration=admin, position=p) for p in positions
        )
        profiles = list(RoleProfile.objects.filter(administration=admin).order_by("position_id"))
        required: dict[int, list[tuple[int, int]]] = {}
        reqs = []
        for profile in profiles:
            chosen = rng.sample(comp_ids, rng.randint(*REQUIRED_PER_POSITION))
            required[profile.position_id] = [(c, rng.randint(1, 4)) for c in chosen]
            reqs += [
                RoleRequirement(
                    profile=profile, competency_id=c, required_level=lvl, criticality=rng.randint(1, 3)
                )
                for c, lvl in required[profile.position_id]
            ]
        RoleRequirement.objects.bulk_create(reqs)
        now = dt.datetime.now(dt.UTC)
        officer_table = Officer._meta.db_table
        position_ids = [p.pk for p in positions]
        bulk_insert(
            officer_table,
            [
                "administration_id",
                "employee_number",
                "given_name",
                "family_name",
                "email",
                "org_unit_id",
                "position_id",
                "grade",
                "languages",
                "active",
                "created_at",
                "updated_at",
            ],
            [
                (
                    admin.pk,
                    f"{code}{i:07d}",
                    f"Given{i}",
                    f"Family{i}",
                    "",
                    rng.choice(leaves),
                    rng.choice(position_ids),
                    "",
                    '["en"]',
                    True,
                    now,
                    now,
                )
                for i in range(n_officers)
            ],
        )
        officers = list(Officer.objects.filter(administration=admin).values_list("id", "position_id"))
        rows = assessment_rows(admin.pk, officers, required, seed, now)
        bulk_insert(
            Assessment._meta.db_table,
            [
                "administration_id",
                "officer_id",
                "competency_id",
                "level",
                "source",
                "assessed_on",
                "evidence",
                "evidence_url",
                "validation",
                "created_at",
            ],
            rows,
        )
        user_model = get_user_model()
        user = user_model.objects.create_user(username=f"tm_{code}", password="correct-horse-battery-x")
        Membership.objects.create(user=user, role="training_manager", administration=admin)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"administration": admin, "user": user, "assessments": len(rows), "officers": len(officers)}


def naive_run(administration_id: int) -> dict:
    """The obvious implementation: per officer, query the profile and each pair's assessments."""
    from cadre.competencies.models import Assessment, RoleRequirement
    from cadre.people.models import Officer

    demand = 0.0
    gaps = 0
    for officer in Officer.objects.filter(administration_id=administration_id, active=True):
        for req in RoleRequirement.objects.filter(profile__position_id=officer.position_id):
            latest = (
                Assessment.objects.filter(
                    officer=officer, competency_id=req.competency_id, validation="validated"
                )
                .order_by("-assessed_on", "-id")
                .first()
            )
            if latest is not None:
                gap = max(0, req.required_level - latest.level)
                gaps += gap
                demand += gap * (1 + 0.5 * req.criticality)
    return {"gap_sum": gaps, "demand": demand}


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def engine_run(administration, user):
    from cadre.needs.services import gap_snapshot_create

    snap = gap_snapshot_create(actor=user, administration=administration)
    assert snap.status == "done", snap.error
    return snap


def heatmap_median(snapshot, user, repeats: int) -> tuple[float, int]:
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(user)
    url = reverse("needs:heatmap") + f"?snapshot={snapshot.pk}"
    times = []
    size = 0
    for _ in range(repeats + 1):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
        size = len(response.content)
    return statistics.median(times[1:]), size  # the first request warms caches


def run_backend(
    label: str, database_url: str | None, n_officers: int, naive_size: int, skip_naive: bool
) -> dict:
    setup_django(database_url)
    from django.db import connection

    shared: dict = {}
    t_build, big = timed(lambda: build(n_officers=n_officers, code="big", seed=42, shared=shared))
    connection.close()
    # Memory first, from a clean start of the measured call: tracemalloc sees numpy's buffers too.
    t_engine, snap = timed(lambda: engine_run(big["administration"], big["user"]))
    tracemalloc.start()
    engine_run(big["administration"], big["user"])
    _cur, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    t_engine2, snap = timed(lambda: engine_run(big["administration"], big["user"]))
    heat, heat_bytes = heatmap_median(snap, big["user"], repeats=15)
    figures = {
        "backend": label,
        "officers": big["officers"],
        "assessments": big["assessments"],
        "build_s": round(t_build, 1),
        "engine_s": round(min(t_engine, t_engine2), 2),
        "engine_runs_s": [round(t_engine, 2), round(t_engine2, 2)],
        "engine_peak_traced_mb": round(traced_peak / 2**20, 1),
        "process_maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "heatmap_median_ms": round(heat * 1000, 1),
        "heatmap_bytes": heat_bytes,
    }
    if not skip_naive:
        small = build(n_officers=naive_size, code="small", seed=7, shared=shared)
        t_naive, _naive = timed(lambda: naive_run(small["administration"].pk))
        t_small, _snap = timed(lambda: engine_run(small["administration"], small["user"]))
        figures |= {
            "naive_officers": naive_size,
            "naive_s": round(t_naive, 2),
            "engine_small_s": round(t_small, 3),
            "speedup": round(t_naive / t_small, 1),
        }
    return figures


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return f"{os.cpu_count()} CPUs (nproc), {cpu}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def write_doc(results: list[dict]) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    start_marker, end_marker = "<!-- needs-bench:start -->", "<!-- needs-bench:end -->"
    lines = [
        start_marker,
        "## Gap engine (bench/needs.py)",
        "",
        f"Run on {dt.date.today().isoformat()}, {machine()}.",
        "Command: `.venv/bin/python bench/needs.py --postgres`. Targets: <= 10 s end to end at 100,000 officers "
        "on SQLite, <= 2 GB peak memory, >= 50x faster than the naive per-officer ORM loop at 5,000 officers, "
        "heatmap <= 300 ms (median).",
        "",
        "| figure | " + " | ".join(r["backend"] for r in results) + " |",
        "|---|" + "---|" * len(results),
    ]
    keys = [k for k in results[0] if k != "backend"]
    for key in keys:
        lines.append(f"| {key} | " + " | ".join(str(r.get(key, "")) for r in results) + " |")
    lines += [
        "",
        "engine_s: `gap_snapshot_create` (queries, numpy, packing, storing the snapshot) at 100,000 officers, best "
        "of two timed runs; engine_peak_traced_mb: tracemalloc peak during one run (Python and numpy buffers); "
        "process_maxrss_mb: the whole bench process, data generation included.",
        end_marker,
    ]
    block = "\n".join(lines)
    if start_marker in text:
        before, rest = text.split(start_marker, 1)
        after = rest.split(end_marker, 1)[1] if end_marker in rest else ""
        text = before + block + after
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text)


def child(args: argparse.Namespace, backend: str) -> None:
    url = None
    if backend == "postgresql":
        url = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
    try:
        figures = run_backend(backend, url, args.officers, args.naive_officers, args.skip_naive)
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(os.environ.get("CADRE_VAR_DIR", "/nonexistent"), ignore_errors=True)
    print("RESULT " + json.dumps(figures), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--officers", type=int, default=100_000)
    parser.add_argument("--naive-officers", type=int, default=5_000)
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--child", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    if args.child:
        child(args, args.child)
        return
    backends = ["sqlite"] + (["postgresql"] if args.postgres else [])
    results = []
    for backend in backends:
        if backend == "postgresql":
            subprocess.run(
                ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"DROP DATABASE IF EXISTS {PG_DB}"],
                check=True,
            )
            subprocess.run(
                ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"CREATE DATABASE {PG_DB}"], check=True
            )
        try:
            # Each backend runs in its own process so peak memory and settings do not mix.
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--child",
                    backend,
                    "--officers",
                    str(args.officers),
                    "--naive-officers",
                    str(args.naive_officers),
                ]
                + (["--skip-naive"] if args.skip_naive else []),
                check=True,
                capture_output=True,
                text=True,
            )
        finally:
            if backend == "postgresql":
                subprocess.run(
                    ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"DROP DATABASE IF EXISTS {PG_DB}"],
                    check=False,
                )
        line = [ln for ln in out.stdout.splitlines() if ln.startswith("RESULT ")][-1]
        results.append(json.loads(line[len("RESULT ") :]))
        print(line, file=sys.stderr)
    if not args.no_write:
        write_doc(results)
    print(json.dumps({"date": dt.date.today().isoformat(), "machine": machine(), "results": results}))


if __name__ == "__main__":
    main()
