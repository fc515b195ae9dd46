"""moveOn evaluation: which AUs, blocks and the course a registration has satisfied (cmi5 9.3.9, 13.1.4)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from cadre.cmi5 import vocabulary as v
from cadre.cmi5.models import AssignableUnit, AuProgress, MoveOn, Registration
from cadre.cmi5.selectors import registrations_unclaimed
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


class _ClaimChangedError(Exception):
    """What the registration newly satisfies changed between the preview and the claim."""


@dataclass
class _Claim:
    registration: Registration
    statements: list[dict[str, Any]]
    newly: list[str]
    rows: list[AuProgress]  # AU progress rows newly satisfied
    changed: bool  # satisfied blocks or course changed on the registration

    def save(self) -> None:
        for row in self.rows:
            row.save()
        if self.changed:
            self.registration.save(update_fields=["satisfied_blocks", "satisfied_at"])


def satisfaction_evaluate(*, registration: Registration, session_id: str | None = None) -> list[str]:
    """Record newly satisfied AUs, blocks and course; write one satisfied statement per block/course.

    Statements use the launch session's id, or a fresh one outside a session (at registration,
    after a waiver without a session). Answers the IRIs newly satisfied, inner blocks first.
    The claim and its statements commit together: the statements are built from an unlocked
    preview, then stored by the LRS whose transaction claims under the registration row's lock;
    if another evaluation claimed part of it meanwhile the batch rolls back and the evaluation
    starts again (so the course is never claimed twice, nor claimed without its statement, even
    when the process dies between the two).
    """
    claimed: list[Registration] = []

    def claim(_statements: list[Any]) -> None:
        locked = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("package")
            .get(pk=registration.pk)
        )
        now = _judge(locked, session_id)
        if now.newly != preview.newly:
            raise _ClaimChangedError
        now.save()
        claimed.append(locked)

    for _attempt in range(5):
        preview = _judge(Registration.objects.select_related("package").get(pk=registration.pk), session_id)
        try:
            if preview.statements:
                satisfied_write(
                    registration=preview.registration, statements=preview.statements, accept=claim
                )
            else:
                with transaction.atomic():
                    claim([])
        except _ClaimChangedError:
            continue
        registration.satisfied_blocks = claimed[0].satisfied_blocks
        registration.satisfied_at = claimed[0].satisfied_at
        return preview.newly
    return []  # other evaluations kept claiming first: what they claimed is theirs to announce


def _judge(registration: Registration, session_id: str | None) -> _Claim:
    """What the registration newly satisfies as things stand, with the statements announcing it (nothing saved)."""
    package = registration.package
    aus = list(AssignableUnit.objects.filter(package=package).select_related("block"))
    blocks = list(package.blocks.order_by("sequence"))
    progress = {p.au_id: p for p in registration.progress.all()}
    now = timezone.now()
    satisfied_aus: dict[int, bool] = {}
    rows: list[AuProgress] = []
    for au in aus:
        done = au_satisfied(move_on=au.move_on, progress=progress.get(au.pk))
        satisfied_aus[au.pk] = done
        row = progress.get(au.pk)
        if done and (row is None or not row.satisfied):
            row = row or AuProgress(registration=registration, au=au)
            row.satisfied, row.satisfied_at = True, now
            rows.append(row)
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
    return _Claim(registration, statements, newly, rows, changed)


def satisfaction_sweep(*, administration_id: int | None = None) -> int:
    """Evaluate every registration left with an AU satisfied but not claimed; answer how many.

    Run by the periodic cmi5 sweep: an AU's statement commits before its satisfaction is
    evaluated, so a process that dies in between leaves the claim to this sweep (or to the
    registration's next judged statement)."""
    pending = registrations_unclaimed()
    if administration_id is not None:
        pending = pending.filter(administration_id=administration_id)
    evaluated = 0
    for registration in pending:
        satisfaction_evaluate(registration=registration)
        evaluated += 1
    return evaluated
