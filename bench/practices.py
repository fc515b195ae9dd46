"""Benchmark: Good Practices search at 50,000 mixed-language entries, and compiling 200 entries to PDF.

Prints one JSON line: {"bench": "practices", "vendor": ..., "entries": ..., "search_p50_ms": ...,
"search_p95_ms": ..., "pdf_entries": 200, "pdf_seconds": ...}. Search timing covers the whole
``practice_search`` call (matching, ranking, snippets, facets) for the regional coordinator.
Run: .venv/bin/python bench/practices.py [--entries 50000] [--database-url postgres://postgres@127.0.0.1:5432/postgres]
With --database-url, a scratch database ``cadre_bench_practices`` is created (and dropped) there.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

WORDS = {
    "en": [
        "training",
        "needs",
        "analysis",
        "competency",
        "framework",
        "microlearning",
        "mobile",
        "blended",
        "evaluation",
        "instructor",
        "budget",
        "valuation",
        "classification",
        "origin",
        "risk",
        "examiners",
        "seaport",
        "cargo",
        "e-commerce",
        "leadership",
        "strategy",
        "curriculum",
    ],
    "ja": [
        "研修",
        "能力",
        "評価",
        "税関",
        "審査",
        "職員",
        "計画",
        "予算",
        "講師",
        "分類",
        "原産地",
        "リスク",
        "分析",
        "教材",
        "戦略",
        "人材",
        "育成",
        "検査",
    ],
    "zh": [
        "培训",
        "能力",
        "评估",
        "海关",
        "关员",
        "计划",
        "预算",
        "讲师",
        "归类",
        "原产地",
        "风险",
        "分析",
        "课程",
        "战略",
        "人才",
        "培养",
        "查验",
        "移动",
    ],
    "th": [
        "การฝึกอบรม",
        "สมรรถนะ",
        "การประเมิน",
        "ศุลกากร",
        "เจ้าหน้าที่",
        "แผน",
        "งบประมาณ",
        "วิทยากร",
        "พิกัด",
        "ถิ่นกำเนิด",
        "ความเสี่ยง",
        "หลักสูตร",
    ],
}
QUERIES = [
    "microlearning",
    "risk analysis",
    "valuation examiners",
    "leadership",
    "研修",
    "能力評価",
    "税関 職員",
    "培训",
    "风险分析",
    "海关 关员",
    "ศุลกากร",
    "การประเมิน",
    "หลักสูตร",
    "budget",
    "e-commerce cargo",
]


def _setup(database_url: str | None) -> str | None:
    os.environ["DEBUG"] = "1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "cadre.settings"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    var_dir = tempfile.mkdtemp(prefix="cadre-bench-practices-")
    os.environ["CADRE_VAR_DIR"] = var_dir
    if database_url:
        import psycopg

        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS cadre_bench_practices")
            conn.execute("CREATE DATABASE cadre_bench_practices")
        base = database_url.rsplit("/", 1)[0]
        os.environ["DATABASE_URL"] = f"{base}/cadre_bench_practices"
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return var_dir


def _text(rng: random.Random, lang: str, n: int) -> str:
    words = WORDS[lang]
    sep = "" if lang in ("ja", "zh", "th") else " "
    return sep.join(rng.choice(words) for _ in range(n))


def _load(entries: int, rng: random.Random) -> object:
    from django.utils import timezone

    from cadre.practices.models import Practice, PracticeTopic, Topic
    from cadre.practices.search import practice_reindex_all, search_text_for
    from tests.support import factories as f

    region = f.RegionFactory(code="ap")
    admins = [
        f.AdministrationFactory(region=region, code=f"b{i}", name=f"Administration {i}") for i in range(24)
    ]
    coordinator = f.UserFactory(username="bench-coordinator")
    f.MembershipFactory(user=coordinator, role="regional_coordinator", region=region)
    now = timezone.now()
    topics = list(Topic.values)
    batch: list[Practice] = []
    for i in range(entries):
        lang = ("en", "ja", "zh", "th")[i % 4]
        p = Practice(
            administration=admins[i % len(admins)],
            state="published" if i % 10 else "draft",
            published_at=now if i % 10 else None,
            title=_text(rng, lang, 5),
            year=2015 + i % 10,
            language=lang,
            summary=_text(rng, lang, 40),
            approach=_text(rng, lang, 60),
            results=_text(rng, lang, 30),
            delivery_mode=("classroom", "elearning", "blended", "mobile", "")[i % 5],
        )
        p.search_text = search_text_for(p)
        batch.append(p)
        if len(batch) == 5000 or i == entries - 1:
            Practice.objects.bulk_create(batch)
            batch = []
    ids = list(Practice.objects.values_list("id", flat=True))
    PracticeTopic.objects.bulk_create(
        [PracticeTopic(practice_id=pid, topic=topics[pid % len(topics)]) for pid in ids], batch_size=5000
    )
    practice_reindex_all()
    return coordinator


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    var_dir = _setup(args.database_url)
    try:
        from django.db import connection

        from cadre.practices.publication import Selection, collection_build, collection_pdf
        from cadre.practices.search import SearchParams, practice_search

        rng = random.Random(8)
        loading = time.perf_counter()
        coordinator = _load(args.entries, rng)
        print(f"loaded in {time.perf_counter() - loading:.1f}s", file=sys.stderr)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        timings = []
        for round_ in range(4):
            for query in QUERIES:
                started = time.perf_counter()
                practice_search(user=coordinator, params=SearchParams(text=query))
                if round_:  # the first round warms caches
                    timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        from cadre.practices.models import Practice

        newest = Practice.objects.filter(state="published").order_by("-id")[:200]
        years = sorted({p.year for p in newest})
        started = time.perf_counter()
        collection = collection_build(
            user=coordinator, selection=Selection(title="Bench", years=tuple(years))
        )
        # keep exactly 200 entries: trim sections to the first 200 in order
        kept = 0
        for section in collection.sections:
            room = max(0, 200 - kept)
            del section.entries[room:]
            kept += len(section.entries)
        kept_ids = {e.pk for section in collection.sections for e in section.entries}
        index = [(name, [e for e in es if e.pk in kept_ids]) for name, es in collection.administrations]
        collection = dataclasses.replace(collection, administrations=[(n, es) for n, es in index if es])
        pdf = collection_pdf(collection=collection)
        pdf_seconds = time.perf_counter() - started
        print(
            json.dumps(
                {
                    "bench": "practices",
                    "vendor": connection.vendor,
                    "entries": args.entries,
                    "queries": len(timings),
                    "search_p50_ms": round(statistics.median(timings), 1),
                    "search_p95_ms": round(p95, 1),
                    "search_max_ms": round(timings[-1], 1),
                    "pdf_entries": kept,
                    "pdf_pages_bytes": len(pdf),
                    "pdf_seconds": round(pdf_seconds, 2),
                }
            )
        )
    finally:
        if var_dir:
            shutil.rmtree(var_dir, ignore_errors=True)
        if args.database_url:
            from django.db import connections

            connections.close_all()
            import psycopg

            with psycopg.connect(args.database_url, autocommit=True) as conn:
                conn.execute("DROP DATABASE IF EXISTS cadre_bench_practices")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
