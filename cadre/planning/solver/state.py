"""A partial plan under construction that keeps every constraint (greedy's working state)."""

from __future__ import annotations

from collections import defaultdict

from cadre.planning.solver.eligibility import missing
from cadre.planning.solver.evaluation import index
from cadre.planning.solver.instance import EPS, Plan, Problem


class State:
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.courses, self.officers = index(problem)
        self.sessions: dict[tuple[int, int], int] = defaultdict(int)
        self.members: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.taken: dict[int, list[tuple[int, int]]] = defaultdict(list)  # officer -> (course, period)
        self.spent = 0.0
        self.unit_spent: dict[int, float] = defaultdict(float)
        self.instructor: dict[tuple[str, int], float] = defaultdict(float)
        self.away: dict[tuple[int, int], int] = defaultdict(int)
        self.banned: set[tuple[int, int]] = set()
        self.locked = set(problem.locked_assignments)

    def apply_locks(self) -> None:
        """Open the locked sessions and place the locked assignments, whatever they cost."""
        for k, p, n in self.problem.locked_sessions:
            while self.sessions[k, p] < n:
                self.open_session(k, p, force=True)
        for o, k, p in self.problem.locked_assignments:
            c = self.courses[k]
            while len(self.members[k, p]) >= self.sessions[k, p] * c.seats:
                self.open_session(k, p, force=True)
            self.add(o, k, p)

    def days(self, o: int) -> float:
        return sum(self.courses[k].days for k, _ in self.taken[o])

    def open_session(self, k: int, p: int, force: bool = False) -> bool:
        c = self.courses[k]
        if not force:
            if (k, p) in self.banned or self.spent + c.fixed_cost > self.problem.budget + EPS:
                return False
            if c.qualification:
                have = self.problem.instructor_days.get(c.qualification, [0.0] * self.problem.periods)[p]
                if self.instructor[c.qualification, p] + c.instructor_days > have + EPS:
                    return False
        self.sessions[k, p] += 1
        self.spent += c.fixed_cost
        if c.qualification:
            self.instructor[c.qualification, p] += c.instructor_days
        return True

    def close_session(self, k: int, p: int) -> None:
        c = self.courses[k]
        self.sessions[k, p] -= 1
        self.spent -= c.fixed_cost
        if c.qualification:
            self.instructor[c.qualification, p] -= c.instructor_days

    def add(self, o: int, k: int, p: int) -> None:
        c, unit = self.courses[k], self.officers[o].unit
        self.members[k, p].append(o)
        self.taken[o].append((k, p))
        self.spent += c.participant_cost
        self.unit_spent[unit] += c.participant_cost
        self.away[unit, p] += 1

    def remove(self, o: int, k: int, p: int) -> None:
        """Take ``o`` out of (``k``, ``p``), and out of every course of ``o`` that relied on ``k``
        as a planned prerequisite (it would now be taken without it)."""
        if (k, p) not in self.taken[o]:
            return
        c, unit = self.courses[k], self.officers[o].unit
        self.members[k, p].remove(o)
        self.taken[o].remove((k, p))
        self.spent -= c.participant_cost
        self.unit_spent[unit] -= c.participant_cost
        self.away[unit, p] -= 1
        officer = self.officers[o]
        for k2, p2 in list(self.taken[o]):
            if k in missing(officer, self.courses[k2]):
                self.remove(o, k2, p2)

    def periods_for(self, o: int, k: int) -> range | None:
        """The periods in which ``o`` may take ``k`` given what ``o`` has taken: after every
        missing prerequisite course; None while one of them is not taken (or is not a course)."""
        start = 0
        for q in missing(self.officers[o], self.courses[k]):
            taken = [p for k2, p in self.taken[o] if k2 == q]
            if not taken:
                return None
            start = max(start, min(taken) + 1)
        return range(start, self.problem.periods)

    def fits(self, o: int, k: int, p: int) -> bool:
        """Whether officer ``o`` can take a free seat of an open (course ``k``, period ``p``) session."""
        problem, c = self.problem, self.courses[k]
        unit = self.officers[o].unit
        if any(k == k2 for k2, _p in self.taken[o]):
            return False
        allowed = self.periods_for(o, k)
        if allowed is None or p not in allowed:
            return False
        if len(self.members[k, p]) >= self.sessions[k, p] * c.seats:
            return False
        if self.away[unit, p] >= problem.unit_caps.get(unit, 1 << 30):
            return False
        if self.days(o) + c.days > problem.day_cap + EPS:
            return False
        if self.spent + c.participant_cost > problem.budget + EPS:
            return False
        return not (
            unit in problem.unit_budgets
            and self.unit_spent[unit] + c.participant_cost > problem.unit_budgets[unit] + EPS
        )

    def try_place(self, o: int, k: int) -> bool:
        c, unit = self.courses[k], self.officers[o].unit
        problem = self.problem
        if self.spent + c.participant_cost > problem.budget + EPS:
            return False
        if (
            unit in problem.unit_budgets
            and self.unit_spent[unit] + c.participant_cost > problem.unit_budgets[unit] + EPS
        ):
            return False
        if self.days(o) + c.days > problem.day_cap + EPS:
            return False
        allowed = self.periods_for(o, k)
        if allowed is None:
            return False
        periods = [p for p in allowed if self.away[unit, p] < problem.unit_caps.get(unit, 1 << 30)]
        # a free seat in an open session first (fullest first), else open a session
        free = [p for p in periods if len(self.members[k, p]) < self.sessions[k, p] * c.seats]
        if free:
            under = [p for p in free if len(self.members[k, p]) < self.sessions[k, p] * c.min_fill]
            self.add(o, k, (under or free)[0] if under else max(free, key=lambda p: len(self.members[k, p])))
            return True
        for p in periods:
            if self.spent + c.fixed_cost + c.participant_cost <= problem.budget + EPS and self.open_session(
                k, p
            ):
                self.add(o, k, p)
                return True
        return False

    def repair_fill(self) -> bool:
        """Drop sessions below minimum fill (keeping locked ones); True when something changed.

        Repeats until no session is below its minimum: dropping a prerequisite also drops the
        courses that relied on it, which may leave their sessions below minimum in turn."""
        changed = False
        while self._repair_pass():
            changed = True
        return changed

    def _repair_pass(self) -> bool:
        changed = False
        for (k, p), n_sessions in list(self.sessions.items()):
            c = self.courses[k]
            while self.sessions[k, p] > 0 and len(self.members[k, p]) < self.sessions[k, p] * c.min_fill:
                if len(self.members[k, p]) <= (self.sessions[k, p] - 1) * c.seats and self.sessions[
                    k, p
                ] - 1 >= self._locked_sessions(k, p):
                    self.close_session(k, p)
                    changed = True
                    continue
                if self._locked_sessions(k, p) or any((o, k, p) in self.locked for o in self.members[k, p]):
                    break  # reported by lock_conflicts / kept as the manager decided
                for o in list(self.members[k, p]):
                    self.remove(o, k, p)
                while self.sessions[k, p]:
                    self.close_session(k, p)
                self.banned.add((k, p))
                changed = True
            del n_sessions
        return changed

    def _locked_sessions(self, k: int, p: int) -> int:
        return max((n for k2, p2, n in self.problem.locked_sessions if (k2, p2) == (k, p)), default=0)

    def plan(self) -> Plan:
        return Plan(
            sessions={key: n for key, n in self.sessions.items() if n > 0},
            assignments=sorted((o, k, p) for o, items in self.taken.items() for k, p in items),
        )
