"""Benchmark: every page of every demo persona at the 5,000-officer demo.

Loads the demo into a fresh temporary SQLite database (as bench/bench_demo_load.py does), logs in
as each demo persona and walks the pages reachable from its home and navigation: links are
followed breadth-first, at most ``--per-pattern`` URLs per URL pattern (the route plus the names
of the query parameters), downloads and actions left out. Each page is timed in-process through
Django's test client (the whole middleware stack, no network).

Prints the p50/p95/max time, the largest HTML, the status counts, the slowest ten, and a final
JSON line. Targets (issue 14): HTML <= 512 KB, p95 <= 300 ms, none over 2 s.
Run: .venv/bin/python bench/pages.py [--officers 5000] [--per-pattern 3] [--persona tm.xx]
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
from collections import Counter, deque
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urldefrag, urlsplit

#: Paths never followed: leaving the site, logging out, machine endpoints and downloads.
SKIP_PREFIXES = ("/static/", "/api/", "/xapi/", "/django-admin/", "/i18n/", "/accounts/logout/", "/launch/")
SKIP_SUFFIXES = (".ics", ".pdf", ".json", ".csv", ".xlsx", ".zip", "/download/")
SKIP_PARAMS = ("export", "format")
HTML_LIMIT = 512 * 1024
P95_LIMIT_MS = 300
MAX_LIMIT_MS = 2000


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "a":
            return
        found = dict(attrs)
        href = found.get("href")
        if href and "download" not in found:
            self.links.append(href)


@dataclass
class Visit:
    persona: str
    url: str
    pattern: str
    status: int
    ms: float
    size: int
    queries: int


def _pattern(path: str, query: str) -> str | None:
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path)
    except Resolver404:
        return None
    keys = sorted({k for k, _v in parse_qsl(query, keep_blank_values=True)})
    return f"{match.route}?{'&'.join(keys)}" if keys else match.route


def _normalise(href: str, base: str) -> tuple[str, str] | None:
    href, _frag = urldefrag(href)
    if not href or href.startswith(("mailto:", "tel:", "javascript:")):
        return None
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    path = parts.path or urlsplit(base).path
    if not path.startswith("/"):
        path = urlsplit(base).path.rsplit("/", 1)[0] + "/" + path
    if path.startswith(SKIP_PREFIXES) or path.endswith(SKIP_SUFFIXES):
        return None
    if any(k in SKIP_PARAMS for k, _v in parse_qsl(parts.query)):
        return None
    return path, parts.query


def walk(username: str, *, per_pattern: int, max_pages: int) -> list[Visit]:
    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries
    from django.test import Client

    user = get_user_model().objects.get(username=username)
    client = Client()
    client.force_login(user)
    seen: set[str] = set()
    per: Counter[str] = Counter()
    queue: deque[tuple[str, str]] = deque([("/", "")])
    visits: list[Visit] = []
    while queue and len(visits) < max_pages:
        path, query = queue.popleft()
        url = f"{path}?{query}" if query else path
        if url in seen:
            continue
        seen.add(url)
        pattern = _pattern(path, query)
        if pattern is None or per[pattern] >= per_pattern:
            continue
        per[pattern] += 1
        reset_queries()
        started = time.perf_counter()
        response = client.get(url)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        ms = (time.perf_counter() - started) * 1000
        visits.append(
            Visit(username, url, pattern, response.status_code, ms, len(content), len(connection.queries))
        )
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(content.decode("utf-8", "replace"))
        for href in parser.links:
            found = _normalise(href, url)
            if found is not None:
                queue.append(found)
    return visits


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--officers", type=int, default=5000)
    parser.add_argument("--per-pattern", type=int, default=3)
    parser.add_argument("--max-pages", type=int, default=400, help="per persona")
    parser.add_argument("--persona", action="append", help="only these usernames (repeatable)")
    args = parser.parse_args()
    var_dir = tempfile.mkdtemp(prefix="cadre-bench-pages-")
    try:
        os.environ["CADRE_VAR_DIR"] = var_dir
        os.environ["DEBUG"] = "1"  # as `cadre demo` runs; also lets the bench count queries
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
        load_s = time.perf_counter() - started
        personas = args.persona or [p.username for p in summary.personas]
        visits: list[Visit] = []
        for username in personas:
            persona_started = time.perf_counter()
            found = walk(username, per_pattern=args.per_pattern, max_pages=args.max_pages)
            visits += found
            print(
                f"{username}: {len(found)} pages in {time.perf_counter() - persona_started:.1f} s", flush=True
            )
        times = [v.ms for v in visits]
        statuses = Counter(str(v.status) for v in visits)
        slowest = sorted(visits, key=lambda v: v.ms, reverse=True)[:10]
        largest = max(visits, key=lambda v: v.size)
        failing = [v for v in visits if v.status >= 400]
        p50, p95, worst = _percentile(times, 50), _percentile(times, 95), max(times)
        print(f"\n{len(visits)} pages, {len(personas)} personas; statuses {dict(statuses)}")
        print(
            f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {worst:.0f} ms; largest HTML {largest.size / 1024:.0f} KB"
        )
        print(f"  largest: {largest.persona} {largest.url}")
        print("slowest ten:")
        for v in slowest:
            print(
                f"  {v.ms:7.0f} ms {v.size / 1024:6.0f} KB {v.queries:4d} q  {v.status}  {v.persona}  {v.url}"
            )
        for v in failing[:20]:
            print(f"  status {v.status}: {v.persona} {v.url}")
        result = {
            "bench": "pages",
            "officers": summary.officers,
            "demo_load_s": round(load_s, 1),
            "personas": len(personas),
            "pages": len(visits),
            "statuses": dict(statuses),
            "p50_ms": round(p50, 1),
            "p95_ms": round(p95, 1),
            "max_ms": round(worst, 1),
            "html_max_kb": round(largest.size / 1024, 1),
            "over_2s": sum(1 for t in times if t > MAX_LIMIT_MS),
            "over_512kb": sum(1 for v in visits if v.size > HTML_LIMIT),
            "targets_met": p95 <= P95_LIMIT_MS and worst <= MAX_LIMIT_MS and largest.size <= HTML_LIMIT,
            "slowest": [
                {"url": v.url, "persona": v.persona, "ms": round(v.ms), "kb": round(v.size / 1024)}
                for v in slowest
            ],
        }
        print(json.dumps(result))
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
