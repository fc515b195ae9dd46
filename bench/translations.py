"""Benchmark: translated course titles on the catalogue page, column per language vs a translations table.

Compares three ways of showing a course's title in the viewer's language, on the catalogue's queries
(a page of 25 courses ordered by code; one administration's whole list; a search on the title):

- ``columns``: a ``title_ja``/``description_ja`` column on the course table, read with a COALESCE
  (what django-modeltranslation stores and reads: its fields are plain columns);
- ``table_subquery``: the ``TranslatedText`` table, one correlated subquery per field in the same
  query (``cadre.translations.selectors.with_translations``, what Cadre ships);
- ``table_second_query``: the table read in a second query for the page's ids (a prefetch).

The officers do not enter these queries; ``--officers`` only loads the demo first (the figures are
then taken on the demo's own catalogue and translations, plus the synthetic courses).
Prints one JSON line. Run: .venv/bin/python bench/translations.py [--courses 6000] [--repeat 200]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path


def _timed(fn, repeat: int) -> dict[str, float]:
    fn()  # warm
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {
        "p50_ms": round(statistics.median(samples), 3),
        "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--courses", type=int, default=6000, help="synthetic courses over 24 administrations")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--officers", type=int, default=0, help="load the demo with this many officers first")
    args = parser.parse_args()
    var_dir = tempfile.mkdtemp(prefix="cadre-bench-translations-")
    try:
        os.environ["CADRE_VAR_DIR"] = var_dir
        os.environ["DEBUG"] = "1"
        os.environ.pop("DATABASE_URL", None)
        os.environ["DJANGO_SETTINGS_MODULE"] = "cadre.settings"
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection, reset_queries
        from django.db.models import Q
        from django.db.models.expressions import RawSQL
        from django.test.utils import CaptureQueriesContext
        from django.utils import translation

        from cadre.catalogue.models import Course
        from cadre.tenancy.models import Administration, Region
        from cadre.translations.models import TranslatedText
        from cadre.translations.selectors import with_translations

        call_command("migrate", verbosity=0, interactive=False)
        if args.officers:
            from cadre.demo.data import DemoSize, demo_load

            demo_load(size=DemoSize.for_big(args.officers))
        region = Region.objects.first() or Region.objects.create(code="bench", name="Bench")
        admins = [
            Administration.objects.create(
                region=region, code=f"bench{i}", name=f"Bench {i}", time_zone="Asia/Tokyo"
            )
            for i in range(24)
        ]
        per_admin = max(1, args.courses // len(admins))
        Course.objects.bulk_create(
            [
                Course(
                    administration=admin,
                    code=f"B{a:02}-{i:04}",
                    title=f"Course {a}-{i} on customs valuation",
                    description="Transaction value, adjustments and the six methods. " * 4,
                )
                for a, admin in enumerate(admins)
                for i in range(per_admin)
            ],
            batch_size=2000,
        )
        courses = list(
            Course.objects.filter(administration__in=admins).values_list("pk", "administration_id")
        )
        rows = []
        for pk, admin_id in courses:
            rows.append(
                TranslatedText(
                    kind="course",
                    record_id=pk,
                    field="title",
                    language="ja",
                    text=f"講座 {pk} 関税評価",
                    administration_id=admin_id,
                )
            )
            if pk % 2:
                rows.append(
                    TranslatedText(
                        kind="course",
                        record_id=pk,
                        field="description",
                        language="ja",
                        text="取引価格と調整。" * 8,
                        administration_id=admin_id,
                    )
                )
            # other kinds' rows share the table: competencies, objectives, questions
            rows.append(
                TranslatedText(
                    kind="competency",
                    record_id=pk,
                    field="title",
                    language="ja",
                    text="能力",
                    administration_id=admin_id,
                )
            )
        TranslatedText.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
        # the column-per-language alternative, on the same table
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE catalogue_course ADD COLUMN title_ja varchar(300) NULL")
            cursor.execute("ALTER TABLE catalogue_course ADD COLUMN description_ja text NULL")
            cursor.execute(
                "UPDATE catalogue_course SET title_ja = (SELECT text FROM translations_translatedtext t "
                "WHERE t.kind='course' AND t.record_id=catalogue_course.id AND t.field='title' AND t.language='ja'),"
                " description_ja = (SELECT text FROM translations_translatedtext t WHERE t.kind='course' AND "
                "t.record_id=catalogue_course.id AND t.field='description' AND t.language='ja')"
            )
            cursor.execute("ANALYZE")
        admin = admins[0]
        base = Course.objects.filter(administration=admin).order_by("code", "pk")

        def columns(qs):
            return qs.annotate(
                title_tr=RawSQL("COALESCE(NULLIF(title_ja, ''), title)", []),
                description_tr=RawSQL("COALESCE(NULLIF(description_ja, ''), description)", []),
            )

        def table(qs):
            return with_translations(qs, kind="course", fields=["title", "description"], language="ja")

        def second_query(qs):
            page = list(qs)
            texts = {
                (t.record_id, t.field): t.text
                for t in TranslatedText.objects.filter(
                    kind="course", language="ja", record_id__in=[c.pk for c in page]
                ).only("record_id", "field", "text")
            }
            for c in page:
                c.title_tr = texts.get((c.pk, "title"), c.title)
            return page

        # .all(): a fresh queryset each time (a reused one would answer from its result cache)
        cases = {
            "page_25": lambda q: q.all()[:25],
            "admin_list": lambda q: q.all(),
        }
        results: dict[str, object] = {}
        with translation.override("ja"):
            for name, shape in cases.items():
                for label, run in (
                    ("plain", lambda shape=shape: list(shape(base))),
                    ("columns", lambda shape=shape: list(shape(columns(base)))),
                    ("table_subquery", lambda shape=shape: list(shape(table(base)))),
                    ("table_second_query", lambda shape=shape: second_query(shape(base))),
                ):
                    reset_queries()  # the demo load filled the (bounded) query log
                    with CaptureQueriesContext(connection) as ctx:
                        run()
                    results[f"{name}.{label}"] = {
                        **_timed(run, args.repeat),
                        "queries": len(ctx.captured_queries),
                    }
            # a search by the translated title over every course (filters on the translation)
            everyone = Course.objects.order_by("code", "pk")
            searches = {
                "columns": lambda: list(
                    columns(everyone).filter(Q(title__icontains="関税") | Q(title_tr__icontains="関税"))[:25]
                ),
                "table_subquery": lambda: list(
                    table(everyone).filter(Q(title__icontains="関税") | Q(title_tr__icontains="関税"))[:25]
                ),
            }
            for label, run in searches.items():
                results[f"search.{label}"] = _timed(run, max(10, args.repeat // 10))
        print(
            json.dumps(
                {
                    "bench": "translations",
                    "courses": Course.objects.count(),
                    "translated_texts": TranslatedText.objects.count(),
                    "officers": args.officers,
                    "results": results,
                }
            )
        )
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
