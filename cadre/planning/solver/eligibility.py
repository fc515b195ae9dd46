"""Who may take which course: languages, prerequisites (held, or planned earlier), the day cap."""

from __future__ import annotations

from cadre.planning.solver.instance import EPS, CourseSpec, OfficerSpec


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
