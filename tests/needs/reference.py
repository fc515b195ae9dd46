"""A slow, obviously correct gap engine: plain loops over ORM rows, one officer at a time."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from cadre.competencies.models import Assessment, RoleRequirement
from cadre.needs.engine import METRICS, Weights
from cadre.people.models import Officer
from cadre.tenancy.models import OrgUnit


def reference_gaps(*, administration_id: int, weights: Weights, relevance: dict[int, float]) -> dict:
    """Return {"cells": {(unit_id, comp_id): metrics}, "rows": {unit_id: metrics}, "pairs": {...}, ...}."""
    units = list(OrgUnit.objects.filter(administration_id=administration_id))
    profile = defaultdict(list)
    for req in RoleRequirement.objects.filter(profile__administration_id=administration_id):
        profile[req.profile.position_id].append(req)
    pairs = {}
    officer_rows = {}
    for officer in Officer.objects.filter(administration_id=administration_id, active=True):
        requirements = profile.get(officer.position_id, [])
        if not requirements:
            continue
        met_all, any_assessed, ge1, ge2, n_assessed, gap_total, demand = True, False, False, False, 0, 0, 0.0
        for req in requirements:
            history = [
                a
                for a in Assessment.objects.filter(officer=officer, competency_id=req.competency_id)
                if a.validation == Assessment.Validation.VALIDATED
                and a.administration_id == administration_id
            ]
            history.sort(key=lambda a: (a.assessed_on, a.id))
            current = history[-1].level if history else None
            if current is None:
                gap, score = None, 0.0
                met_all = False
            else:
                gap = max(0, req.required_level - current)
                score = gap * (
                    weights.gap
                    + weights.criticality * req.criticality
                    + weights.strategy * relevance.get(req.competency_id, 0.0)
                )
                any_assessed = True
                n_assessed += 1
                gap_total += gap
                demand += score
                ge1 |= gap >= 1
                ge2 |= gap >= 2
                met_all &= current >= req.required_level
            pairs[(officer.pk, req.competency_id)] = (
                req.required_level,
                current,
                gap,
                score,
                officer.org_unit,
            )
        officer_rows[officer.pk] = {
            "officers": 1,
            "assessed": int(any_assessed),
            "meeting": int(met_all),
            "never_assessed": int(not any_assessed),
            "gap_ge1": int(ge1),
            "gap_ge2": int(ge2),
            "pairs_assessed": n_assessed,
            "gap_sum": gap_total,
            "demand": demand,
            "unit": officer.org_unit,
        }
    cells: dict = {}
    rows: dict = {}
    for unit in units:
        row = dict.fromkeys(METRICS, 0.0)
        for values in officer_rows.values():
            if values["unit"].path.startswith(unit.path):
                for name in METRICS:
                    row[name] += values[name]
        rows[unit.pk] = row
        for (_officer_id, comp_id), (required, current, gap, score, officer_unit) in pairs.items():
            if not officer_unit.path.startswith(unit.path):
                continue
            cell = cells.setdefault((unit.pk, comp_id), dict.fromkeys(METRICS, 0.0))
            cell["officers"] += 1
            if current is None:
                cell["never_assessed"] += 1
                continue
            cell["assessed"] += 1
            cell["pairs_assessed"] += 1
            cell["meeting"] += int(current >= required)
            cell["gap_ge1"] += int(gap >= 1)
            cell["gap_ge2"] += int(gap >= 2)
            cell["gap_sum"] += gap
            cell["demand"] += score
    return {"cells": cells, "rows": rows, "pairs": pairs}


TODAY = dt.date(2026, 6, 1)
