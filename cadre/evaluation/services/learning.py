"""Pre- and post-test scores: entered one by one, imported from CSV, or recorded from xAPI results."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import orjson
from django.db import transaction
from django.utils.translation import gettext as _

from cadre.catalogue.selectors import course_module_activity_iris
from cadre.core.audit import audit_record, snapshot
from cadre.core.errors import DomainError, FieldError
from cadre.delivery.models import Enrolment, Session
from cadre.evaluation.models import LearningScore, LearningTestActivity
from cadre.evaluation.services._common import require_roster_keeper
from cadre.lrs.selectors import statement_rows_for_activities
from cadre.people.selectors import officer_find_by_identity
from cadre.tenancy.access import Actor

MAX_IMPORT_BYTES = 2 * 1024 * 1024


def _score(value: Any, name: str, errors: list[FieldError]) -> Decimal | None:
    try:
        score = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        errors.append(FieldError(name, _("must be a number from 0 to 100")))
        return None
    if not score.is_finite() or not Decimal(0) <= score <= Decimal(100):
        errors.append(FieldError(name, _("must be a number from 0 to 100")))
        return None
    return score.quantize(Decimal("0.01"))


def _save(actor: Actor, enrolment: Enrolment, phase: str, score: Decimal, source: str) -> LearningScore:
    row = LearningScore.objects.filter(enrolment=enrolment, phase=phase).first()
    before = snapshot(row) if row else None
    if row is None:
        row = LearningScore.objects.create(
            administration_id=enrolment.session.administration_id,
            enrolment=enrolment,
            phase=phase,
            score=score,
            source=source,
            recorded_by_id=actor.user_id,
        )
    else:
        row.score, row.source = score, source
        row.save(update_fields=["score", "source", "recorded_at"])
    audit_record(
        actor=actor.user,
        action="create" if before is None else "update",
        instance=row,
        before=before,
        after=snapshot(row),
    )
    return row


def _phase_errors(phase: str) -> list[FieldError]:
    if phase not in LearningScore.Phase.values:
        return [FieldError("phase", _("must be pre or post"))]
    return []


@transaction.atomic
def learning_score_record(
    *, actor: Actor, enrolment: Enrolment, phase: str, score: Any, source: str = LearningScore.Source.ENTERED
) -> LearningScore:
    """Record (or correct) one participant's pre- or post-test score."""
    require_roster_keeper(actor=actor, session=enrolment.session)
    errors = _phase_errors(phase)
    if enrolment.state != Enrolment.State.CONFIRMED:
        errors.append(FieldError("enrolment", _("only confirmed participants have test scores")))
    if source not in LearningScore.Source.values:
        errors.append(FieldError("source", _("unknown source")))
    value = _score(score, "score", errors)
    if errors:
        raise DomainError(_("Score not recorded"), errors, code="learning_score.invalid")
    assert value is not None
    return _save(actor, enrolment, phase, value, source)


@dataclass(frozen=True)
class ImportResult:
    rows: int
    scores: int


@transaction.atomic
def learning_scores_import(*, actor: Actor, session: Session, data: bytes) -> ImportResult:
    """Import ``employee_number,pre,post`` rows (either score may be blank). All rows or none."""
    require_roster_keeper(actor=actor, session=session)
    if len(data) > MAX_IMPORT_BYTES:
        raise DomainError(
            _("Scores not imported"),
            [FieldError("file", _("larger than 2 MB"))],
            code="learning_score.file_too_large",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DomainError(
            _("Scores not imported"),
            [FieldError("file", _("must be UTF-8 text"))],
            code="learning_score.file_not_utf8",
        ) from exc
    reader = csv.DictReader(io.StringIO(text))
    columns = {c.strip().lower() for c in reader.fieldnames or []}
    if "employee_number" not in columns or not columns & {"pre", "post"}:
        raise DomainError(
            _("Scores not imported"),
            [FieldError("file", _("columns needed: employee_number and pre and/or post"))],
            code="learning_score.columns_missing",
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
                FieldError(f"row {line}: employee_number", _("not a confirmed participant of this session"))
            )
            continue
        for phase in ("pre", "post"):
            if row.get(phase):
                value = _score(row[phase], f"row {line}: {phase}", errors)
                if value is not None:
                    planned.append((enrolment, phase, value))
    if count == 0:
        errors.append(FieldError("file", _("no rows")))
    if errors:
        raise DomainError(_("Scores not imported"), errors, code="learning_score.rows_invalid")
    for enrolment, phase, value in planned:
        _save(actor, enrolment, phase, value, LearningScore.Source.IMPORTED)
    return ImportResult(count, len(planned))


@transaction.atomic
def learning_scores_save(*, actor: Actor, session: Session, scores: dict[tuple[int, str], str]) -> int:
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
            errors.append(FieldError(name, _("not a confirmed participant of this session")))
            continue
        value = _score(raw, name, errors)
        if value is not None:
            planned.append((enrolments[enrolment_id], phase, value))
    if errors:
        raise DomainError(_("Scores not saved"), errors, code="learning_score.invalid")
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


SCORED = "http://adlnet.gov/expapi/verbs/scored"
PASSED = "http://adlnet.gov/expapi/verbs/passed"
FAILED = "http://adlnet.gov/expapi/verbs/failed"
SCORE_VERBS = (SCORED, PASSED, FAILED)


def xapi_percent(statement: dict[str, Any]) -> Decimal | None:
    """A statement's score as 0-100: ``result.score.scaled`` × 100, else (raw − min) / (max − min) × 100.

    Negative scaled scores count as 0; a score that cannot be read gives None.
    """
    result = statement.get("result")
    score = result.get("score") if isinstance(result, dict) else None
    if not isinstance(score, dict):
        return None
    try:
        if score.get("scaled") is not None:
            fraction = Decimal(str(score["scaled"]))
        elif score.get("raw") is not None and score.get("max") is not None:
            low = Decimal(str(score.get("min", 0)))
            high = Decimal(str(score["max"]))
            if high <= low:
                return None
            fraction = (Decimal(str(score["raw"])) - low) / (high - low)
        else:
            return None
    except (InvalidOperation, ValueError, TypeError):
        return None
    if not fraction.is_finite():
        return None
    return (max(Decimal(0), min(Decimal(1), fraction)) * 100).quantize(Decimal("0.01"))


def _actor_officer_id(actor: object, administration_id: int, cache: dict[str, int | None]) -> int | None:
    """The officer an xAPI actor names, matched exactly as the LRS outbox does (``mbox`` → e-mail,
    ``account.name`` → employee number or username, within the statement's administration)."""
    if not isinstance(actor, dict):
        return None
    mbox = str(actor.get("mbox") or "")
    account = actor.get("account")
    if not isinstance(account, dict):
        account = {}
    if mbox.startswith("mailto:"):
        key, kwargs = f"m:{mbox[7:].lower()}", {"email": mbox[7:]}
    elif account.get("name"):
        key, kwargs = f"a:{account['name']}", {"employee_number": str(account["name"])}
    else:
        return None
    if key not in cache:
        officer = officer_find_by_identity(administration_id=administration_id, **kwargs)
        cache[key] = officer.pk if officer else None
    return cache[key]


@dataclass(frozen=True)
class XapiImportResult:
    statements: int  # scored statements of participants used
    recorded: int  # scores created or changed
    kept: int  # scores entered by hand or imported from CSV, left as they are
    participants: int  # participants with at least one xAPI score


def _test_activity_configure(
    actor: Actor, session: Session, pre_test_iri: str | None, post_test_iri: str | None
) -> LearningTestActivity | None:
    """The course's test activities in the session's administration, first replaced by the given IRIs."""
    config = LearningTestActivity.objects.filter(
        administration_id=session.administration_id, course_id=session.course_id
    ).first()
    if pre_test_iri is None and post_test_iri is None:
        return config
    errors = [
        FieldError(name, _("at most 500 characters, no spaces"))
        for name, value in (("pre_test_iri", pre_test_iri), ("post_test_iri", post_test_iri))
        if value is not None and (len(value.strip()) > 500 or " " in value.strip())
    ]
    if errors:
        raise DomainError(_("Scores not imported"), errors, code="learning_score.test_iri_invalid")
    if config is None:
        config = LearningTestActivity(
            administration_id=session.administration_id, course_id=session.course_id
        )
    before = snapshot(config) if config.pk else None
    if pre_test_iri is not None:
        config.pre_test_iri = pre_test_iri.strip()
    if post_test_iri is not None:
        config.post_test_iri = post_test_iri.strip()
    config.save()
    audit_record(
        actor=actor.user,
        action="create" if before is None else "update",
        instance=config,
        before=before,
        after=snapshot(config),
    )
    return config


def _latest_xapi_scores(
    session: Session, iris: dict[str, set[str]], officer_ids: set[int]
) -> tuple[dict[tuple[int, str], Decimal], int]:
    """The latest readable xAPI score per (participant, phase), and how many statements were used."""
    statements = statement_rows_for_activities(
        administration_id=session.administration_id,
        activity_iris=iris["pre"] | iris["post"],
        verb_iris=SCORE_VERBS,
    )
    latest: dict[tuple[int, str], Decimal] = {}
    officers: dict[str, int | None] = {}
    read = 0
    for payload, activity_iri, timestamp in statements.iterator(chunk_size=500):
        phase = "pre" if timestamp < session.starts_at else "post"
        if activity_iri not in iris[phase]:
            continue
        statement = orjson.loads(payload)
        value = xapi_percent(statement)
        if value is None:
            continue
        officer_id = _actor_officer_id(statement.get("actor"), session.administration_id, officers)
        if officer_id is None or officer_id not in officer_ids:
            continue
        read += 1
        latest[(officer_id, phase)] = value  # ascending order: the last one seen is the latest
    return latest, read


@transaction.atomic
def learning_scores_import_xapi(
    *, actor: Actor, session: Session, pre_test_iri: str | None = None, post_test_iri: str | None = None
) -> XapiImportResult:
    """Take pre/post scores of a session's participants from the statements stored in its administration's LRS.

    Activities: the course's catalogue modules' ``activity_iri``, plus the configured pre-test IRI
    (pre only) and post-test IRI (post only); ``pre_test_iri``/``post_test_iri`` given here replace
    the configuration first. Statements: scored/passed/failed, not voided, stored by this
    administration's LRS clients, with a readable score. Pre = the latest (statement timestamp)
    before the session starts; post = the latest at or after its start. Scores entered by hand or
    imported from CSV are kept; xAPI scores are replaced when they changed.
    """
    require_roster_keeper(actor=actor, session=session)
    config = _test_activity_configure(actor, session, pre_test_iri, post_test_iri)
    module_iris = course_module_activity_iris(course_id=session.course_id)
    iris = {
        "pre": module_iris | ({config.pre_test_iri} if config and config.pre_test_iri else set()),
        "post": module_iris | ({config.post_test_iri} if config and config.post_test_iri else set()),
    }
    enrolments = {
        e.officer_id: e
        for e in session.enrolments.filter(state=Enrolment.State.CONFIRMED).select_related("session")
    }
    latest, read = _latest_xapi_scores(session, iris, set(enrolments))
    current = {
        (row.enrolment_id, row.phase): row
        for row in LearningScore.objects.filter(enrolment__in=list(enrolments.values()))
    }
    recorded = kept = 0
    for (officer_id, phase), value in sorted(latest.items()):
        enrolment = enrolments[officer_id]
        row = current.get((enrolment.pk, phase))
        if row is not None and row.source != LearningScore.Source.XAPI:
            kept += 1
        elif row is None or row.score != value:
            _save(actor, enrolment, phase, value, LearningScore.Source.XAPI)
            recorded += 1
    return XapiImportResult(read, recorded, kept, len({officer_id for officer_id, _phase in latest}))
