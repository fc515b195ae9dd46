"""moveOn evaluation: which AUs, blocks and the course a registration has satisfied (cmi5 9.3.9, 13.1.4)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone

from cadre.cmi5 import vocabulary as v
from cadre.cmi5.models import AssignableUnit, AuProgress, MoveOn, Registration
from cadre.cmi5.services.statements import satisfied_statement, satisfied_write


def au_satisfied(*, move_on: str, progress: AuProgress | None) -> bool:
    """Whether an AU meets its moveOn criterion (a waived AU always does)."""
    if move_on == MoveOn.NOT_APPLICABLE:
        return True
    if progress is None:
        return False
    if progress.waived:
        return True
    return {
        MoveOn.PASSED: progress.passed,
        MoveOn.COMPLETED: progress.completed,
        MoveOn.COMPLETED_AND_PASSED: progress.completed and progress.passed,
        MoveOn.COMPLETED_OR_PASSED: progress.completed or progress.passed,
    }.get(MoveOn(move_on), False)


def satisfaction_evaluate(*, registration: Registration, session_id: str | None = None) -> list[str]:
    """Record newly satisfied AUs, blocks and course; write one satisfied statement per block/course.

    Statements use the launch session's id, or a fresh one outside a session (at registration,
    after a waiver without a session). Answers the IRIs newly satisfied, inner blocks first.
    What is satisfied is claimed in a transaction holding the registration row (so two concurrent
    evaluations never both claim the course); the statements are written after it commits, as
    the LRS write lock must not be taken inside another transaction.
    """
    with transaction.atomic():
        locked = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("package")
            .get(pk=registration.pk)
        )
        statements, newly = _claim(locked, session_id)
    registration.satisfied_blocks, registration.satisfied_at = locked.satisfied_blocks, locked.satisfied_at
    if statements:
        satisfied_write(registration=locked, statements=statements)
    return newly


def _claim(registration: Registration, session_id: str | None) -> tuple[list[dict[str, Any]], list[str]]:
    package = registration.package
    aus = list(AssignableUnit.objects.filter(package=package).select_related("block"))
    blocks = list(package.blocks.order_by("sequence"))
    progress = {p.au_id: p for p in registration.progress.all()}
    now = timezone.now()
    satisfied_aus: dict[int, bool] = {}
    for au in aus:
        done = au_satisfied(move_on=au.move_on, progress=progress.get(au.pk))
        satisfied_aus[au.pk] = done
        row = progress.get(au.pk)
        if done and (row is None or not row.satisfied):
            row = row or AuProgress(registration=registration, au=au)
            row.satisfied, row.satisfied_at = True, now
            row.save()
            progress[au.pk] = row
    block_done: dict[int, bool] = {}
    for block in reversed(blocks):  # children come after their parent in document order
        members = [satisfied_aus[a.pk] for a in aus if a.block_id == block.pk]
        members += [block_done[b.pk] for b in blocks if b.parent_id == block.pk]
        block_done[block.pk] = all(members)
    session = session_id or str(uuid.uuid4())
    statements = []
    newly: list[str] = []
    already = set(registration.satisfied_blocks)
    for block in reversed(blocks):
        if block_done[block.pk] and block.publisher_id not in already:
            block.package = package
            iri = v.block_iri(block)
            statements.append(
                satisfied_statement(
                    registration=registration,
                    iri=iri,
                    kind=v.TYPE_BLOCK,
                    publisher_id=block.publisher_id,
                    session_id=session,
                )
            )
            registration.satisfied_blocks.append(block.publisher_id)
            newly.append(iri)
    top = [satisfied_aus[a.pk] for a in aus if a.block_id is None]
    top += [block_done[b.pk] for b in blocks if b.parent_id is None]
    changed = bool(newly)
    if all(top) and registration.satisfied_at is None:
        iri = v.course_iri(package)
        statements.append(
            satisfied_statement(
                registration=registration,
                iri=iri,
                kind=v.TYPE_COURSE,
                publisher_id=package.publisher_id,
                session_id=session,
            )
        )
        registration.satisfied_at = now
        newly.append(iri)
        changed = True
    if changed:
        registration.save(update_fields=["satisfied_blocks", "satisfied_at"])
    return statements, newly
