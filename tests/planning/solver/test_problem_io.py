"""The solver input stored with a run: JSON round trips, generic over dataclass fields, compressed when large."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from cadre.planning.solver import greedy
from cadre.planning.solver.problem_io import (
    COMPRESS_ABOVE,
    blob_digest,
    from_jsonable,
    problem_digest,
    problem_dumps,
    problem_from_json,
    problem_loads,
    problem_to_json,
    to_jsonable,
)
from tests.planning.solver.instances import random_problem


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), officers=st.integers(0, 40))
def test_a_problem_round_trips_exactly(seed, officers):
    # given a random problem with locks
    problem = random_problem(seed, officers=officers)
    if problem.officers:
        problem.locked_assignments = [(problem.officers[0].key, problem.courses[0].key, 0)]
    problem.locked_sessions = [(problem.courses[1].key, 1, 2)]
    # when stored and read back
    back = problem_loads(problem_dumps(problem))
    # then it is equal, with the same types (tuples, frozensets, int keys) and the same digest
    assert back == problem
    assert all(isinstance(t, tuple) for t in back.locked_assignments + back.locked_sessions)
    assert all(
        isinstance(c.languages, frozenset) and all(isinstance(k, int) for k in c.targets)
        for c in back.courses
    )
    assert problem_digest(back) == problem_digest(problem)
    assert blob_digest(problem_dumps(problem)) == problem_digest(problem)
    # and greedy gives the same plan on both
    assert greedy(back).plan == greedy(problem).plan


def test_large_inputs_are_compressed_and_small_ones_plain():
    small, large = random_problem(1, officers=3), random_problem(1, officers=2000)
    assert problem_dumps(small)[:1] == b"J"
    blob = problem_dumps(large)
    assert len(problem_to_json(large)) > COMPRESS_ABOVE
    assert blob[:1] == b"Z"
    assert len(blob) < len(problem_to_json(large)) / 4
    assert problem_loads(blob) == large


@dataclasses.dataclass(frozen=True)
class _Inner:
    key: int
    tags: frozenset[str]
    weights: dict[int, float]


@dataclasses.dataclass
class _Outer:
    items: list[_Inner]
    pairs: list[tuple[int, str]]
    limit: float | None = None
    added_later: tuple[int, ...] = ()


def test_generic_over_dataclass_fields_so_new_fields_survive():
    # given a dataclass the module has never heard of, with a field added after the first version
    value = _Outer([_Inner(3, frozenset({"b", "a"}), {7: 0.5})], [(1, "x")], 2.5, (4, 5))
    # when it is encoded and decoded
    back = from_jsonable(to_jsonable(value), _Outer)
    # then every field comes back, typed
    assert back == value
    # and a stored value from before the new field takes the field's default
    old = to_jsonable(value)
    del old["added_later"]
    assert from_jsonable(old, _Outer).added_later == ()


def test_json_text_is_canonical():
    problem = random_problem(5)
    assert problem_to_json(problem_from_json(problem_to_json(problem))) == problem_to_json(problem)
