"""Course completions from learning records: an online course completed through its xAPI modules.

What a training manager expects, and what this does:

- Only self-paced online courses (e-learning, microlearning, mobile) are completed by learning
  records. A classroom, blended, VR, on-the-job or webinar course keeps the result its instructor
  enters on the roster; its modules still show progress and raise competency evidence.
- If the officer holds a confirmed place in a session of the course (a nominated cohort) that has
  no result yet, the completion goes on that enrolment.
- Otherwise the officer is enrolled automatically in the course's self-paced session of the year
  (one per administration, course and calendar year, created on first use; it takes no seat
  requests and is hidden from the schedule and calendars), and the completion is recorded there.
  So the course shows in the officer's training record, counts for prerequisites, certificates,
  evaluation follow-ups and reports exactly like a classroom pass.
- A course already passed is not completed again: calling this twice (a re-processed learning
  record) changes nothing. The database backs it: one active enrolment per officer and session,
  one completion per enrolment, one self-paced session per course and year.
"""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.catalogue.models import Course, DeliveryMode
from cadre.core.audit import audit_record, snapshot
from cadre.core.errors import DomainError, FieldError
from cadre.delivery.models import Completion, Enrolment, Session
from cadre.delivery.services import completion_evidence_record
from cadre.people.models import Officer

#: Delivery modes whose courses are completed by their learning records alone.
SELF_PACED_MODES = frozenset({DeliveryMode.ELEARNING, DeliveryMode.MICROLEARNING, DeliveryMode.MOBILE})


@dataclass(frozen=True)
class RecordedCompletion:
    completion: Completion
    created: bool


def _errors(
    *, officer: Officer, course: Course, completed_at: dt.datetime, score: Decimal | None, source: str
) -> list[FieldError]:
    errors: list[FieldError] = []
    if timezone.is_naive(completed_at):
        errors.append(FieldError("completed_at", _("must carry a time zone")))
    if course.administration_id != officer.administration_id:
        errors.append(
            FieldError(
                "course", _("is not a course of the officer's administration (adopt a regional course first)")
            )
        )
    elif course.delivery_mode not in SELF_PACED_MODES:
        errors.append(
            FieldError(
                "course",
                _("is delivered as %(delivery_mode)s: its result is recorded on the session roster")
                % {"delivery_mode": course.get_delivery_mode_display()},
            )
        )
    if score is not None and not Decimal(0) <= score <= Decimal(100):
        errors.append(FieldError("score", _("must be between 0 and 100")))
    if source == Completion.Source.ROSTER or source not in Completion.Source.values:
        errors.append(FieldError("source", _("must name the learning records (xapi)")))
    return errors


def _zone(officer: Officer) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(officer.administration.time_zone or "UTC")


def _cohort_enrolment(officer: Officer, course: Course, completed_at: dt.datetime) -> Enrolment | None:
    """A confirmed place in a session of the course that started and has no result yet."""
    return (
        # of=self: the completion test is an outer join, whose nullable side PostgreSQL cannot lock
        Enrolment.objects.select_for_update(of=("self",))
        .filter(
            officer=officer,
            state=Enrolment.State.CONFIRMED,
            session__course=course,
            session__status=Session.Status.SCHEDULED,
            session__starts_at__lte=completed_at,
            completion__isnull=True,
        )
        .select_related("session__course", "session__administration")
        .order_by("session__starts_at", "pk")
        .first()
    )


def _self_paced_session(officer: Officer, course: Course, completed_at: dt.datetime) -> Session:
    zone = _zone(officer)
    year = timezone.localtime(completed_at, zone).year
    starts_at = dt.datetime(year, 1, 1, tzinfo=zone)
    defaults = {
        "ends_at": dt.datetime(year + 1, 1, 1, tzinfo=zone),
        "online_url": "",
        "venue": "",
        "language": (course.languages or officer.languages or [settings.LANGUAGE_CODE[:2]])[0],
        "seats": max(1, course.max_participants),
    }
    lookup = {"administration_id": officer.administration_id, "course": course, "starts_at": starts_at}
    try:
        with transaction.atomic():
            session, created = Session.objects.get_or_create(**lookup, self_paced=True, defaults=defaults)
    except IntegrityError:  # another worker created it first
        session, created = Session.objects.get(**lookup, self_paced=True), False
    if created:
        audit_record(actor=None, action="create", instance=session, after=snapshot(session))
    return session


def _self_paced_enrolment(officer: Officer, course: Course, completed_at: dt.datetime) -> Enrolment:
    session = _self_paced_session(officer, course, completed_at)
    enrolment = (
        Enrolment.objects.select_for_update()
        .filter(session=session, officer=officer, state__in=Enrolment.ACTIVE)
        .first()
    )
    if enrolment is None:
        enrolment = Enrolment.objects.create(
            session=session,
            officer=officer,
            state=Enrolment.State.CONFIRMED,
            origin=Enrolment.Origin.SELF_PACED,
            approved_at=completed_at,
            confirmed_at=completed_at,
        )
        audit_record(
            actor=None,
            action="create",
            instance=enrolment,
            after=snapshot(enrolment),
            administration_id=session.administration_id,
        )
    return enrolment


def _passed_completion(officer: Officer, course: Course) -> Completion | None:
    return (
        Completion.objects.filter(enrolment__officer=officer, enrolment__session__course=course, passed=True)
        .select_related("enrolment__session")
        .order_by("completed_on", "pk")
        .first()
    )


@transaction.atomic
def completion_record_from_learning_record(
    *,
    officer: Officer,
    course: Course,
    completed_at: dt.datetime,
    score: Decimal | None = None,
    source: str = Completion.Source.XAPI,
    statement_id: uuid.UUID | str | None = None,
) -> RecordedCompletion:
    """Record that the officer passed a self-paced course, proven by a learning record; at most once.

    The LRS has authenticated the reporting tool and matched the officer and the course's modules
    in the officer's administration; there is no human actor.
    """
    errors = _errors(officer=officer, course=course, completed_at=completed_at, score=score, source=source)
    if errors:
        raise DomainError(_("Completion not recorded"), errors)
    # Serialise per officer so two workers cannot both find "not yet passed".
    Officer.objects.select_for_update().filter(pk=officer.pk).first()
    existing = _passed_completion(officer, course)
    if existing is not None:
        return RecordedCompletion(existing, created=False)
    enrolment = _cohort_enrolment(officer, course, completed_at) or _self_paced_enrolment(
        officer, course, completed_at
    )
    completed_on = min(
        timezone.localtime(completed_at, _zone(officer)).date(), timezone.localdate(timezone=_zone(officer))
    )
    completion = Completion.objects.create(
        enrolment=enrolment,
        score=score,
        passed=True,
        completed_on=completed_on,
        source=source,
        statement_id=uuid.UUID(str(statement_id)) if statement_id else None,
    )
    audit_record(
        actor=None,
        action="create",
        instance=completion,
        after=snapshot(completion),
        administration_id=officer.administration_id,
    )
    completion.assessments.set(
        completion_evidence_record(
            actor=None,
            enrolment=enrolment,
            on=completed_on,
            evidence=f"Completed {course.code} {course.title} online (xAPI statement {statement_id})",
        )
    )
    return RecordedCompletion(completion, created=True)


__all__ = ["SELF_PACED_MODES", "RecordedCompletion", "completion_record_from_learning_record"]
