"""Return on investment of a programme: costs from delivery against benefits valued in money.

Costs of each session of the programme's courses held in its period (cancelled ones excluded):
- the course's cost per session, plus its cost per participant times confirmed participants;
- instructor days: the course's days x instructors assigned (or the course's instructors per
  session when none is assigned), at the course's cost per instructor day;
- participants' days away: days present when attendance was recorded, else the course's days,
  at the administration's daily cost of absence (evaluation settings).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q

from cadre.delivery.models import Attendance, Enrolment, Session
from cadre.evaluation.models import Programme, ProgrammeBenefit
from cadre.evaluation.selectors.access import settings_for
from cadre.evaluation.stats import ReturnOnInvestment, return_on_investment

TWO = Decimal("0.01")


@dataclass(frozen=True)
class SessionCost:
    session: Session
    participants: int
    instructor_days: Decimal
    participant_days: Decimal
    session_cost: Decimal  # fixed + per participant
    instructor_cost: Decimal
    absence_cost: Decimal

    @property
    def total(self) -> Decimal:
        return self.session_cost + self.instructor_cost + self.absence_cost


@dataclass(frozen=True)
class ProgrammeROI:
    programme: Programme
    daily_cost_of_absence: Decimal
    sessions: list[SessionCost]
    benefits: list[ProgrammeBenefit]
    roi: ReturnOnInvestment

    @property
    def session_costs(self) -> Decimal:
        return sum((s.session_cost for s in self.sessions), Decimal(0))

    @property
    def instructor_costs(self) -> Decimal:
        return sum((s.instructor_cost for s in self.sessions), Decimal(0))

    @property
    def absence_costs(self) -> Decimal:
        return sum((s.absence_cost for s in self.sessions), Decimal(0))

    @property
    def participants(self) -> int:
        return sum(s.participants for s in self.sessions)


def programme_sessions(*, programme: Programme) -> list[Session]:
    start = dt.datetime.combine(programme.period_start, dt.time.min, tzinfo=dt.UTC)
    end = dt.datetime.combine(programme.period_end + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
    return list(
        Session.objects.filter(
            administration_id=programme.administration_id,
            course__in=programme.courses.all(),
            status=Session.Status.SCHEDULED,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .select_related("course")
        .annotate(
            participants=Count(
                "enrolments", filter=Q(enrolments__state=Enrolment.State.CONFIRMED), distinct=True
            ),
            instructor_count=Count("instructors", distinct=True),
        )
        .order_by("starts_at", "pk")
    )


def programme_roi(*, programme: Programme) -> ProgrammeROI:
    daily = settings_for(administration_id=programme.administration_id).daily_cost_of_absence
    sessions = programme_sessions(programme=programme)
    present: dict[int, int] = {}
    recorded: dict[int, set[int]] = {}
    for session_id, enrolment_id, is_present in Attendance.objects.filter(
        enrolment__session__in=sessions, enrolment__state=Enrolment.State.CONFIRMED
    ).values_list("enrolment__session_id", "enrolment_id", "present"):
        recorded.setdefault(session_id, set()).add(enrolment_id)
        present[session_id] = present.get(session_id, 0) + int(is_present)
    rows: list[SessionCost] = []
    for s in sessions:
        course = s.course
        days = Decimal(course.duration_days)
        participants: int = s.participants  # type: ignore[attr-defined]
        instructors: int = s.instructor_count or course.instructors_per_session  # type: ignore[attr-defined]
        unrecorded = participants - len(recorded.get(s.pk, set()))
        participant_days = Decimal(present.get(s.pk, 0)) + days * unrecorded
        instructor_days = days * instructors
        rows.append(
            SessionCost(
                session=s,
                participants=participants,
                instructor_days=instructor_days,
                participant_days=participant_days,
                session_cost=(course.cost_per_session + course.cost_per_participant * participants).quantize(
                    TWO
                ),
                instructor_cost=(instructor_days * course.cost_per_instructor_day).quantize(TWO),
                absence_cost=(participant_days * daily).quantize(TWO),
            )
        )
    benefits = list(programme.benefits.all())
    costs = sum((r.total for r in rows), Decimal(0))
    total_benefits = sum((b.amount for b in benefits), Decimal(0))
    return ProgrammeROI(
        programme, daily, rows, benefits, return_on_investment(costs=costs, benefits=total_benefits)
    )
