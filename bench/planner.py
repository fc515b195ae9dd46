"""Benchmark the annual-plan solver on a seeded synthetic family (see docs/benchmarks.md).

Usage: .venv/bin/python bench/planner.py [officers ...] [--time-limit 60]
Prints one line per size and a final JSON line.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cadre.planning.solver import CourseSpec, Gap, OfficerSpec, Problem, evaluate, greedy, solve


def instance(officers: int, seed: int = 2026) -> Problem:
    rng = random.Random(seed)
    competencies, quals, periods = 200, 40, 4
    courses = []
    for k in range(150):
        days = rng.choice([1, 2, 3, 5])
        courses.append(
            CourseSpec(
                key=k,
                days=float(days),
                seats=rng.choice([12, 16, 20, 24]),
                min_fill=rng.choice([4, 6, 8]),
                session_cost=float(rng.randint(5, 30) * 100),
                participant_cost=float(rng.randint(2, 15) * 10),
                instructor_day_cost=float(rng.randint(3, 8) * 100),
                instructor_days=float(days * rng.choice([1, 1, 2])),
                qualification=f"Q{rng.randrange(quals)}",
                targets={c: rng.randint(2, 4) for c in rng.sample(range(competencies), rng.randint(1, 3))},
                languages=frozenset(rng.sample(["en", "fr"], 1)) if rng.random() < 0.2 else frozenset(),
            )
        )
    units = max(officers // 40, 5)
    people = []
    for o in range(officers):
        gaps = []
        for c in rng.sample(range(competencies), rng.randint(3, 8)):
            required = rng.randint(2, 4)
            current = rng.randint(0, required - 1)
            gaps.append(Gap(c, current, required, round(rng.uniform(1.0, 1.0 + 0.5 * 3 + 1.0), 2)))
        people.append(
            OfficerSpec(
                key=o,
                unit=rng.randrange(units),
                gaps=tuple(gaps),
                languages=frozenset(rng.sample(["en", "fr"], rng.randint(1, 2))),
            )
        )
    demand_cost = (
        sum(c.participant_cost + c.fixed_cost / c.seats for c in courses) / len(courses) * officers * 2
    )
    instructor = {f"Q{q}": [officers / 2000 * 30.0] * periods for q in range(quals)}
    return Problem(
        periods=periods,
        budget=round(demand_cost / 3),
        day_cap=10.0,
        courses=courses,
        officers=people,
        instructor_days=instructor,
        unit_caps=dict.fromkeys(range(units), 40 // 3),
    )


def run(officers: int, time_limit: float) -> dict[str, object]:
    problem = instance(officers)
    started = time.perf_counter()
    base = greedy(problem)
    greedy_s = time.perf_counter() - started
    # the time limit is for the whole run, greedy included
    result = solve(problem, time_limit=max(1.0, time_limit - greedy_s), warm=base)
    assert not evaluate(problem, result.plan).violations
    return {
        "officers": officers,
        "objective": round(result.objective, 1),
        "bound": round(result.bound, 1) if result.bound is not None else None,
        "gap_pct": round(result.gap_pct, 3) if result.gap_pct is not None else None,
        "greedy": round(base.objective, 1),
        "ratio": round(result.objective / max(base.objective, 1e-9), 4),
        "greedy_s": round(greedy_s, 1),
        "seconds": round(time.perf_counter() - started, 1),
        "method": result.method,
        "lp_value": round(float(result.details.get("lp_value", 0.0)), 1),  # type: ignore[arg-type]
        "cg_iterations": result.details.get("iterations"),
        "columns": result.details.get("columns"),
        "classes": result.details.get("classes"),
        "seconds_lp": result.details.get("seconds_lp"),
        "seconds_mip": result.details.get("seconds_mip"),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[2000, 20000])
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        row = run(size, args.time_limit)
        print(row, flush=True)
        rows.append(row)
    print(json.dumps({"bench": "planner", "time_limit": args.time_limit, "rows": rows}))


if __name__ == "__main__":
    main()
