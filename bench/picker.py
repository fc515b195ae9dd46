"""Benchmark: the officer picker's typeahead at 100,000 officers, through the real view.

Builds one administration of ``--officers`` officers (kanji names with kana readings, katakana and
Latin names, some with diacritics; about 1,000 org units) and a small foreign administration, in a
temporary database, then sends ``--queries`` typeahead requests of mixed kinds (kana, kanji, Latin,
employee-number prefix, unit name) to ``/pickers/?source=officers`` with Django's test client, as
the big administration's training manager. Prints p50/p95/max per kind and overall, then one JSON
line: {"bench": "picker", "vendor": ..., "officers": ..., "queries": ..., "p50_ms": ...,
"p95_ms": ..., "max_ms": ..., "foreign_returned": 0, ...}.

Run: .venv/bin/python bench/picker.py [--officers 100000] [--queries 240]
         [--database-url postgres://postgres@127.0.0.1:5432/postgres]
SQLite by default (a temporary file); with --database-url (or DATABASE_URL), a scratch database
``bench_picker`` is created on that server and dropped afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

SCRATCH_DB = "bench_picker"

#: (kanji, kana reading, Latin reading)
FAMILY = [
    ("佐藤", "さとう", "Sato"),
    ("鈴木", "すずき", "Suzuki"),
    ("高橋", "たかはし", "Takahashi"),
    ("田中", "たなか", "Tanaka"),
    ("伊藤", "いとう", "Ito"),
    ("渡辺", "わたなべ", "Watanabe"),
    ("山本", "やまもと", "Yamamoto"),
    ("中村", "なかむら", "Nakamura"),
    ("小林", "こばやし", "Kobayashi"),
    ("加藤", "かとう", "Kato"),
    ("吉田", "よしだ", "Yoshida"),
    ("山田", "やまだ", "Yamada"),
    ("佐々木", "ささき", "Sasaki"),
    ("山口", "やまぐち", "Yamaguchi"),
    ("松本", "まつもと", "Matsumoto"),
    ("井上", "いのうえ", "Inoue"),
    ("木村", "きむら", "Kimura"),
    ("林", "はやし", "Hayashi"),
    ("斎藤", "さいとう", "Saito"),
    ("清水", "しみず", "Shimizu"),
    ("山崎", "やまざき", "Yamazaki"),
    ("森", "もり", "Mori"),
    ("池田", "いけだ", "Ikeda"),
    ("橋本", "はしもと", "Hashimoto"),
    ("阿部", "あべ", "Abe"),
    ("石川", "いしかわ", "Ishikawa"),
    ("前田", "まえだ", "Maeda"),
    ("藤田", "ふじた", "Fujita"),
    ("小川", "おがわ", "Ogawa"),
    ("岡田", "おかだ", "Okada"),
]
GIVEN = [
    ("太郎", "たろう", "Taro"),
    ("花子", "はなこ", "Hanako"),
    ("翔", "しょう", "Sho"),
    ("陽菜", "ひな", "Hina"),
    ("大輝", "だいき", "Daiki"),
    ("美咲", "みさき", "Misaki"),
    ("健太", "けんた", "Kenta"),
    ("由美", "ゆみ", "Yumi"),
    ("直樹", "なおき", "Naoki"),
    ("彩", "あや", "Aya"),
    ("誠", "まこと", "Makoto"),
    ("恵", "めぐみ", "Megumi"),
    ("拓也", "たくや", "Takuya"),
    ("愛", "あい", "Ai"),
    ("亮", "りょう", "Ryo"),
    ("千尋", "ちひろ", "Chihiro"),
    ("悠斗", "ゆうと", "Yuto"),
    ("真由美", "まゆみ", "Mayumi"),
    ("浩", "ひろし", "Hiroshi"),
    ("優子", "ゆうこ", "Yuko"),
]
KATAKANA = [
    ("スミス", "Smith"),
    ("ガルシア", "Garcia"),
    ("グエン", "Nguyen"),
    ("キム", "Kim"),
    ("ミュラー", "Muller"),
]
LATIN = [
    ("José", "García"),
    ("Jürgen", "Müller"),
    ("Thi Lan", "Nguyễn"),
    ("Søren", "Kierkegård"),
    ("Amélie", "Lefèvre"),
    ("John", "Smith"),
    ("Maria", "Santos"),
    ("Ana", "Peña"),
]
PLACES = ["Narita", "Haneda", "Yokohama", "Kobe", "Nagoya", "Osaka", "Hakata", "Moji", "Hakodate", "Okinawa"]


def _setup(database_url: str | None) -> str:
    os.environ["DEBUG"] = "1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "cadre.settings"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    var_dir = tempfile.mkdtemp(prefix="cadre-bench-picker-")
    os.environ["CADRE_VAR_DIR"] = var_dir
    if database_url:
        import psycopg

        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DB}")
            conn.execute(f"CREATE DATABASE {SCRATCH_DB}")
        os.environ["DATABASE_URL"] = f"{database_url.rsplit('/', 1)[0]}/{SCRATCH_DB}"
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return var_dir


def _build(officers: int, rng: random.Random) -> dict:
    """One big administration (units, officers) and a small foreign one; returns what queries need."""
    from django.contrib.auth import get_user_model

    from cadre.people.models import Officer, Position
    from cadre.people.search import officer_keys_fill
    from cadre.tenancy.models import Administration, Membership, OrgUnit, Region

    region = Region.objects.create(code="bench", name="Bench region")
    big = Administration.objects.create(region=region, code="big", name="Big Customs", default_language="ja")
    foreign = Administration.objects.create(region=region, code="foreign", name="Foreign Customs")

    def unit(admin, parent, code, name, kind):
        u = OrgUnit.objects.create(administration=admin, parent=parent, code=code, name=name, kind=kind)
        u.path = f"{parent.path if parent else '/'}{u.pk}/"
        u.depth = parent.depth + 1 if parent else 0
        u.save(update_fields=["path", "depth"])
        return u

    hq = unit(big, None, "HQ", "本関", "headquarters")
    leaves = []
    for b, place in enumerate(PLACES):
        bureau = unit(big, hq, f"B{b}", f"{place} Regional Bureau", "bureau")
        for h in range(9):
            house = unit(big, bureau, f"B{b}H{h}", f"{place} Customs House {h + 1}", "customs_house")
            leaves.append(house)
            divisions = [
                OrgUnit(
                    administration=big,
                    parent=house,
                    code=f"B{b}H{h}D{d}",
                    name=f"{place} {h + 1} Division {d + 1}",
                    kind="division",
                    depth=3,
                )
                for d in range(10)
            ]
            OrgUnit.objects.bulk_create(divisions)
            for d in divisions:
                d.path = f"{house.path}{d.pk}/"
            OrgUnit.objects.bulk_update(divisions, ["path"])
            leaves += divisions
    positions = [
        Position.objects.create(administration=big, code=f"P{i}", title=t)
        for i, t in enumerate(
            ["Customs examiner", "Inspector", "Auditor", "Risk analyst", "Chief", "Director"]
        )
    ]
    foreign_unit = unit(foreign, None, "F-HQ", "Narita Foreign House", "headquarters")

    batch: list = []
    for i in range(officers):
        roll = rng.random()
        if roll < 0.80:
            fam, giv = rng.choice(FAMILY), rng.choice(GIVEN)
            names = {
                "family_name": fam[0],
                "given_name": giv[0],
                "family_name_reading": fam[1],
                "given_name_reading": giv[1],
            }
        elif roll < 0.88:
            fam, giv = rng.choice(KATAKANA), rng.choice(GIVEN)
            names = {
                "family_name": fam[0],
                "given_name": giv[1],
                "family_name_reading": fam[1],
                "given_name_reading": giv[2],
            }
        else:
            giv_l, fam_l = rng.choice(LATIN)
            names = {"family_name": fam_l, "given_name": giv_l}
        officer = Officer(
            administration=big,
            employee_number=f"JP{i:06d}",
            org_unit=rng.choice(leaves),
            position=rng.choice(positions),
            **names,
        )
        officer_keys_fill(officer)
        batch.append(officer)
        if len(batch) >= 5000:
            Officer.objects.bulk_create(batch)
            batch = []
    Officer.objects.bulk_create(batch)
    # The foreign administration's officers carry the very names and numbers searched for.
    twins = []
    for i in range(200):
        fam, giv = FAMILY[i % len(FAMILY)], GIVEN[i % len(GIVEN)]
        twin = Officer(
            administration=foreign,
            org_unit=foreign_unit,
            employee_number=f"JP{i:06d}",
            family_name=fam[0],
            given_name=giv[0],
            family_name_reading=fam[1],
            given_name_reading=giv[1],
        )
        officer_keys_fill(twin)
        twins.append(twin)
    Officer.objects.bulk_create(twins)
    manager = get_user_model().objects.create_user(username="bench_tm", password="x")
    Membership.objects.create(user=manager, role="training_manager", administration=big)
    foreign_ids = set(Officer.objects.filter(administration=foreign).values_list("pk", flat=True))
    return {"manager": manager, "foreign_ids": foreign_ids}


def _queries(rng: random.Random, count: int, officers: int) -> list[tuple[str, str]]:
    kinds = []
    for i in range(count):
        kind = ("kana", "kanji", "latin", "number", "unit")[i % 5]
        fam, giv = rng.choice(FAMILY), rng.choice(GIVEN)
        if kind == "kana":
            q = rng.choice([fam[1], f"{fam[1]} {giv[1][:2]}", rng.choice(KATAKANA)[0], giv[1]])
        elif kind == "kanji":
            q = rng.choice([fam[0], f"{fam[0]}{giv[0]}", f"{fam[0]} {giv[0][:1]}"])
        elif kind == "latin":
            q = rng.choice(
                [fam[2].lower(), f"{giv[2]} {fam[2]}", "muller", "garcia jose", "nguyen", "KIERKEGARD"]
            )
        elif kind == "number":
            q = f"JP{rng.randrange(officers):06d}"[: rng.choice([4, 5, 6, 8])]
        else:
            place = rng.choice(PLACES)
            q = rng.choice([place, f"{place} house {rng.randint(1, 9)}", f"{fam[2]} {place}"])
        kinds.append((kind, q))
    return kinds


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--officers", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=240)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    args = parser.parse_args()
    var_dir = _setup(args.database_url)
    try:
        import re

        from django.db import connection
        from django.test import Client

        rng = random.Random(args.seed)
        started = time.perf_counter()
        world = _build(args.officers, rng)
        build_seconds = time.perf_counter() - started
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        else:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        client = Client()
        client.force_login(world["manager"])
        option = re.compile(r'data-value="#(\d+)"')
        for _kind, q in _queries(random.Random(0), 10, args.officers):  # warm-up
            client.get("/pickers/", {"source": "officers", "q": q})
        timings: dict[str, list[float]] = {}
        shown: list[int] = []
        foreign_returned = 0
        errors = 0
        for kind, q in _queries(rng, args.queries, args.officers):
            t0 = time.perf_counter()
            response = client.get("/pickers/", {"source": "officers", "q": q})
            elapsed = (time.perf_counter() - t0) * 1000
            if response.status_code != 200:
                errors += 1
            ids = {int(x) for x in option.findall(response.content.decode())}
            foreign_returned += len(ids & world["foreign_ids"])
            shown.append(len(ids))
            timings.setdefault(kind, []).append(elapsed)
        every = [t for ts in timings.values() for t in ts]
        print(
            f"vendor={connection.vendor} officers={args.officers} build={build_seconds:.1f}s queries={len(every)}"
        )
        print(f"{'kind':8} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for kind, ts in timings.items():
            print(f"{kind:8} {len(ts):4d} {statistics.median(ts):8.1f} {_pct(ts, 95):8.1f} {max(ts):8.1f}")
        print(
            f"{'all':8} {len(every):4d} {statistics.median(every):8.1f} {_pct(every, 95):8.1f} {max(every):8.1f}"
        )
        print(
            json.dumps(
                {
                    "bench": "picker",
                    "vendor": connection.vendor,
                    "officers": args.officers,
                    "queries": len(every),
                    "p50_ms": round(statistics.median(every), 1),
                    "p95_ms": round(_pct(every, 95), 1),
                    "max_ms": round(max(every), 1),
                    "per_kind_p95_ms": {k: round(_pct(ts, 95), 1) for k, ts in timings.items()},
                    "mean_options_shown": round(statistics.mean(shown), 1),
                    "foreign_returned": foreign_returned,
                    "errors": errors,
                    "build_seconds": round(build_seconds, 1),
                }
            )
        )
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
        if args.database_url:
            from django.db import connections

            connections.close_all()
            import psycopg

            with psycopg.connect(args.database_url, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DB}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
