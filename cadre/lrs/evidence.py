"""The outbox: stored statements turned into module progress and competency evidence, exactly once.

Each outbox row is claimed, applied and marked in one transaction, so a crash rolls the effects
back with the claim and the next run retries it; an applied row is never seen again. A statement
for an unknown officer or activity is kept with the reason (``unmatched``), never dropped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import orjson
from django.db import transaction
from django.utils import timezone

from cadre.catalogue.selectors import course_tracked_modules, modules_for_activity
from cadre.competencies.services import assessment_record_xapi_evidence
from cadre.core.errors import DomainError
from cadre.delivery.learning_records import completion_record_from_learning_record
from cadre.lrs.models import ModuleProgress, OutboxEntry, ScoreBand
from cadre.lrs.records import parse_timestamp
from cadre.people.selectors import officer_find_by_identity

PASSED = "http://adlnet.gov/expapi/verbs/passed"
FAILED = "http://adlnet.gov/expapi/verbs/failed"
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
SATISFIED = "https://w3id.org/xapi/adl/verbs/satisfied"


@dataclass(frozen=True)
class Outcome:
    completed: bool
    passed: bool | None
    scaled: float | None


def outcome_of(statement: dict[str, Any]) -> Outcome:
    verb = statement["verb"]["id"]
    result = statement.get("result") or {}
    score = result.get("score") or {}
    scaled = score.get("scaled")
    if scaled is None and "raw" in score and "max" in score:
        low = score.get("min", 0)
        if score["max"] > low:
            scaled = (score["raw"] - low) / (score["max"] - low)
    passed: bool | None = None
    if verb == PASSED:
        passed = True
    elif verb == FAILED:
        passed = False
    elif "success" in result:
        passed = bool(result["success"])
    completed = verb in {COMPLETED, PASSED, SATISFIED} or bool(result.get("completion"))
    return Outcome(completed=completed, passed=passed, scaled=float(scaled) if scaled is not None else None)


def _officer_for(actor: dict[str, Any], administration_id: int) -> Any:
    mbox = actor.get("mbox", "")
    if mbox.startswith("mailto:"):
        return officer_find_by_identity(administration_id=administration_id, email=mbox[7:])
    account = actor.get("account") or {}
    if account.get("name"):
        return officer_find_by_identity(administration_id=administration_id, employee_number=account["name"])
    return None


def _levels(entry: OutboxEntry, module: Any, outcome: Outcome) -> dict[Any, int]:
    """Competency -> level this outcome evidences: score bands first, else the course objectives."""
    bands = list(
        ScoreBand.objects.filter(
            administration_id=entry.administration_id, activity_iri=entry.statement.activity_iri
        ).select_related("competency__framework__scale")
    )
    levels: dict[Any, int] = {}
    if bands:
        if outcome.scaled is None or outcome.passed is False:
            return {}
        for band in bands:
            if outcome.scaled >= band.min_scaled and band.level > levels.get(band.competency, 0):
                levels[band.competency] = band.level
        return levels
    if outcome.passed is not True and not (outcome.completed and outcome.passed is None):
        return {}
    if module.course_id is None:
        return {}
    targets = {o.competency_id: o.target_level for o in module.course.objectives.all()}
    for competency in module.competencies.all():
        if competency.pk in targets:
            levels[competency] = targets[competency.pk]
    return levels


def _apply(entry: OutboxEntry) -> tuple[str, str]:
    statement = orjson.loads(entry.statement.payload)
    officer = _officer_for(statement["actor"], entry.administration_id)
    if officer is None:
        return OutboxEntry.Status.UNMATCHED, "no officer of this administration matches the actor"
    administration = entry.administration
    modules = list(
        modules_for_activity(
            administration_id=administration.pk,
            region_id=administration.region_id,
            activity_iri=entry.statement.activity_iri,
        )
    )
    if not modules:
        return OutboxEntry.Status.UNMATCHED, "no module is linked to this activity IRI"
    outcome = outcome_of(statement)
    when = parse_timestamp(statement["timestamp"])
    courses: dict[int, Any] = {}
    for module in modules:
        progress, _ = ModuleProgress.objects.get_or_create(
            officer=officer, module=module, defaults={"administration_id": administration.pk}
        )
        progress_merge(progress, outcome, when)
        progress.last_statement = entry.statement
        progress.save()
        for competency, level in _levels(entry, module, outcome).items():
            _record_evidence(officer, competency, level, when, statement, module)
        if module.course_id is not None:
            courses[module.course_id] = module.course
    notes = [_complete_course(officer, course, when, statement["id"]) for course in courses.values()]
    return OutboxEntry.Status.APPLIED, "; ".join(n for n in notes if n)[:300]


def progress_merge(progress: ModuleProgress, outcome: Outcome, when: dt.datetime) -> None:
    """Fold one outcome into the progress: the best attempt counts, whatever order they arrive in.

    Completion and a pass are never taken back, and the score kept is the best seen: a learner
    who passed and then retried worse keeps the pass and the better score.
    """
    if outcome.completed and not progress.completed:
        progress.completed, progress.completed_at = True, when
    elif outcome.completed and progress.completed_at is not None and when < progress.completed_at:
        progress.completed_at = when
    if outcome.passed is not None and progress.passed is not True:
        progress.passed = outcome.passed
    if outcome.scaled is not None:
        scaled = max(-1.0, min(1.0, outcome.scaled))
        if progress.score_scaled is None or scaled > progress.score_scaled:
            progress.score_scaled = scaled


def module_satisfied(module: Any, progress: ModuleProgress | None) -> bool:
    """A module counts towards its course: completed, not failed, and at its pass mark when it has one."""
    if progress is None or not progress.completed or progress.passed is False:
        return False
    if module.pass_mark is None:
        return True
    if progress.score_scaled is None:
        return progress.passed is True
    return bool(progress.score_scaled >= module.pass_mark)


def _complete_course(officer: Any, course: Any, when: dt.datetime, statement_id: str) -> str:
    """Record the course completion once every tracked module of the course is satisfied."""
    tracked = course_tracked_modules(course_id=course.pk)
    progress = {
        p.module_id: p
        for p in ModuleProgress.objects.filter(officer=officer, module_id__in=[m.pk for m in tracked])
    }
    if not tracked or not all(module_satisfied(m, progress.get(m.pk)) for m in tracked):
        return ""
    scores = [p.score_scaled for p in progress.values() if p.score_scaled is not None]
    score = None
    if scores:
        mean = max(0.0, min(1.0, sum(scores) / len(scores)))
        score = Decimal(str(round(mean * 100, 2)))
    try:
        recorded = completion_record_from_learning_record(
            officer=officer, course=course, completed_at=when, score=score, statement_id=statement_id
        )
    except DomainError as exc:  # e.g. a classroom course: its result stays with the instructor
        reasons = ", ".join(f"{e.field} {e.reason}" for e in exc.errors) or exc.detail
        return f"course {course.code} not completed online: {reasons}"
    return f"course {course.code} completed" if recorded.created else ""


def _record_evidence(
    officer: Any, competency: Any, level: int, when: dt.datetime, statement: dict[str, Any], module: Any
) -> None:
    assessed_on = min(when.date(), timezone.now().date())
    try:
        assessment_record_xapi_evidence(
            officer=officer,
            competency=competency,
            level=level,
            assessed_on=assessed_on,
            evidence=f"xAPI statement {statement['id']} ({module.code} {module.title})"[:1000],
        )
    except DomainError:
        return  # e.g. a competency the administration no longer uses: progress still counts


def outbox_process(*, limit: int = 500) -> int:
    """Apply up to ``limit`` pending entries, each exactly once; return how many were processed."""
    done = 0
    while done < limit:
        with transaction.atomic():
            batch = list(
                OutboxEntry.objects.select_for_update(skip_locked=True)
                .filter(status=OutboxEntry.Status.PENDING)
                .select_related("statement")
                .order_by("id")[: min(50, limit - done)]
            )
            if not batch:
                break
            for entry in batch:
                with transaction.atomic():
                    status, reason = _apply(entry)
                entry.status, entry.reason, entry.processed_at = status, reason, timezone.now()
                entry.save(update_fields=["status", "reason", "processed_at"])
            done += len(batch)
    return done
