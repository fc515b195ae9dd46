"""Random small planning instances for property tests and a brute-force optimum for tiny ones."""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import replace

from cadre.planning.solver import CourseSpec, Gap, OfficerSpec, Plan, Problem, evaluate


def random_problem(seed: int, officers: int = 12, courses: int = 4, periods: int = 2) -> Problem:
    rng = random.Random(seed)
    specs = [
        CourseSpec(
            key=100 + k,
            days=rng.choice([1.0, 2.0, 3.0]),
            seats=rng.choice([2, 3, 5]),
            min_fill=rng.choice([1, 2]),
            session_cost=rng.choice([100.0, 300.0]),
            participant_cost=rng.choice([10.0, 50.0]),
            instructor_day_cost=rng.choice([0.0, 40.0]),
            instructor_days=rng.choice([1.0, 2.0]),
            qualification=rng.choice(["", "Q1", "Q2"]),
            targets={rng.randrange(4): rng.randint(2, 4) for _ in range(rng.randint(1, 2))},
            languages=frozenset(rng.sample(["en", "fr"], rng.randint(0, 1))),
            prerequisites=frozenset([100]) if k == courses - 1 and rng.random() < 0.8 else frozenset(),
            effectiveness=rng.choice([1.0, 1.0, 0.8]),
        )
        for k in range(courses)
    ]
    if courses >= 2 and specs[-1].prerequisites:
        # an introduction (course 100, any language) and its advanced follow-up on one of the same
        # competencies, short enough that an officer without the introduction can take both
        intro = specs[0]
        comp = min(intro.targets)
        specs[0] = replace(intro, days=1.0, languages=frozenset(), targets={comp: 2})
        specs[-1] = replace(specs[-1], days=1.0, targets={**specs[-1].targets, comp: 4})
    people = [
        OfficerSpec(
            key=o,
            unit=rng.randrange(3),
            gaps=tuple(
                Gap(c, rng.randint(0, 2), rng.randint(2, 4), round(rng.uniform(0.5, 3), 2))
                for c in rng.sample(range(4), rng.randint(1, 3))
            ),
            languages=frozenset(rng.sample(["en", "fr"], rng.randint(1, 2))),
            completed=frozenset([100]) if rng.random() < 0.4 else frozenset(),
        )
        for o in range(officers)
    ]
    return Problem(
        periods=periods,
        budget=rng.choice([300.0, 800.0, 2000.0]),
        day_cap=rng.choice([2.0, 4.0]),
        courses=specs,
        officers=people,
        instructor_days={"Q1": [rng.choice([0.0, 2.0, 4.0]) for _ in range(periods)], "Q2": [3.0] * periods},
        unit_caps={u: rng.randint(1, 3) for u in range(3) if rng.random() < 0.6},
        unit_budgets={0: 100.0} if rng.random() < 0.3 else {},
    )


def brute_force(problem: Problem) -> float:
    """The best objective over every assignment (tiny instances only), sessions opened minimally."""
    pairs = [
        (o.key, c.key, p) for o in problem.officers for c in problem.courses for p in range(problem.periods)
    ]
    best = 0.0
    for mask in itertools.product((0, 1), repeat=len(pairs)):
        chosen = [pair for pair, on in zip(pairs, mask, strict=True) if on]
        count: dict[tuple[int, int], int] = {}
        for _o, k, p in chosen:
            count[k, p] = count.get((k, p), 0) + 1
        seats = {c.key: c.seats for c in problem.courses}
        sessions = {key: math.ceil(n / seats[key[0]]) for key, n in count.items()}
        result = evaluate(problem, Plan(sessions=sessions, assignments=chosen))
        if not result.violations and result.objective > best:
            best = result.objective
    return best
