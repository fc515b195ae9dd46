"""Demo officers: names in the administration's script, grades, service dates and supervisors.

Every unit's first officer heads it and reports to the head of the parent unit; the others report
to their unit's head. Heads are inserted one depth level at a time so a head's supervisor already
has a primary key; the rest go in batches.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from cadre.demo.names import NAME_POOLS
from cadre.demo.organisation import UnitPlan
from cadre.demo.positions import POSITIONS_BY_CODE
from cadre.people.models import Officer, Position
from cadre.people.search import officer_keys_fill
from cadre.tenancy.models import Administration

BATCH = 2000


@dataclass
class Staffed:
    """An officer together with what the assessment generator needs to know about them."""

    officer: Officer
    plan: UnitPlan
    position_code: str | None
    is_head: bool


def _spread(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` by ``weights`` (largest remainder), at least one officer per unit."""
    floor = [1] * len(weights)
    rest = max(0, total - len(weights))
    scale = sum(weights) or 1.0
    exact = [rest * w / scale for w in weights]
    counts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in order[: rest - sum(counts)]:
        counts[i] += 1
    return [a + b for a, b in zip(floor, counts, strict=True)]


class OfficerMaker:
    """Generates officers of one administration deterministically from ``rng``."""

    def __init__(
        self,
        *,
        administration: Administration,
        positions: dict[str, Position],
        rng: random.Random,
        prefix: str,
        april_intake: bool,
    ) -> None:
        self.administration = administration
        self.positions = positions
        self.rng = rng
        self.prefix = prefix
        self.april_intake = april_intake
        self.language = administration.default_language
        self.family, self.given = NAME_POOLS.get(self.language, NAME_POOLS["en"])
        self.seq = 0

    def make(self, *, plan: UnitPlan, position_code: str | None, supervisor: Officer | None) -> Officer:
        rng = self.rng
        self.seq += 1
        family_native, family_roman = rng.choice(self.family)
        given_native, given_roman = rng.choice(self.given)
        romanised = self.language == "en" or rng.random() < 0.12
        family, given = (family_roman, given_roman) if romanised else (family_native, given_native)
        position = self.positions.get(position_code) if position_code else None
        seniority = POSITIONS_BY_CODE[position_code].seniority if position_code else 1
        low, high = {1: (0, 22), 2: (6, 26), 3: (15, 32), 4: (26, 36)}[seniority]
        years = rng.randint(low, high)
        if self.april_intake:
            start = dt.date(2026 - years, 4, 1)
        else:
            start = dt.date(2026 - years, rng.randint(1, 12), rng.randint(1, 28))
        grade_low, grade_high = {1: (1, 4), 2: (4, 6), 3: (7, 8), 4: (9, 10)}[seniority]
        languages = [self.language]
        if self.language != "en" and rng.random() < (0.3 if self.language == "ja" else 0.6):
            languages.append("en")
        if rng.random() < 0.05:
            languages.append(rng.choice([x for x in ("zh", "ko", "th", "fr", "ms") if x not in languages]))
        email = ""
        if rng.random() < 0.92:  # some records lack an e-mail address, as in any HR system
            local = f"{given_roman}.{family_roman}.{self.seq}".lower().replace(" ", "").replace("-", "")
            email = f"{local}@{self.administration.code}.customs.example"
        officer = Officer(
            administration=self.administration,
            employee_number=f"{self.prefix}{self.seq:06d}",
            given_name=given,
            family_name=family,
            # A name written in its own script carries its Latin reading, as HR systems store it.
            given_name_reading="" if romanised else given_roman,
            family_name_reading="" if romanised else family_roman,
            email=email,
            org_unit=plan.unit,
            position=position,
            grade=f"Grade {rng.randint(grade_low, grade_high)}",
            service_start=start,
            languages=languages,
            supervisor=supervisor,
            active=rng.random() > 0.01,
        )
        officer_keys_fill(officer)  # bulk_create skips save()
        return officer


def officers_store(*, maker: OfficerMaker, plans: list[UnitPlan], total: int) -> list[Staffed]:
    """Create ``total`` officers (at least one per unit) and return them in creation order."""
    rng = maker.rng
    counts = _spread(total, [p.weight for p in plans])
    parent_of = {id(child): plan for plan in plans for child in plan.children}
    heads: dict[int, Staffed] = {}
    by_depth: dict[int, list[UnitPlan]] = {}
    for plan in plans:
        assert plan.unit is not None
        by_depth.setdefault(plan.unit.depth, []).append(plan)
    staffed: list[Staffed] = []
    for depth in sorted(by_depth):
        level = []
        for plan in by_depth[depth]:
            parent = parent_of.get(id(plan))
            boss = heads[id(parent)].officer if parent is not None else None
            row = Staffed(
                maker.make(plan=plan, position_code=plan.head, supervisor=boss), plan, plan.head, True
            )
            heads[id(plan)] = row
            level.append(row)
        Officer.objects.bulk_create([r.officer for r in level])
        staffed += level
    pending: list[Staffed] = []
    for plan, count in zip(plans, counts, strict=True):
        head = heads[id(plan)].officer
        for _ in range(count - 1):
            # ~2% of records have no position yet: a data-quality gap the needs analysis reports.
            code = rng.choice(plan.staff) if rng.random() > 0.02 else None
            pending.append(
                Staffed(maker.make(plan=plan, position_code=code, supervisor=head), plan, code, False)
            )
            if len(pending) >= BATCH:
                Officer.objects.bulk_create([r.officer for r in pending], batch_size=BATCH)
                staffed += pending
                pending = []
    Officer.objects.bulk_create([r.officer for r in pending], batch_size=BATCH)
    return staffed + pending
