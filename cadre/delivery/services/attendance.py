"""Record attendance per session day (instructors and managers keep the roster)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cadre.core.audit import audit_record, snapshot
from cadre.core.errors import DomainError, FieldError
from cadre.delivery.models import (
    Attendance,
    Enrolment,
    Session,
)
from cadre.delivery.selectors import (
    session_days,
    today_for,
)
from cadre.delivery.services._rules import _manages, _refuse, _teaches

State = Enrolment.State


def _require_roster_keeper(actor: Any, session: Session) -> None:
    if not (_manages(actor, session.administration_id) or _teaches(actor, session)):
        raise _refuse()


def _attendance_errors(
    session: Session, enrolment: Enrolment, days: Sequence[dt.date], prefix: str
) -> list[FieldError]:
    errors: list[FieldError] = []
    if enrolment.session_id != session.pk or enrolment.state != State.CONFIRMED:
        return [
            FieldError(f"{prefix}enrolment", _("only confirmed participants of this session have attendance"))
        ]
    allowed = set(session_days(session=session))
    today = today_for(administration_id=session.administration_id)
    for day in days:
        if day not in allowed:
            errors.append(FieldError(f"{prefix}day", _("%(day)s is not a day of the session") % {"day": day}))
        elif day > today:
            errors.append(FieldError(f"{prefix}day", _("%(day)s is in the future") % {"day": day}))
    return errors


def _save_attendance(actor: Any, enrolment: Enrolment, day: dt.date, present: bool) -> None:
    row = Attendance.objects.filter(enrolment=enrolment, day=day).first()
    before = snapshot(row) if row else None
    if row is None:
        row = Attendance.objects.create(enrolment=enrolment, day=day, present=present, recorded_by=actor)
    elif row.present != present:
        row.present = present
        row.recorded_by = actor
        row.save(update_fields=["present", "recorded_by", "recorded_at"])
    else:
        return
    audit_record(
        actor=actor,
        action="create" if before is None else "update",
        instance=row,
        before=before,
        after=snapshot(row),
        administration_id=enrolment.session.administration_id,
    )


@transaction.atomic
def attendance_record(*, actor: Any, enrolment: Enrolment, day: dt.date, present: bool) -> Attendance:
    session = enrolment.session
    _require_roster_keeper(actor, session)
    errors = _attendance_errors(session, enrolment, [day], "")
    if errors:
        raise DomainError(_("Attendance not recorded"), errors)
    _save_attendance(actor, enrolment, day, present)
    return Attendance.objects.get(enrolment=enrolment, day=day)
