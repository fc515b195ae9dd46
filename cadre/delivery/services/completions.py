"""Record completions and results; a passed completion becomes training evidence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cadre.competencies.selectors import current_levels
from cadre.competencies.services import assessment_record_training_evidence
from cadre.core.audit import audit_record, snapshot
from cadre.core.errors import DomainError, FieldError
from cadre.delivery.models import (
    Attendance,
    Completion,
    Enrolment,
    Session,
)
from cadre.delivery.selectors import (
    policy_for,
    session_days,
    today_for,
)
from cadre.delivery.services.attendance import _attendance_errors, _require_roster_keeper, _save_attendance

State = Enrolment.State


@dataclass(frozen=True)
class ResultRow:
    """One participant's line of the roster form: days present, and (optionally) the result."""

    enrolment_id: int
    present_days: frozenset[dt.date] = frozenset()
    record_result: bool = False
    score: Decimal | None = None
    passed: bool = False
    prefix: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _completion_errors(
    session: Session,
    enrolment: Enrolment,
    score: Decimal | None,
    passed: bool,
    present: set[dt.date],
    prefix: str,
) -> list[FieldError]:
    errors: list[FieldError] = []
    if enrolment.session_id != session.pk or enrolment.state != State.CONFIRMED:
        return [
            FieldError(f"{prefix}enrolment", _("only confirmed participants of this session have a result"))
        ]
    if Completion.objects.filter(enrolment=enrolment).exists():
        return [FieldError(f"{prefix}passed", _("the result is already recorded"))]
    days = session_days(session=session)
    if days[-1] > today_for(administration_id=session.administration_id):
        errors.append(FieldError(f"{prefix}passed", _("results are recorded on or after the last day")))
    if score is not None and not Decimal(0) <= score <= Decimal(100):
        errors.append(FieldError(f"{prefix}score", _("must be between 0 and 100")))
    missing = [d for d in days if d not in present]
    if passed and missing:
        errors.append(
            FieldError(
                f"{prefix}passed",
                _("a pass needs attendance on every day (absent or unrecorded: %(missing)s)")
                % {"missing": missing[0]},
            )
        )
    return errors


def _present_days(enrolment: Enrolment) -> set[dt.date]:
    return set(Attendance.objects.filter(enrolment=enrolment, present=True).values_list("day", flat=True))


def _save_completion(actor: Any, enrolment: Enrolment, score: Decimal | None, passed: bool) -> Completion:
    session = enrolment.session
    # The course was completed on its last day, even when results are entered later.
    completed_on = min(
        session_days(session=session)[-1], today_for(administration_id=session.administration_id)
    )
    completion = Completion.objects.create(
        enrolment=enrolment, score=score, passed=passed, completed_on=completed_on, recorded_by=actor
    )
    audit_record(
        actor=actor,
        action="create",
        instance=completion,
        after=snapshot(completion),
        administration_id=session.administration_id,
    )
    if passed:
        completion.assessments.set(
            completion_evidence_record(actor=actor, enrolment=enrolment, on=completed_on)
        )
    return completion


def completion_evidence_record(
    *, actor: Any, enrolment: Enrolment, on: dt.date, evidence: str | None = None
) -> list[Any]:
    """Each course objective becomes training evidence at its target level, unless the officer is already higher."""
    session = enrolment.session
    officer = enrolment.officer
    objectives = list(session.course.objectives.select_related("competency"))
    levels = current_levels(officer_ids=[officer.pk], competency_ids=[o.competency_id for o in objectives])
    validated = policy_for(administration_id=session.administration_id).training_evidence_auto_validated
    out = []
    for objective in objectives:
        current = levels.get((officer.pk, objective.competency_id))
        if current is not None and current >= objective.target_level:
            continue
        out.append(
            assessment_record_training_evidence(
                actor=actor,
                officer=officer,
                competency=objective.competency,
                level=objective.target_level,
                assessed_on=on,
                evidence=evidence
                or f"Completed {session.course.code} {session.course.title} ({session.starts_at:%Y-%m-%d})",
                validated=validated,
            )
        )
    return out


@transaction.atomic
def completion_record(*, actor: Any, enrolment: Enrolment, score: Decimal | None, passed: bool) -> Completion:
    """Record a participant's result; a pass adds competency evidence (source: training)."""
    session = enrolment.session
    _require_roster_keeper(actor, session)
    errors = _completion_errors(session, enrolment, score, passed, _present_days(enrolment), "")
    if errors:
        raise DomainError(_("Result not recorded"), errors)
    return _save_completion(actor, enrolment, score, passed)


@transaction.atomic
def session_results_record(*, actor: Any, session: Session, rows: Sequence[ResultRow]) -> int:
    """Save a roster form: attendance for every listed day, and the results given. All or nothing."""
    _require_roster_keeper(actor, session)
    enrolments = {e.pk: e for e in session.enrolments.select_related("officer__org_unit", "session__course")}
    days = session_days(session=session)
    today = today_for(administration_id=session.administration_id)
    recordable = [d for d in days if d <= today]
    errors: list[FieldError] = []
    for row in rows:
        enrolment = enrolments.get(row.enrolment_id)
        if enrolment is None:
            errors.append(FieldError(f"{row.prefix}enrolment", _("not found")))
            continue
        errors += _attendance_errors(session, enrolment, sorted(row.present_days), row.prefix)
        if row.record_result:
            errors += _completion_errors(
                session, enrolment, row.score, row.passed, set(row.present_days), row.prefix
            )
    if errors:
        raise DomainError(_("Roster not saved"), errors)
    saved = 0
    for row in rows:
        enrolment = enrolments[row.enrolment_id]
        enrolment.session = session
        for day in recordable:
            _save_attendance(actor, enrolment, day, day in row.present_days)
        if row.record_result:
            _save_completion(actor, enrolment, row.score, row.passed)
        saved += 1
    return saved
