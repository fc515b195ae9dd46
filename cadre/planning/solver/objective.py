"""The objective: the weighted gap levels a set of courses closes for one officer."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from cadre.planning.solver.instance import CourseSpec, Gap, OfficerSpec


def officer_value(officer: OfficerSpec, courses: list[CourseSpec]) -> float:
    """Weighted gap closure of one officer attending ``courses`` (no gap counted twice)."""
    total = 0.0
    for g in officer.gaps:
        reaching = [
            (t, c.effectiveness) for c in courses if (t := c.targets.get(g.competency, 0)) > g.current
        ]
        if not reaching:
            continue
        for level in range(g.current + 1, g.required + 1):
            reach = sum(e for t, e in reaching if t >= level)
            if reach:
                total += g.weight * min(1.0, reach)
    return total


def _closure(gap: Gap, reaching: list[tuple[int, float]]) -> float:
    total = 0.0
    for level in range(gap.current + 1, gap.required + 1):
        reach = sum(e for t, e in reaching if t >= level)
        if reach:
            total += gap.weight * min(1.0, reach)
    return total


def officer_gain(officer: OfficerSpec, now: list[CourseSpec], course: CourseSpec) -> float:
    """``officer_value(officer, now + [course]) - officer_value(officer, now)``, touching only
    the gaps ``course`` reaches (greedy asks this hundreds of thousands of times)."""
    gain = 0.0
    for g in officer.gaps:
        target = course.targets.get(g.competency, 0)
        if target <= g.current:
            continue
        before = [(t, c.effectiveness) for c in now if (t := c.targets.get(g.competency, 0)) > g.current]
        gain += _closure(g, [*before, (target, course.effectiveness)]) - (
            _closure(g, before) if before else 0.0
        )
    return gain


def reach_groups(
    gap: Gap, courses: Mapping[int, CourseSpec], ks: Iterable[int]
) -> dict[tuple[int, ...], int]:
    """The gap's missing levels grouped by which of the courses ``ks`` reach them: reach -> levels.

    A MIP counts a level once when any course of its group is taken, so levels reached by the same
    courses share one indicator.
    """
    ks = tuple(ks)
    groups: dict[tuple[int, ...], int] = defaultdict(int)
    for level in range(gap.current + 1, gap.required + 1):
        reach = tuple(k for k in ks if courses[k].targets.get(gap.competency, 0) >= level)
        if reach:
            groups[reach] += 1
    return groups
