"""From the column-generation LP to a whole plan: round, repair, complete.

With many officers the LP's officer patterns are nearly integral (a basic solution has no more
fractional officer classes than coupling rows) while its session counts are fractional. The
rounding opens the sessions the LP more than half opened, seats officers in the (course, period)
items the LP gave them (the surest first) wherever every constraint still allows it, closes
sessions left below their minimum fill, and lets the greedy rule spend what remains. Every step
goes through greedy's ``State``, so each constraint is kept by construction, and the result is
checked again by ``evaluate`` before it is used.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import TYPE_CHECKING

import numpy as np

from cadre.planning.solver.greedy import fill, seat_pass
from cadre.planning.solver.instance import EPS, Plan, Problem
from cadre.planning.solver.objective import officer_value
from cadre.planning.solver.state import State

if TYPE_CHECKING:
    from cadre.planning.solver.master import Master


def lp_items(master: Master, x: np.ndarray) -> list[tuple[float, int, int, int]]:
    """(share, officer, course, period) for every item of the LP's patterns, largest share first.

    A class's officers are interchangeable: its pattern counts are laid end to end over its
    members, so each member gets the patterns covering it with the share that covers it."""
    by_class: dict[int, list[tuple[float, tuple[tuple[int, int], ...]]]] = defaultdict(list)
    for (ci, pattern), col in master.pattern_col.items():
        if col < len(x) and x[col] > 1e-6:
            by_class[ci].append((float(x[col]), pattern))
    items: list[tuple[float, int, int, int]] = []
    for ci, patterns in by_class.items():
        members = master.classes[ci].members
        position = 0.0
        for value, pattern in sorted(patterns, reverse=True):
            start, end = position, position + value
            i = math.floor(start)
            while i < end - 1e-9 and i < len(members):
                share = min(end, i + 1) - max(start, i)
                items.extend((share, members[i], k, p) for k, p in pattern)
                i += 1
            position = end
    items.sort(key=lambda item: (-item[0], item[1], item[2], item[3]))
    return items


def lp_guided(
    problem: Problem,
    master: Master,
    x: np.ndarray,
    cands: dict[int, list[int]],
) -> Plan:
    """A whole plan from the LP solution ``x`` of the master (see the module docstring).

    Sessions: every (course, period) first gets the whole sessions the LP opened (rounded down).
    What the LP opened beyond them is summed per course and rounded to whole sessions, placed in
    the periods with the largest fractional parts; these extra sessions open in order of the
    value per cost of the LP's participants of the course, while the budget still covers the
    LP's participant costs. Seats: the LP's (officer, course) items, largest share and value
    first, each in the LP's period when it fits, else in another period of the same course with
    a free seat. Free seats are then filled and what is left is spent by the greedy rule."""
    state = State(problem)
    state.apply_locks()
    courses = {c.key: c for c in problem.courses}
    officers = {o.key: o for o in problem.officers}
    items: list[tuple[float, float, int, int, int]] = []
    participants: dict[int, float] = defaultdict(float)
    gain: dict[int, float] = defaultdict(float)
    for share, o, k, p in lp_items(master, x):
        value = officer_value(officers[o], [courses[k]])
        items.append((share, value, o, k, p))
        participants[k] += share
        gain[k] += share * value
    opened = {key: float(x[col]) for key, col in master.s_col.items() if col < len(x) and x[col] > 1e-6}
    total: dict[int, float] = defaultdict(float)
    for (k, p), value in sorted(opened.items()):
        total[k] += value
        while state.sessions[k, p] < math.floor(value + 1e-6) and state.open_session(k, p):
            pass
    extra: list[tuple[float, int, int]] = []
    for k, value in total.items():
        c = courses[k]
        beyond = value - sum(state.sessions[k, p] for p in range(problem.periods))
        whole = math.floor(beyond + 0.5)
        periods = sorted(
            range(problem.periods),
            key=lambda p, k=k: (-(opened.get((k, p), 0.0) % 1.0), p),  # type: ignore[misc]
        )
        density = (
            gain[k]
            / max(participants[k], EPS)
            * c.seats
            / (c.fixed_cost + c.seats * c.participant_cost + EPS)
        )
        extra.extend((density, k, periods[i % len(periods)]) for i in range(whole))
        if beyond - whole > 1e-6:  # a session the LP opened less than half: last in line
            extra.append(((beyond - whole) * density, k, periods[whole % len(periods)]))
    reserve = sum(
        min(participants[k], total[k] * courses[k].seats) * courses[k].participant_cost for k in total
    )
    for _density, k, p in sorted(extra, reverse=True):
        if state.spent + courses[k].fixed_cost + reserve <= problem.budget + EPS:
            state.open_session(k, p)
    items.sort(key=lambda item: (-round(item[0], 6), -item[1], item[2], item[3]))
    # twice: an item whose prerequisite item comes later in this order fits on the second pass
    for _pass in range(2):
        for _share, _value, o, k, preferred in items:
            if any(k == k2 for k2, _p in state.taken[o]):
                continue
            for p in (preferred, *(q for q in range(problem.periods) if q != preferred)):
                if state.fits(o, k, p):
                    state.add(o, k, p)
                    break
    state.repair_fill()
    seat_pass(state, cands)
    fill(state, cands)
    state.repair_fill()
    return state.plan()
