"""Read the nominations list: the filter, its matching enrolments, and the options of its fields.

The filter is a value (``EnrolmentFilter``) so that "all N matching the filter" can travel in a
form and be evaluated again inside the bulk action's transaction: the selection is the filter, not
a list of ids the page happened to show.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from cadre.catalogue.models import Course
from cadre.delivery.models import Enrolment, Session
from cadre.delivery.selectors import enrolments_visible_to, officers_nominable_by
from cadre.people.models import Officer, Position
from cadre.tenancy.access import MANAGERS, access_for, q_for_administrations, q_for_supervised_units
from cadre.tenancy.models import OrgUnit

#: Past this many options a filter field is typed (a code) instead of chosen from a list.
MAX_SELECT_OPTIONS = 100


def _int(value: Any) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


@dataclass(frozen=True)
class EnrolmentFilter:
    """What the nominations list shows: by state, session, course and org unit (with its sub-units)."""

    state: str = ""
    session_id: int | None = None
    course_id: int | None = None
    unit_id: int | None = None
    newest_first: bool = False

    @classmethod
    def from_query(cls, data: Mapping[str, Any]) -> EnrolmentFilter:
        """Read the filter from GET or POST parameters; a value that cannot be one is ignored."""
        state = str(data.get("state", "") or "")
        return cls(
            state=state if state in Enrolment.State.values else "",
            session_id=_int(data.get("session")),
            course_id=_int(data.get("course")),
            unit_id=_int(data.get("unit")),
            newest_first=data.get("order") == "newest",
        )

    def as_query(self) -> dict[str, str]:
        """The filter as query parameters (empty ones left out)."""
        out = {
            "state": self.state,
            "session": str(self.session_id or ""),
            "course": str(self.course_id or ""),
            "unit": str(self.unit_id or ""),
            "order": "newest" if self.newest_first else "",
        }
        return {k: v for k, v in out.items() if v}


def enrolments_matching(*, user: Any, filters: EnrolmentFilter) -> QuerySet[Enrolment]:
    """The enrolments the caller may see that match the filter, oldest request first by default."""
    qs = enrolments_visible_to(user=user).select_related("completion", "officer__position")
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.session_id is not None:
        qs = qs.filter(session__pk=filters.session_id)
    if filters.course_id is not None:
        qs = qs.filter(session__course__pk=filters.course_id)
    if filters.unit_id is not None:
        path = OrgUnit.objects.filter(pk=filters.unit_id).values_list("path", flat=True).first()
        # Paths hold the units' ids, so a unit's subtree never reaches into another administration.
        qs = qs.filter(officer__org_unit__path__startswith=path) if path else qs.none()
    order = ("-requested_at", "-pk") if filters.newest_first else ("requested_at", "pk")
    return qs.order_by(*order)


def enrolments_pending_counts(*, user: Any) -> dict[str, int]:
    """How many requests wait for the caller's approval, and how many approvals for their confirmation."""
    manages = q_for_administrations(user=user, roles=MANAGERS, field_name="session__administration")
    supervises = q_for_supervised_units(user=user, field_name="officer__org_unit")
    own = Q(officer__user_id=int(getattr(user, "pk", None) or 0))
    return {
        Enrolment.State.REQUESTED: Enrolment.objects.filter(
            supervises | manages, state=Enrolment.State.REQUESTED
        )
        .exclude(own)
        .count(),
        Enrolment.State.APPROVED: Enrolment.objects.filter(manages, state=Enrolment.State.APPROVED).count(),
    }


@dataclass(frozen=True)
class FilterChoices:
    """The options of the list's course and unit fields; ``None`` where there are too many to list."""

    courses: list[tuple[int, str]] | None
    units: list[tuple[int, str]] | None
    session: Session | None
    course_code: str
    unit_code: str


def _options(qs: QuerySet[Any], label: str) -> list[tuple[int, str]] | None:
    rows = list(qs.values_list("pk", label)[: MAX_SELECT_OPTIONS + 1])
    return None if len(rows) > MAX_SELECT_OPTIONS else rows


def _units_for(user: Any) -> QuerySet[OrgUnit]:
    """Units the caller may filter by: every unit where they manage, their supervised subtrees."""
    q = q_for_administrations(user=user, roles=MANAGERS)
    for administration_id, paths in access_for(user).supervised_paths.items():
        for path in paths:
            q |= Q(administration_id=administration_id, path__startswith=path)
    return OrgUnit.objects.filter(q)


def enrolment_filter_choices(*, user: Any, filters: EnrolmentFilter) -> FilterChoices:
    """Courses with enrolments the caller sees and units they may filter by (listed when few)."""
    visible = enrolments_visible_to(user=user)
    courses = Course.objects.filter(pk__in=visible.values("session__course_id")).order_by("code")
    units = _units_for(user).order_by("path")
    session = None
    if filters.session_id is not None:
        session = (
            Session.objects.select_related("course")
            .filter(pk__in=visible.values("session_id"), pk=filters.session_id)
            .first()
        )
    course_code = unit_code = ""
    if filters.course_id is not None:
        course_code = courses.filter(pk=filters.course_id).values_list("code", flat=True).first() or ""
    if filters.unit_id is not None:
        unit_code = units.filter(pk=filters.unit_id).values_list("code", flat=True).first() or ""
    return FilterChoices(
        courses=_options(courses, "code"),
        units=_options(units, "name"),
        session=session,
        course_code=course_code,
        unit_code=unit_code,
    )


def course_id_for_code(*, user: Any, code: str) -> int | None:
    """The course with this code among those with enrolments the caller sees (a typed filter)."""
    visible = enrolments_visible_to(user=user)
    return (
        Course.objects.filter(sessions__enrolments__in=visible.values("pk"), code__iexact=code.strip())
        .values_list("pk", flat=True)
        .first()
    )


def unit_id_for_code(*, user: Any, code: str) -> int | None:
    """The org unit with this code among those the caller may filter by (a typed filter)."""
    return _units_for(user).filter(code__iexact=code.strip()).values_list("pk", flat=True).first()


# --- nominating many ---------------------------------------------------------------------------------


def units_for_nomination(*, user: Any, administration_id: int) -> QuerySet[OrgUnit]:
    """Units of the administration whose officers the caller may nominate (managers all, supervisors theirs)."""
    return _units_for(user).filter(administration_id=administration_id).order_by("path")


def positions_for_nomination(*, administration_id: int) -> QuerySet[Position]:
    return Position.objects.filter(administration_id=administration_id).order_by("title", "pk")


def officers_for_nomination(
    *,
    user: Any,
    administration_id: int,
    unit_id: int,
    include_subunits: bool = True,
    position_id: int | None = None,
) -> QuerySet[Officer]:
    """Active officers of a unit (and its sub-units) the caller may nominate, by unit then name."""
    unit = units_for_nomination(user=user, administration_id=administration_id).filter(pk=unit_id).first()
    qs = officers_nominable_by(user=user, administration_id=administration_id)
    if unit is None:
        return qs.none()
    qs = qs.filter(org_unit__path__startswith=unit.path) if include_subunits else qs.filter(org_unit=unit)
    if position_id is not None:
        qs = qs.filter(position__pk=position_id)
    return qs.select_related("org_unit").order_by("org_unit__path", "family_name", "given_name", "pk")
