"""The annual-plan optimiser: plain dataclasses in, a plan out; HiGHS inside, no Django.

``instance`` holds the problem and the plan; ``greedy`` the baseline; ``master``, ``pricing``,
``rounding``, ``column_mip`` and ``colgen`` the column generation; ``improvement`` the rounds that
spend what weak sessions freed; ``mip`` the compact model; ``pipeline.solve`` puts them together.
The planning app translates its models into a ``Problem`` (cadre.planning.instances) and stores
the ``Result``; this package imports nothing of Django nor of another cadre app.
"""

from __future__ import annotations

from cadre.planning.solver.colgen import SOLVING, ColgenResult, solve_colgen
from cadre.planning.solver.eligibility import eligible, missing, plannable
from cadre.planning.solver.evaluation import evaluate, lock_conflicts
from cadre.planning.solver.greedy import candidates, greedy
from cadre.planning.solver.instance import (
    EPS,
    CourseSpec,
    Evaluation,
    Gap,
    OfficerSpec,
    Plan,
    Problem,
    Result,
)
from cadre.planning.solver.objective import officer_gain, officer_value
from cadre.planning.solver.pipeline import lp_duals, solve
from cadre.planning.solver.progress import Progress

__all__ = [
    "EPS",
    "SOLVING",
    "ColgenResult",
    "CourseSpec",
    "Evaluation",
    "Gap",
    "OfficerSpec",
    "Plan",
    "Problem",
    "Progress",
    "Result",
    "candidates",
    "eligible",
    "evaluate",
    "greedy",
    "lock_conflicts",
    "lp_duals",
    "missing",
    "officer_gain",
    "officer_value",
    "plannable",
    "solve",
    "solve_colgen",
]
