"""REST endpoints for delivery: sessions, enrolments and their transitions, attendance, completions,
instructors, supply and demand, and the caller's recommendations. Mount at ``/delivery``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Literal

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from pydantic import AwareDatetime, StringConstraints

from cadre.competencies.selectors import competency_get_for_user
from cadre.core.bulk import BULK_MAX_ITEMS
from cadre.core.errors import not_found_as
from cadre.delivery import services
from cadre.delivery.bulk import EnrolmentSelection, enrolments_bulk_decide
from cadre.delivery.enrolment_lists import EnrolmentFilter
from cadre.delivery.models import Completion, Enrolment, Instructor, Session
from cadre.delivery.recommendations import officer_recommendations, recommendations_as_rows
from cadre.delivery.selectors import (
    completions_visible_to,
    enrolment_get_for_user,
    enrolments_for_list,
    instructor_get_for_user,
    instructors_visible_to,
    session_get_for_user,
    sessions_for_list,
)
from cadre.delivery.supply import supply_demand
from cadre.people.selectors import officer_for_user, officer_get_for_user
from cadre.tenancy.access import MANAGERS
from cadre.tenancy.selectors import administration_get_for_user

router = Router()

Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]


class SessionOut(Schema):
    id: int
    administration_id: int
    course_id: int
    course_code: str = Field(alias="course.code")
    starts_at: dt.datetime
    ends_at: dt.datetime
    venue: str
    room: str
    online_url: str
    language: str
    seats: int
    status: str
    confirmed: int = Field(0, alias="confirmed_count")
    waiting: int = Field(0, alias="waiting_count")


class SessionIn(Schema):
    administration_id: int
    course_id: int
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    language: Annotated[str, StringConstraints(min_length=2, max_length=10)]
    seats: int = Field(ge=1, le=10000)
    venue: Text = ""
    room: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] = ""
    online_url: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] = ""
    instructor_ids: list[int] = Field(default_factory=list, max_length=20)


class EnrolmentOut(Schema):
    id: int
    session_id: int
    officer_id: int
    state: str
    origin: str
    requested_at: dt.datetime
    approved_at: dt.datetime | None
    confirmed_at: dt.datetime | None
    warnings: list[str]


class EnrolmentIn(Schema):
    session_id: int
    officer_id: int | None = Field(
        None, description="Leave out to request a seat for yourself; give it to nominate."
    )


class AttendanceIn(Schema):
    present: bool


class AttendanceOut(Schema):
    enrolment_id: int
    day: dt.date
    present: bool


class CompletionIn(Schema):
    passed: bool
    score: Decimal | None = Field(None, ge=0, le=100, max_digits=5, decimal_places=2)


class CompletionOut(Schema):
    enrolment_id: int
    passed: bool
    score: Decimal | None
    completed_on: dt.date
    certificate_number: str
    assessment_ids: list[int]

    @staticmethod
    def resolve_certificate_number(obj: Completion) -> str:
        return str(obj.certificate_number)

    @staticmethod
    def resolve_assessment_ids(obj: Completion) -> list[int]:
        return sorted(a.pk for a in obj.assessments.all())


class QualificationSchema(Schema):
    code: str = ""
    competency_id: int | None = None
    level: int | None = None


class InstructorOut(Schema):
    id: int
    administration_id: int
    kind: str
    officer_id: int | None
    name: str = Field(alias="display_name")
    organisation: str
    max_days_per_year: int
    active: bool
    qualifications: list[QualificationSchema]

    @staticmethod
    def resolve_qualifications(obj: Instructor) -> list[QualificationSchema]:
        return [
            QualificationSchema(code=q.code, competency_id=q.competency_id, level=q.level)
            for q in obj.qualifications.all()
        ]


class InstructorIn(Schema):
    administration_id: int
    kind: Literal["officer", "external", "regional"] = "officer"
    officer_id: int | None = None
    name: Text = ""
    organisation: Text = ""
    email: Annotated[str, StringConstraints(strip_whitespace=True, max_length=254)] = ""
    max_days_per_year: int = Field(60, ge=0, le=366)
    qualifications: list[QualificationSchema] = Field(default_factory=list, max_length=50)


class SupplyDemandOut(Schema):
    key: str
    label: str
    sessions: int
    needed_days: Decimal
    available_days: Decimal
    instructors: int
    shortage: bool


class RecommendationOut(Schema):
    kind: str
    id: int
    code: str
    title: str
    score: float
    reason: str
    competency_ids: list[int]
    next_session_id: int | None


# --- sessions ---------------------------------------------------------------------------------------


@router.get("/sessions", response=list[SessionOut])
@paginate
def session_list(request: HttpRequest, upcoming: bool = False, course: int | None = None):  # type: ignore[no-untyped-def]
    """Sessions of your administrations."""
    return sessions_for_list(user=request.user, course_id=course, upcoming_only=upcoming)


@router.get("/sessions/{session_id}", response=SessionOut)
def session_detail(request: HttpRequest, session_id: int) -> Session:
    return session_get_for_user(user=request.user, session_id=session_id)


@router.post("/sessions", response={201: SessionOut})
def session_create(request: HttpRequest, payload: SessionIn) -> tuple[int, Session]:
    """Schedule a session (training managers); a double-booked instructor or room answers 400 naming the field."""
    from cadre.delivery.selectors import courses_schedulable_by, instructors_managed_by

    with not_found_as("administration_id"):
        administration = administration_get_for_user(
            user=request.user, administration_id=payload.administration_id, roles=MANAGERS
        )
    course = courses_schedulable_by(user=request.user).filter(pk=payload.course_id).first()
    if course is None:
        with not_found_as("course_id"):
            raise Http404("Not found")
    instructors = list(instructors_managed_by(user=request.user).filter(pk__in=payload.instructor_ids))
    if len(instructors) != len(set(payload.instructor_ids)):
        with not_found_as("instructor_ids"):
            raise Http404("Not found")
    session = services.session_create(
        actor=request.user,
        administration=administration,
        course=course,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        language=payload.language,
        seats=payload.seats,
        venue=payload.venue,
        room=payload.room,
        online_url=payload.online_url,
        instructors=instructors,
    )
    return 201, session_get_for_user(user=request.user, session_id=session.pk)


@router.post("/sessions/{session_id}/cancel", response=SessionOut)
def session_cancel(request: HttpRequest, session_id: int) -> Session:
    from cadre.delivery.selectors import session_get_managed_by

    session = services.session_cancel(
        actor=request.user, session=session_get_managed_by(user=request.user, session_id=session_id)
    )
    return session_get_for_user(user=request.user, session_id=session.pk)


# --- enrolments -------------------------------------------------------------------------------------


@router.get("/enrolments", response=list[EnrolmentOut])
@paginate
def enrolment_list(request: HttpRequest, state: str = "", session: int | None = None):  # type: ignore[no-untyped-def]
    """Enrolments you may see: yours, your staff's, your administration's (managers), your rosters."""
    return enrolments_for_list(user=request.user, state=state, session_id=session)


Id = Annotated[int, Field(gt=0, lt=2**63)]


class EnrolmentFilterIn(Schema):
    state: Literal["", "requested", "approved", "waitlisted", "confirmed", "rejected", "cancelled"] = ""
    session_id: Id | None = None
    course_id: Id | None = None
    unit_id: Id | None = None


class EnrolmentBulkIn(Schema):
    """Either ``ids``, or ``filter`` (every enrolment you see matching it) with the count you expect."""

    action: Literal["approve", "reject", "confirm", "waitlist", "cancel"]
    ids: list[Id] = Field(default_factory=list, max_length=BULK_MAX_ITEMS)
    filter: EnrolmentFilterIn | None = None
    expected: int | None = Field(None, ge=0)
    reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] = ""


class BulkItemOut(Schema):
    id: int = Field(alias="item_id")
    who: str
    what: str
    outcome: str
    warning: str


class BulkSummaryOut(Schema):
    action: str
    done: list[BulkItemOut]
    refused: list[BulkItemOut]


# Before "/enrolments/{enrolment_id}", which would otherwise take "bulk" for an id.
@router.post("/enrolments/bulk", response=BulkSummaryOut)
def enrolment_bulk(request: HttpRequest, payload: EnrolmentBulkIn) -> object:
    """Decide many enrolments in one transaction; each through the single action's rules.

    Answers what was done and what was refused, and why, per item. One id you cannot see answers
    404 and changes nothing."""
    selection = EnrolmentSelection(
        ids=tuple(payload.ids),
        filters=EnrolmentFilter(**payload.filter.dict()) if payload.filter is not None else None,
        expected=payload.expected,
    )
    return enrolments_bulk_decide(
        actor=request.user, selection=selection, action=payload.action, reason=payload.reason
    )


@router.get("/enrolments/{enrolment_id}", response=EnrolmentOut)
def enrolment_detail(request: HttpRequest, enrolment_id: int) -> Enrolment:
    return enrolment_get_for_user(user=request.user, enrolment_id=enrolment_id)


@router.post("/enrolments", response={201: EnrolmentOut})
def enrolment_create(request: HttpRequest, payload: EnrolmentIn) -> tuple[int, Enrolment]:
    """Request a seat for yourself, or nominate an officer (supervisors and training managers)."""
    with not_found_as("session_id"):
        session = session_get_for_user(user=request.user, session_id=payload.session_id)
    me = officer_for_user(user=request.user)
    if payload.officer_id is None or (me is not None and payload.officer_id == me.pk):
        if me is None:
            with not_found_as("officer_id"):
                raise Http404("Not found")
        return 201, services.enrolment_request(actor=request.user, session=session, officer=me)
    with not_found_as("officer_id"):
        officer = officer_get_for_user(user=request.user, officer_id=payload.officer_id)
    return 201, services.enrolment_nominate(actor=request.user, session=session, officer=officer)


@router.post("/enrolments/{enrolment_id}/completion", response={201: CompletionOut})
def completion_create(
    request: HttpRequest, enrolment_id: int, payload: CompletionIn
) -> tuple[int, Completion]:
    """Record the result; a pass adds competency evidence (source: training) for each course objective."""
    enrolment = enrolment_get_for_user(user=request.user, enrolment_id=enrolment_id)
    return 201, services.completion_record(
        actor=request.user, enrolment=enrolment, score=payload.score, passed=payload.passed
    )


_TRANSITIONS: dict[str, Callable[..., Enrolment]] = {
    "approve": services.enrolment_approve,
    "reject": services.enrolment_reject,
    "confirm": services.enrolment_confirm,
    "waitlist": services.enrolment_waitlist,
    "cancel": services.enrolment_cancel,
}


@router.post("/enrolments/{enrolment_id}/{action}", response=EnrolmentOut)
def enrolment_transition(
    request: HttpRequest,
    enrolment_id: int,
    action: Literal["approve", "reject", "confirm", "waitlist", "cancel"],
) -> Enrolment:
    """Move an enrolment: approve (supervisor), confirm (training manager: a seat or the waiting list),
    waitlist (training manager: the waiting list without trying for a seat), reject, cancel (a freed
    seat goes to the earliest waiting request)."""
    enrolment = enrolment_get_for_user(user=request.user, enrolment_id=enrolment_id)
    return _TRANSITIONS[action](actor=request.user, enrolment=enrolment)


@router.put("/enrolments/{enrolment_id}/attendance/{day}", response=AttendanceOut)
def attendance_put(request: HttpRequest, enrolment_id: int, day: dt.date, payload: AttendanceIn) -> object:
    enrolment = enrolment_get_for_user(user=request.user, enrolment_id=enrolment_id)
    return services.attendance_record(
        actor=request.user, enrolment=enrolment, day=day, present=payload.present
    )


@router.get("/completions", response=list[CompletionOut])
@paginate
def completion_list(request: HttpRequest):  # type: ignore[no-untyped-def]
    return (
        completions_visible_to(user=request.user)
        .prefetch_related("assessments")
        .order_by("-recorded_at", "-pk")
    )


# --- instructors ------------------------------------------------------------------------------------


@router.get("/instructors", response=list[InstructorOut])
@paginate
def instructor_list(request: HttpRequest):  # type: ignore[no-untyped-def]
    return instructors_visible_to(user=request.user).prefetch_related("qualifications").order_by("name", "pk")


@router.get("/instructors/{instructor_id}", response=InstructorOut)
def instructor_detail(request: HttpRequest, instructor_id: int) -> Instructor:
    return instructor_get_for_user(user=request.user, instructor_id=instructor_id)


@router.post("/instructors", response={201: InstructorOut})
def instructor_create(request: HttpRequest, payload: InstructorIn) -> tuple[int, Instructor]:
    with not_found_as("administration_id"):
        administration = administration_get_for_user(
            user=request.user, administration_id=payload.administration_id, roles=MANAGERS
        )
    officer = None
    if payload.officer_id is not None:
        with not_found_as("officer_id"):
            officer = officer_get_for_user(user=request.user, officer_id=payload.officer_id)
    qualifications = []
    for i, q in enumerate(payload.qualifications):
        competency = None
        if q.competency_id is not None:
            with not_found_as(f"qualifications[{i}].competency_id"):
                competency = competency_get_for_user(user=request.user, competency_id=q.competency_id)
        qualifications.append(services.QualificationInput(code=q.code, competency=competency, level=q.level))
    instructor = services.instructor_create(
        actor=request.user,
        administration=administration,
        kind=payload.kind,
        officer=officer,
        name=payload.name,
        organisation=payload.organisation,
        email=payload.email,
        max_days_per_year=payload.max_days_per_year,
        qualifications=qualifications,
    )
    return 201, instructor_get_for_user(user=request.user, instructor_id=instructor.pk)


@router.get("/supply-demand", response=list[SupplyDemandOut])
def supply_demand_report(request: HttpRequest, administration_id: int, year: int | None = None) -> object:
    """Instructor-days needed (sessions scheduled in the year) and available, per qualification."""
    administration = administration_get_for_user(
        user=request.user, administration_id=administration_id, roles=MANAGERS
    )
    return supply_demand(administration=administration, year=year or timezone.now().year)


@router.get("/recommendations", response=list[RecommendationOut])
def my_recommendations(request: HttpRequest) -> list[dict[str, object]]:
    """Courses then short modules for your largest weighted gaps, each with its reason."""
    officer = officer_for_user(user=request.user)
    if officer is None:
        return []
    courses, modules = officer_recommendations(officer=officer)
    return recommendations_as_rows(courses + modules)
