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

from cadre.planning.solver import EPS, Plan, Problem, State, fill, officer_value

if TYPE_CHECKING:
    from cadre.planning.colgen import Master


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

    Sessions: every (course, period) first gets the whole sessions the LP opened (rounded down);
    the budget and instructor-days left then go to rounding up, the (course, period) whose
    LP participants beyond the whole sessions bring most value per cost first. Seats: in each
    (course, period) the officers the LP sent there, largest share and value first, up to the
    seats opened. What is left is spent by the greedy rule."""
    state = State(problem)
    state.apply_locks()
    courses = {c.key: c for c in problem.courses}
    officers = {o.key: o for o in problem.officers}
    by_item: dict[tuple[int, int], list[tuple[float, float, int]]] = defaultdict(list)
    for share, o, k, p in lp_items(master, x):
        by_item[k, p].append((share, officer_value(officers[o], [courses[k]]), o))
    for people in by_item.values():
        people.sort(key=lambda item: (-round(item[0], 6), -item[1], item[2]))
    opened = {key: float(x[col]) for key, col in master.s_col.items() if col < len(x) and x[col] > 1e-6}
    for (k, p), value in sorted(opened.items()):
        while state.sessions[k, p] < math.floor(value + 1e-6) and state.open_session(k, p):
            pass
    extra = []
    for (k, p), value in opened.items():
        c = courses[k]
        whole = state.sessions[k, p] * c.seats
        beyond = by_item.get((k, p), [])[whole : whole + c.seats]
        if len(beyond) >= c.min_fill and value - math.floor(value + 1e-6) > 1e-6:
            gain = sum(share * v for share, v, _o in beyond)
            cost = c.fixed_cost + c.participant_cost * len(beyond)
            extra.append((gain / max(cost, EPS), k, p))
    for _ratio, k, p in sorted(extra, reverse=True):
        state.open_session(k, p)
    # twice: an item whose prerequisite item comes later in this order fits on the second pass
    for _pass in range(2):
        for (k, p), people in sorted(by_item.items()):
            for _share, _value, o in people:
                if len(state.members[k, p]) >= state.sessions[k, p] * courses[k].seats:
                    break
                if state.fits(o, k, p):
                    state.add(o, k, p)
    state.repair_fill()
    fill(state, cands)
    state.repair_fill()
    return state.plan()
