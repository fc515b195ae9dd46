"""Pre- and post-test scores: entered one by one, imported from CSV, or recorded from xAPI results."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from cadre.core.audit import audit_record, snapshot
from cadre.core.errors import DomainError, FieldError
from cadre.delivery.models import Enrolment, Session
from cadre.evaluation.models import LearningScore
from cadre.evaluation.services._common import require_roster_keeper

MAX_IMPORT_BYTES = 2 * 1024 * 1024


def _score(value: Any, name: str, errors: list[FieldError]) -> Decimal | None:
    try:
        score = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        errors.append(FieldError(name, "must be a number from 0 to 100"))
        return None
    if not score.is_finite() or not Decimal(0) <= score <= Decimal(100):
        errors.append(FieldError(name, "must be a number from 0 to 100"))
        return None
    return score.quantize(Decimal("0.01"))


def _save(actor: Any, enrolment: Enrolment, phase: str, score: Decimal, source: str) -> LearningScore:
    row = LearningScore.objects.filter(enrolment=enrolment, phase=phase).first()
    before = snapshot(row) if row else None
    if row is None:
        row = LearningScore.objects.create(
            administration_id=enrolment.session.administration_id,
            enrolment=enrolment,
            phase=phase,
            score=score,
            source=source,
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
    else:
        row.score, row.source = score, source
        row.save(update_fields=["score", "source", "recorded_at"])
    audit_record(
        actor=actor,
        action="create" if before is None else "update",
        instance=row,
        before=before,
        after=snapshot(row),
    )
    return row


def _phase_errors(phase: str) -> list[FieldError]:
    if phase not in LearningScore.Phase.values:
        return [FieldError("phase", "must be pre or post")]
    return []


@transaction.atomic
def learning_score_record(
    *, actor: Any, enrolment: Enrolment, phase: str, score: Any, source: str = LearningScore.Source.ENTERED
) -> LearningScore:
    """Record (or correct) one participant's pre- or post-test score."""
    require_roster_keeper(actor=actor, session=enrolment.session)
    errors = _phase_errors(phase)
    if enrolment.state != Enrolment.State.CONFIRMED:
        errors.append(FieldError("enrolment", "only confirmed participants have test scores"))
    if source not in LearningScore.Source.values:
        errors.append(FieldError("source", "unknown source"))
    value = _score(score, "score", errors)
    if errors:
        raise DomainError("Score not recorded", errors)
    assert value is not None
    return _save(actor, enrolment, phase, value, source)


@dataclass(frozen=True)
class ImportResult:
    rows: int
    scores: int


@transaction.atomic
def learning_scores_import(*, actor: Any, session: Session, data: bytes) -> ImportResult:
    """Import ``employee_number,pre,post`` rows (either score may be blank). All rows or none."""
    require_roster_keeper(actor=actor, session=session)
    if len(data) > MAX_IMPORT_BYTES:
        raise DomainError("Scores not imported", [FieldError("file", "larger than 2 MB")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DomainError("Scores not imported", [FieldError("file", "must be UTF-8 text")]) from exc
    reader = csv.DictReader(io.StringIO(text))
    columns = {c.strip().lower() for c in reader.fieldnames or []}
    if "employee_number" not in columns or not columns & {"pre", "post"}:
        raise DomainError(
            "Scores not imported", [FieldError("file", "columns needed: employee_number and pre and/or post")]
        )
    enrolments = {
        e.officer.employee_number: e
        for e in session.enrolments.filter(state=Enrolment.State.CONFIRMED).select_related(
            "officer", "session"
        )
    }
    errors: list[FieldError] = []
    planned: list[tuple[Enrolment, str, Decimal]] = []
    count = 0
    for line, raw in enumerate(reader, start=2):
        row = {str(k).strip().lower(): (v or "").strip() for k, v in raw.items() if k is not None}
        count += 1
        enrolment = enrolments.get(row.get("employee_number", ""))
        if enrolment is None:
            errors.append(
                FieldError(f"row {line}: employee_number", "not a confirmed participant of this session")
            )
            continue
        for phase in ("pre", "post"):
            if row.get(phase):
                value = _score(row[phase], f"row {line}: {phase}", errors)
                if value is not None:
                    planned.append((enrolment, phase, value))
    if count == 0:
        errors.append(FieldError("file", "no rows"))
    if errors:
        raise DomainError("Scores not imported", errors)
    for enrolment, phase, value in planned:
        _save(actor, enrolment, phase, value, LearningScore.Source.IMPORTED)
    return ImportResult(count, len(planned))


@transaction.atomic
def learning_scores_save(*, actor: Any, session: Session, scores: dict[tuple[int, str], str]) -> int:
    """Save the score form of a session: ``(enrolment id, phase) -> text``; blank leaves a score as is."""
    require_roster_keeper(actor=actor, session=session)
    enrolments = {
        e.pk: e for e in session.enrolments.filter(state=Enrolment.State.CONFIRMED).select_related("session")
    }
    errors: list[FieldError] = []
    planned: list[tuple[Enrolment, str, Decimal]] = []
    for (enrolment_id, phase), raw in sorted(scores.items()):
        if not str(raw).strip():
            continue
        name = f"{phase}_{enrolment_id}"
        if enrolment_id not in enrolments or phase not in LearningScore.Phase.values:
            errors.append(FieldError(name, "not a confirmed participant of this session"))
            continue
        value = _score(raw, name, errors)
        if value is not None:
            planned.append((enrolments[enrolment_id], phase, value))
    if errors:
        raise DomainError("Scores not saved", errors)
    saved = 0
    for enrolment, phase, value in planned:
        current = (
            LearningScore.objects.filter(enrolment=enrolment, phase=phase)
            .values_list("score", flat=True)
            .first()
        )
        if current != value:
            _save(actor, enrolment, phase, value, LearningScore.Source.ENTERED)
            saved += 1
    return saved
