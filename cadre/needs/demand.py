"""Selectors: training demand per competency, for matching against the regional expert pool.

Two views of the same aggregate cubes (officer rows are never read):

- the region: the opted-in administrations of the caller's regions (regional roles only), each
  cell suppressed below k officers exactly as ``selectors.regional_gaps`` does;
- one administration: its managers see their own latest snapshot unsuppressed (they read its
  officer rows anyway); the coordinator of its region sees it only if it shares regional
  analytics, with small cells suppressed.

Rows are the competencies of the region's frameworks (an administration's own view adds its
national ones). ``required_level`` is the highest level the counted administrations' role
profiles require, the level an expert must hold to bring anyone up to standard.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import Max, Q
from django.http import Http404

from cadre.competencies.models import Competency, RoleRequirement
from cadre.needs.engine import M
from cadre.needs.selectors import latest_snapshot, regional_k, snapshot_aggregates
from cadre.tenancy.access import MANAGERS, access_for, get_scoped_or_404
from cadre.tenancy.models import Administration
from cadre.tenancy.types import REGIONAL_ROLES


@dataclass(frozen=True)
class DemandCell:
    """One administration's demand in one competency; the counts are None when suppressed."""

    administration_id: int
    administration: str
    language: str  # the administration's default language
    officers: int | None
    with_gap: int | None
    weighted: float | None


@dataclass(frozen=True)
class CompetencyDemand:
    competency_id: int
    code: str
    title: str
    required_level: int | None
    officers: int | None  # officers whose role profile requires it; None: suppressed
    with_gap: int | None  # ... of whom assessed below the required level
    weighted: float | None  # sum of the gap engine's priority scores
    administrations: tuple[DemandCell, ...]


@dataclass(frozen=True)
class _Counted:
    administration: Administration
    rows: dict[int, np.ndarray]  # competency id -> metrics row


def _load(administrations: list[Administration]) -> tuple[list[_Counted], dict[int, dict[str, Any]]]:
    counted: list[_Counted] = []
    labels: dict[int, dict[str, Any]] = {}
    for admin in administrations:
        snap = latest_snapshot(administration_id=admin.pk)
        if snap is None:
            continue
        agg, dims = snapshot_aggregates(snapshot=snap)
        ids = [int(c) for c in agg.competency_ids]
        counted.append(_Counted(admin, {c: agg.competency_rows[i] for i, c in enumerate(ids)}))
        for i, comp in enumerate(dims["competencies"]):
            labels.setdefault(ids[i], comp)
    return counted, labels


def _figures(row: np.ndarray | None, k: int) -> tuple[int | None, int | None, float | None]:
    if row is None or row[M["officers"]] < k or row[M["assessed"]] < k:
        return None, None, None
    return int(row[M["officers"]]), int(row[M["gap_ge1"]]), round(float(row[M["demand"]]), 2)


def _rows(
    counted: list[_Counted], labels: dict[int, dict[str, Any]], ids: set[int], k: int
) -> list[CompetencyDemand]:
    admin_ids = [c.administration.pk for c in counted]
    required = dict(
        RoleRequirement.objects.filter(profile__administration_id__in=admin_ids, competency_id__in=ids)
        .values_list("competency_id")
        .annotate(level=Max("required_level"))
        .values_list("competency_id", "level")
    )
    out = []
    for cid in sorted(ids & set(labels), key=lambda c: (labels[c]["code"], c)):
        present = [c.rows[cid] for c in counted if cid in c.rows]
        if not present:
            continue
        officers, with_gap, weighted = _figures(np.sum(present, axis=0), k)
        cells = tuple(
            DemandCell(
                c.administration.pk,
                c.administration.name,
                c.administration.default_language,
                *_figures(c.rows.get(cid), k),
            )
            for c in counted
            if cid in c.rows
        )
        out.append(
            CompetencyDemand(
                cid,
                labels[cid]["code"],
                labels[cid]["title"],
                required.get(cid),
                officers,
                with_gap,
                weighted,
                cells,
            )
        )
    return out


def regional_demand(*, user: Any) -> list[CompetencyDemand]:
    """Demand per regional competency over the opted-in administrations of the caller's regions."""
    region_ids = access_for(user).region_ids(REGIONAL_ROLES)
    if not region_ids:
        raise Http404("Not found")
    administrations = list(
        Administration.objects.filter(region_id__in=region_ids, shares_regional_analytics=True).order_by(
            "name", "pk"
        )
    )
    counted, labels = _load(administrations)
    ids = set(Competency.objects.filter(framework__region_id__in=region_ids).values_list("pk", flat=True))
    return _rows(counted, labels, ids, regional_k())


def demand_administration_get(*, user: Any, administration_id: int) -> Administration:
    """An administration the caller manages, or one of a region they coordinate; else 404."""
    access = access_for(user)
    qs = Administration.objects.filter(
        Q(pk__in=access.administration_ids(MANAGERS)) | Q(region_id__in=access.region_ids(REGIONAL_ROLES))
    )
    return get_scoped_or_404(qs.select_related("region"), pk=administration_id)


def administration_demand(*, user: Any, administration: Administration) -> list[CompetencyDemand]:
    """One administration's demand: in full for its managers, as the region sees it for the coordinator."""
    own = access_for(user).has_role(administration.pk, MANAGERS)
    if not own and administration.region_id not in access_for(user).region_ids(REGIONAL_ROLES):
        raise Http404("Not found")
    if not own and not administration.shares_regional_analytics:
        return []
    counted, labels = _load([administration])
    frameworks = Q(framework__region_id=administration.region_id)
    if own:
        frameworks |= Q(framework__administration_id=administration.pk)
    ids = set(Competency.objects.filter(frameworks).values_list("pk", flat=True))
    return _rows(counted, labels, ids, 0 if own else regional_k())
