"""The solver's input and output: a plain-data problem, a plan, its evaluation, a result.

Nothing in this package touches the database (nor imports Django), so the solver is tested and
benchmarked on synthetic data; the planning app translates its models into these dataclasses.

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
