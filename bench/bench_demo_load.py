"""Benchmark: load the full demo into a fresh temporary SQLite database.

Prints one JSON line: {"bench": "demo_load", "seconds": ..., "officers": ..., "assessments": ...,
"peak_rss_mb": ...}. ``seconds`` times the load only (not the migrations).
Run: .venv/bin/python bench/bench_demo_load.py [--officers 5000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--officers", type=int, default=5000)
    args = parser.parse_args()
    var_dir = tempfile.mkdtemp(prefix="cadre-bench-demo-")
    try:
        # Before django.setup(): a private SQLite file, development settings.
        os.environ["CADRE_VAR_DIR"] = var_dir
        os.environ["DEBUG"] = "1"
        os.environ.pop("DATABASE_URL", None)
        os.environ["DJANGO_SETTINGS_MODULE"] = "cadre.settings"
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        import django

        django.setup()
        from django.core.management import call_command

        from cadre.demo.data import DemoSize, demo_load

        call_command("migrate", verbosity=0, interactive=False)
        started = time.perf_counter()
        summary = demo_load(size=DemoSize.for_big(args.officers))
        seconds = time.perf_counter() - started
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
        print(
            json.dumps(
                {
                    "bench": "demo_load",
                    "seconds": round(seconds, 2),
                    "officers": summary.officers,
                    "assessments": summary.assessments,
                    "administrations": summary.administrations,
                    "peak_rss_mb": round(peak_kb / 1024, 1),
                }
            )
        )
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
