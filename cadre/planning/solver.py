"""The annual-plan optimiser: a plain-data problem, a greedy baseline and a HiGHS MIP.

Nothing here touches the database, so the solver is tested and benchmarked on synthetic data.

Objective (also in docs/planning.md): for officer o and competency c with current level l,
required level r and weight w (the snapshot's priority score per gap level, i.e. criticality and
strategic relevance), a set S of planned courses closes, for each level j in l+1..r,
``min(1, sum of e_k over courses k in S whose target level for c is >= j)`` of that level, where
e_k is the course's effectiveness (1 until evaluation data exist). With e = 1 this is exactly the
highest level any planned course reaches, so a gap closed by two courses is counted once.

Constraints: budget (session fixed + instructor-day + per-participant costs) and optional
per-unit budgets (the per-participant costs of the unit's officers); instructor-days per
qualification per period; seats and minimum fill per opened session; officer training-day cap;
language as eligibility; prerequisites: each is held already (a completed course or a held
competency level, a negative key), or is a course the same officer is planned to take in a
strictly earlier period of the plan (depth 1 when planning: such a prerequisite course must itself
be eligible without planning, and both courses count against the day cap); unit away caps per period
(assignments of the unit's officers in the period: an officer away twice counts twice); locked
assignments and session counts kept. Nobody is sent to a course that closes none of their gaps
(unless a manager locked it), so an officer without a gap is never a filler for minimum fill.

The MIP decides one binary per (officer, candidate course) and, per period, integer counts of
sessions and of each unit's participants; officers are then placed in periods from the counts.
This removes the period dimension from the per-officer variables (4x fewer binaries) without
losing anything: no constraint distinguishes two officers of one unit within a period. Having no
order between an officer's courses, it leaves out courses whose prerequisites are still to be
planned (a restriction, so its plans stay valid; column generation plans them).
"""

from __future__ import annotations

import heapq
import math
import time
from collections import defaultdict
from dataclasses import dataclass, field

EPS = 1e-6


@dataclass(frozen=True)
class Gap:
    competency: int
    current: int
    required: int
    weight: float  # value of closing one level


@dataclass(frozen=True)
class CourseSpec:
    key: int
    days: float
    seats: int
    min_fill: int
    session_cost: float
    participant_cost: float
    instructor_day_cost: float
    instructor_days: float  # per session (duration x instructors per session)
    qualification: str  # "" = no instructor limit
    targets: dict[int, int]  # competency -> target level
    languages: frozenset[str] = frozenset()  # empty = any
    # course keys (completed, or planned in an earlier period) and competency-level tokens (< 0,
    # held already)
    prerequisites: frozenset[int] = frozenset()
    effectiveness: float = 1.0

    @property
    def fixed_cost(self) -> float:
        return self.session_cost + self.instructor_days * self.instructor_day_cost


@dataclass(frozen=True)
class OfficerSpec:
    key: int
    unit: int
    gaps: tuple[Gap, ...]
    languages: frozenset[str] = frozenset()
    completed: frozenset[int] = frozenset()


@dataclass
class Problem:
    periods: int
    budget: float
    day_cap: float
    courses: list[CourseSpec]
    officers: list[OfficerSpec]
    instructor_days: dict[str, list[float]] = field(default_factory=dict)  # qualification -> per period
    unit_caps: dict[int, int] = field(default_factory=dict)
    unit_budgets: dict[int, float] = field(default_factory=dict)
    locked_assignments: list[tuple[int, int, int]] = field(default_factory=list)  # officer, course, period
    locked_sessions: list[tuple[int, int, int]] = field(default_factory=list)  # course, period, at least


@dataclass
class Plan:
    sessions: dict[tuple[int, int], int]  # (course, period) -> sessions
    assignments: list[tuple[int, int, int]]  # (officer, course, period)


@dataclass
class Evaluation:
    objective: float
    cost: float
    violations: list[str]


@dataclass
class Result:
    method: str
    status: str
    plan: Plan
    objective: float
    bound: float | None
    seconds: float
    conflicts: list[str] = field(default_factory=list)
    greedy_objective: float | None = None
    details: dict[str, object] = field(default_factory=dict)

    @property
    def gap_pct(self) -> float | None:
        if self.bound is None:
            return None
        if self.bound <= EPS:
            return 0.0
        return max(0.0, (self.bound - self.objective) / self.bound * 100)


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


def eligible(officer: OfficerSpec, course: CourseSpec, day_cap: float) -> bool:
    if course.languages and not (course.languages & officer.languages):
        return False
    if not course.prerequisites <= officer.completed:
        return False
    return course.days <= day_cap + EPS


def missing(officer: OfficerSpec, course: CourseSpec) -> frozenset[int]:
    """The prerequisites of ``course`` that ``officer`` does not hold yet."""
    return course.prerequisites - officer.completed


def plannable(
    officer: OfficerSpec, course: CourseSpec, courses: dict[int, CourseSpec], day_cap: float, periods: int
) -> bool:
    """Eligible once the missing prerequisites are planned first: each is a course (not a
    competency level) the officer is eligible for now, and all of them fit the day cap together."""
    lacking = missing(officer, course)
    if not lacking:
        return eligible(officer, course, day_cap)
    if periods < 2 or any(q not in courses for q in lacking):
        return False
    if course.languages and not (course.languages & officer.languages):
        return False
    if not all(eligible(officer, courses[q], day_cap) for q in lacking):
        return False
    return course.days + sum(courses[q].days for q in lacking) <= day_cap + EPS


def _index(problem: Problem) -> tuple[dict[int, CourseSpec], dict[int, OfficerSpec]]:
    return {c.key: c for c in problem.courses}, {o.key: o for o in problem.officers}


def evaluate(problem: Problem, plan: Plan) -> Evaluation:
    """Recompute the objective and list every violated constraint (an empty list: a valid plan)."""
    courses, officers = _index(problem)
    bad: list[str] = []
    by_officer: dict[int, list[CourseSpec]] = defaultdict(list)
    participants: dict[tuple[int, int], int] = defaultdict(int)
    away: dict[tuple[int, int], int] = defaultdict(int)
    unit_spend: dict[int, float] = defaultdict(float)
    seen = set()
    locked = set(problem.locked_assignments)
    planned_periods: dict[tuple[int, int], list[int]] = defaultdict(list)
    for o, k, p in plan.assignments:
        planned_periods[o, k].append(p)
    for o, k, p in plan.assignments:
        officer, course = officers[o], courses[k]
        if (o, k) in seen:
            bad.append(f"officer {o} assigned to course {k} twice")
        seen.add((o, k))
        if not 0 <= p < problem.periods:
            bad.append(f"period {p} out of range")
        if course.languages and not (course.languages & officer.languages):
            bad.append(f"language: officer {o} course {k}")
        lacking = missing(officer, course)
        if any(q not in courses for q in lacking):
            bad.append(f"prerequisites: officer {o} course {k}")
        else:
            for before in sorted(lacking):
                if not any(earlier < p for earlier in planned_periods.get((o, before), ())):
                    bad.append(
                        f"prerequisite not planned earlier: officer {o} course {k} period {p} "
                        f"needs course {before} in an earlier period"
                    )
        if (o, k, p) not in locked and officer_value(officer, [course]) <= EPS:
            bad.append(f"no gap closed: officer {o} course {k}")
        by_officer[o].append(course)
        participants[k, p] += 1
        away[officer.unit, p] += 1
        unit_spend[officer.unit] += course.participant_cost
    cost = sum(courses[k].participant_cost for _, k, _ in plan.assignments)
    instructor: dict[tuple[str, int], float] = defaultdict(float)
    for (k, p), n in plan.sessions.items():
        course = courses[k]
        cost += n * course.fixed_cost
        if course.qualification:
            instructor[course.qualification, p] += n * course.instructor_days
    for key in set(participants) | set(plan.sessions):
        n, s = participants.get(key, 0), plan.sessions.get(key, 0)
        course = courses[key[0]]
        if n > s * course.seats:
            bad.append(f"seats: course {key[0]} period {key[1]}: {n} > {s} x {course.seats}")
        if n < s * course.min_fill:
            bad.append(f"minimum fill: course {key[0]} period {key[1]}: {n} < {s} x {course.min_fill}")
    if cost > problem.budget * (1 + 1e-9) + EPS:
        bad.append(f"budget: {cost:.2f} > {problem.budget:.2f}")
    for (q, p), used in instructor.items():
        have = problem.instructor_days.get(q, [0.0] * problem.periods)[p]
        if used > have + EPS:
            bad.append(f"instructor-days: {q} period {p}: {used} > {have}")
    for o, taken in by_officer.items():
        if sum(c.days for c in taken) > problem.day_cap + EPS:
            bad.append(f"day cap: officer {o}")
    for (u, p), n in away.items():
        if u in problem.unit_caps and n > problem.unit_caps[u]:
            bad.append(f"unit cap: unit {u} period {p}: {n} > {problem.unit_caps[u]}")
    for u, spent in unit_spend.items():
        if u in problem.unit_budgets and spent > problem.unit_budgets[u] + EPS:
            bad.append(f"unit budget: unit {u}: {spent:.2f} > {problem.unit_budgets[u]:.2f}")
    planned = set(plan.assignments)
    for lock in problem.locked_assignments:
        if lock not in planned:
            bad.append(f"locked assignment dropped: {lock}")
    for k, p, n in problem.locked_sessions:
        if plan.sessions.get((k, p), 0) < n:
            bad.append(f"locked sessions dropped: course {k} period {p}")
    objective = sum(officer_value(officers[o], taken) for o, taken in by_officer.items())
    return Evaluation(objective=objective, cost=cost, violations=bad)


def lock_conflicts(problem: Problem) -> list[str]:
    """Name the constraints the locked decisions alone already break (an empty list: consistent)."""
    courses, officers = _index(problem)
    out = []
    for o, k, p in problem.locked_assignments:
        if o not in officers or k not in courses:
            out.append(f"locked assignment ({o}, {k}) names an unknown officer or course")
            continue
        officer, course = officers[o], courses[k]
        if course.languages and not (course.languages & officer.languages):
            out.append(f"locked assignment: officer {o} speaks none of course {k}'s languages")
        lacking = missing(officer, course)
        if any(q not in courses for q in lacking):
            out.append(f"locked assignment: officer {o} lacks the prerequisites of course {k}")
            continue
        for q in sorted(lacking):
            # a locked assignment of the prerequisite in an earlier period makes the lock consistent
            if not any(o2 == o and k2 == q and p2 < p for o2, k2, p2 in problem.locked_assignments):
                out.append(
                    f"locked assignment: officer {o} takes course {k} in period {p} without its "
                    f"prerequisite course {q} locked in an earlier period"
                )
    sessions = {(k, p): n for k, p, n in problem.locked_sessions}
    for _o, k, p in problem.locked_assignments:
        if k in courses:
            seats = courses[k].seats
            need = math.ceil(sum(1 for _, k2, p2 in problem.locked_assignments if (k2, p2) == (k, p)) / seats)
            sessions[k, p] = max(sessions.get((k, p), 0), need)
    plan = Plan(sessions=sessions, assignments=list(problem.locked_assignments))
    for v in evaluate(problem, plan).violations:
        if not v.startswith(("minimum fill", "locked", "prerequisite not planned")) and v not in out:
            out.append(f"locked decisions alone break {v}")
    for (k, p), n in sessions.items():
        eligible_count = (
            sum(
                1
                for o in problem.officers
                if plannable(o, courses[k], courses, problem.day_cap, problem.periods)
            )
            if k in courses
            else 0
        )
        if k in courses and eligible_count < n * courses[k].min_fill:
            out.append(
                f"minimum fill: course {k} period {p} needs {n * courses[k].min_fill} participants, "
                f"only {eligible_count} officers are eligible"
            )
    return out


# --- greedy -------------------------------------------------------------------------------------


class State:
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.courses, self.officers = _index(problem)
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


def candidates(problem: Problem, limit: int | None = None) -> dict[int, list[int]]:
    """Courses worth considering per officer: closing some gap and eligible, or eligible once
    missing prerequisite courses that are candidates themselves are planned before (the best
    ``limit``)."""
    courses = {c.key: c for c in problem.courses}
    by_competency: dict[int, list[CourseSpec]] = defaultdict(list)
    for c in problem.courses:
        for comp in c.targets:
            by_competency[comp].append(c)
    out: dict[int, list[int]] = {}
    for off in problem.officers:
        scored = []
        seen: set[int] = set()
        for g in off.gaps:
            for c in by_competency.get(g.competency, ()):
                if c.key in seen or c.targets[g.competency] <= g.current:
                    continue
                seen.add(c.key)
                if eligible(off, c, problem.day_cap) or (
                    missing(off, c) and plannable(off, c, courses, problem.day_cap, problem.periods)
                ):
                    value = officer_value(off, [c])
                    if value > EPS:
                        scored.append((value / (c.participant_cost + c.fixed_cost / c.seats + EPS), c.key))
        scored.sort(reverse=True)
        chosen = [k for _, k in (scored[:limit] if limit else scored)]
        # a course whose prerequisites are planned is a candidate only beside each of them
        kept = set(chosen)
        out[off.key] = [k for k in chosen if missing(off, courses[k]) <= kept]
    return out


def fill(
    state: State,
    cands: dict[int, list[int]],
    rounds: int = 4,
    single: dict[tuple[int, int], float] | None = None,
) -> None:
    """Place officers in courses, highest gain per cost first, until nothing more fits.

    Starts from whatever ``state`` holds already (locked decisions, or a rounded LP plan), so the
    same rule completes a partial plan."""
    problem = state.problem
    single = {} if single is None else single  # officer-course values, reusable across calls
    for _ in range(rounds):
        heap = []
        for off in problem.officers:
            for k in cands[off.key]:
                if all(k != k2 for k2, _ in state.taken[off.key]):
                    c = state.courses[k]
                    if (off.key, k) not in single:
                        single[off.key, k] = officer_value(off, [c])
                    heap.append(
                        (
                            -single[off.key, k] / (c.participant_cost + c.fixed_cost / c.seats + EPS),
                            off.key,
                            k,
                        )
                    )
        heapq.heapify(heap)
        # courses waiting for a prerequisite course of the same officer: back in the heap once it is placed
        waiting: dict[tuple[int, int], list[tuple[float, int, int]]] = defaultdict(list)
        deferred = placed = False
        while heap:
            key, o, k = heapq.heappop(heap)
            if any(k == k2 for k2, _ in state.taken[o]):
                continue
            officer, c = state.officers[o], state.courses[k]
            now = [state.courses[k2] for k2, _ in state.taken[o]]
            if now:
                gain = officer_gain(officer, now, c)
            else:
                gain = single[o, k] if (o, k) in single else officer_value(officer, [c])
            if gain <= EPS:
                continue
            score = -gain / (c.participant_cost + c.fixed_cost / c.seats + EPS)
            if score > key + 1e-12:  # stale: worth less now that the officer took another course
                heapq.heappush(heap, (score, o, k))
                continue
            if state.periods_for(o, k) is None:
                taken = {k2 for k2, _ in state.taken[o]}
                waiting[o, min(missing(officer, c) - taken)].append((key, o, k))
                deferred = True
                continue
            if state.try_place(o, k):
                placed = True
                for item in waiting.pop((o, k), ()):
                    heapq.heappush(heap, item)
        # another round when a course waited for a prerequisite and the plan moved on since
        if not state.repair_fill() and not (deferred and placed):
            break


def seat_pass(state: State, cands: dict[int, list[int]]) -> None:
    """Fill free seats of open sessions, highest gain per participant cost first."""
    problem = state.problem
    free_courses = {
        k for (k, p), n in state.sessions.items() if len(state.members[k, p]) < n * state.courses[k].seats
    }
    heap: list[tuple[float, int, int]] = []
    for off in problem.officers:
        taken = {k for k, _p in state.taken[off.key]}
        now = [state.courses[k] for k in taken]
        for k in cands.get(off.key, ()):
            if k in free_courses and k not in taken:
                gain = officer_gain(off, now, state.courses[k])
                if gain > EPS:
                    heap.append((-gain / (state.courses[k].participant_cost + EPS), off.key, k))
    heapq.heapify(heap)
    while heap:
        key, o, k = heapq.heappop(heap)
        c = state.courses[k]
        officer = state.officers[o]
        if any(k == k2 for k2, _p in state.taken[o]):
            continue
        gain = officer_gain(officer, [state.courses[k2] for k2, _p in state.taken[o]], c)
        score = -gain / (c.participant_cost + EPS)
        if gain <= EPS:
            continue
        if score > key + 1e-12:
            heapq.heappush(heap, (score, o, k))
            continue
        for p in range(problem.periods):
            if state.fits(o, k, p):
                state.add(o, k, p)
                break


def greedy(problem: Problem, rounds: int = 4) -> Result:
    """Highest value per cost first under every constraint, as a careful spreadsheet would do."""
    started = time.perf_counter()
    conflicts = lock_conflicts(problem)
    state = State(problem)
    state.apply_locks()
    fill(state, candidates(problem), rounds)
    state.repair_fill()
    plan = state.plan()
    checked = evaluate(problem, plan)
    value = checked.objective
    conflicts += [f"greedy could not meet {v}" for v in checked.violations if v not in conflicts]
    return Result(
        "greedy",
        "feasible" if not conflicts else "conflicts",
        plan,
        value,
        None,
        time.perf_counter() - started,
        conflicts,
    )
