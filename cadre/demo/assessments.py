"""Assessment histories: yearly review rounds with supervisor, self, test and training evidence.

Each assessed officer has a hidden "true" level per required competency, below or above the
profile's level (gaps shrink with experience) and rising now and then between rounds. Rounds
record what a supervisor saw, what the officer claimed, and sometimes a test or a training result,
so the current-level rule and the gap engine have something realistic to chew on: pending and
rejected self-assessments, officers never assessed, competencies skipped in a round.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils import timezone

from cadre.competencies.models import Assessment
from cadre.demo.people import BATCH, Staffed
from cadre.people.models import Officer

S = Assessment.Source
V = Assessment.Validation

#: Review rounds of the fully populated administration: first day and length in days.
BIG_ROUNDS = (
    (dt.date(2023, 5, 8), 60),
    (dt.date(2024, 5, 13), 60),
    (dt.date(2025, 5, 12), 60),
    (dt.date(2026, 5, 11), 60),
)
SMALL_ROUNDS = ((dt.date(2024, 3, 4), 90), (dt.date(2025, 3, 3), 90), (dt.date(2026, 3, 2), 90))
_GAPS = (-1, 0, 0, 1, 1, 1, 2, 2, 3)  # required minus true level, before experience


@dataclass(frozen=True)
class ProfileRow:
    competency_id: int
    code: str
    level: int


@dataclass(frozen=True)
class HistoryPlan:
    rounds: tuple[tuple[dt.date, int], ...]
    rounds_per_officer: tuple[int, ...]  # choices for how many consecutive rounds an officer had
    never_assessed: float  # share of officers with no assessment at all
    validation_required: bool
    today: dt.date


def _clamp(value: int) -> int:
    return max(0, min(4, value))


_COLUMNS = (
    "administration_id",
    "officer_id",
    "competency_id",
    "level",
    "source",
    "assessed_on",
    "assessor_id",
    "evidence",
    "evidence_url",
    "validation",
    "validated_by_id",
    "validated_at",
    "created_at",
)


class HistoryWriter:
    """Buffers generated assessments and inserts them ``BATCH`` rows per ``executemany``.

    Plain parameter tuples rather than ``bulk_create``: at ~170,000 rows the ORM spent most of the
    load preparing 2.3 million field values one by one; ``executemany`` does the same insert in a
    fraction of the time. Values are adapted with the backend's own adapters, so SQLite and
    PostgreSQL store exactly what the ORM would.
    """

    def __init__(self) -> None:
        self.ops = ops = connection.ops
        table = ops.quote_name(Assessment._meta.db_table)
        columns = ", ".join(ops.quote_name(c) for c in _COLUMNS)
        marks = ", ".join(["%s"] * len(_COLUMNS))
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 (names, not input)
        self.created_at = ops.adapt_datetimefield_value(timezone.now())
        self.buffer: list[tuple[Any, ...]] = []
        self.count = 0

    def add(
        self,
        *,
        officer: Officer,
        competency_id: int,
        level: int,
        source: str,
        assessed_on: dt.date,
        evidence: str,
        assessor: Any = None,
        validation: str = V.VALIDATED,
        validated_by: Any = None,
        validated_at: dt.datetime | None = None,
    ) -> None:
        ops = self.ops
        self.buffer.append(
            (
                officer.administration_id,
                officer.pk,
                competency_id,
                level,
                str(source),
                ops.adapt_datefield_value(assessed_on),
                assessor.pk if assessor is not None else None,
                evidence,
                "",
                str(validation),
                validated_by.pk if validated_by is not None else None,
                ops.adapt_datetimefield_value(validated_at),
                self.created_at,
            )
        )
        if len(self.buffer) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, self.buffer)
            self.count += len(self.buffer)
            self.buffer = []


def histories_store(
    *,
    staffed: list[Staffed],
    profiles: dict[str, list[ProfileRow]],
    plan: HistoryPlan,
    rng: random.Random,
    reviewers: dict[int, Any],
    self_users: dict[int, Any],
) -> int:
    """Generate and store assessment histories; return how many rows were written.

    ``reviewers`` maps officer pk -> the user who assesses them (the supervisor persona for their
    staff), ``self_users`` officer pk -> the officer's own login.
    """
    writer = HistoryWriter()
    n_rounds = len(plan.rounds)
    for row in staffed:
        officer = row.officer
        requirements = profiles.get(row.position_code or "", [])
        if not requirements or rng.random() < plan.never_assessed:
            continue
        count = min(rng.choice(plan.rounds_per_officer), n_rounds)
        first = rng.randrange(0, n_rounds - count + 1)
        experience = (plan.today - officer.service_start).days // 365 if officer.service_start else 0
        truth = {
            r.competency_id: _clamp(r.level - rng.choice(_GAPS) + (1 if experience > 15 else 0))
            for r in requirements
        }
        reviewer = reviewers.get(officer.pk)
        own_user = self_users.get(officer.pk)
        for index in range(first, first + count):
            start, length = plan.rounds[index]
            latest = index == first + count - 1
            if officer.service_start and officer.service_start > start:
                continue  # not yet recruited when this round ran
            for req in requirements:
                if rng.random() < 0.15:
                    continue  # not reviewed this round
                level = truth[req.competency_id]
                on = min(start + dt.timedelta(days=rng.randrange(length)), plan.today)
                noise = rng.random()
                seen = _clamp(level - 1 if noise < 0.1 else level + 1 if noise > 0.93 else level)
                writer.add(
                    officer=officer,
                    competency_id=req.competency_id,
                    level=seen,
                    source=S.SUPERVISOR,
                    assessed_on=on,
                    assessor=reviewer,
                    evidence=f"Annual competency review {on.year}",
                )
                if rng.random() < 0.35:
                    claimed = _clamp(level + rng.choice((0, 0, 1, 1, 2)))
                    validated_by, validated_at = None, None
                    if not plan.validation_required:
                        state = V.VALIDATED
                    elif latest and rng.random() < 0.6:
                        state = V.PENDING
                    else:
                        state = V.REJECTED if claimed > level + 1 or rng.random() < 0.1 else V.VALIDATED
                        validated_by = reviewer
                        validated_at = dt.datetime.combine(on, dt.time(9, 0), tzinfo=dt.UTC)
                    writer.add(
                        officer=officer,
                        competency_id=req.competency_id,
                        level=claimed,
                        source=S.SELF,
                        assessed_on=on - dt.timedelta(days=7),
                        assessor=own_user,
                        evidence=f"Self-assessment {on.year}",
                        validation=state,
                        validated_by=validated_by,
                        validated_at=validated_at,
                    )
                if req.code.startswith(("OPS", "PRO", "N")) and rng.random() < 0.08:
                    writer.add(
                        officer=officer,
                        competency_id=req.competency_id,
                        level=level,
                        source=S.TEST,
                        assessed_on=min(start + dt.timedelta(days=rng.randrange(length)), plan.today),
                        evidence="Written knowledge test",
                    )
                if rng.random() < 0.06:
                    level = truth[req.competency_id] = _clamp(level + 1)
                    writer.add(
                        officer=officer,
                        competency_id=req.competency_id,
                        level=level,
                        source=S.TRAINING,
                        assessed_on=min(on + dt.timedelta(days=rng.randrange(20, 90)), plan.today),
                        evidence="Course completed at the training centre, final assessment passed",
                    )
            for req in requirements:  # some growth between rounds, from work and training
                if rng.random() < 0.2:
                    truth[req.competency_id] = _clamp(truth[req.competency_id] + 1)
    writer.flush()
    return writer.count
