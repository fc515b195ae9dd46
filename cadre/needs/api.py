"""Needs-analysis API: snapshots, their aggregates, my gaps and the regional view (mounted at /api/v1/needs)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from cadre.needs import selectors as sel
from cadre.needs.services import gap_snapshot_request
from cadre.tenancy.selectors import managed_administration

router = Router(tags=["needs"])


class SnapshotOut(Schema):
    id: int
    administration_id: int
    created_at: dt.datetime
    finished_at: dt.datetime | None
    status: str
    progress: int
    parameters: dict[str, Any]
    totals: dict[str, Any]


class SnapshotIn(Schema):
    administration_id: int


def _out(s: Any) -> dict[str, Any]:
    return {
        "id": s.pk,
        "administration_id": s.administration_id,
        "created_at": s.created_at,
        "finished_at": s.finished_at,
        "status": s.status,
        "progress": s.progress,
        "parameters": s.parameters,
        "totals": s.totals,
    }


@router.get("/snapshots", response=list[SnapshotOut])
def list_snapshots(request: HttpRequest, administration_id: int | None = None) -> list[dict[str, Any]]:
    qs = sel.snapshots_for_user(user=request.user)
    if administration_id is not None:
        qs = qs.filter(administration__pk=administration_id)  # __pk: a huge id matches nothing, no overflow
    return [_out(s) for s in qs[:100]]


@router.post("/snapshots", response={202: SnapshotOut})
def create_snapshot(request: HttpRequest, payload: SnapshotIn) -> tuple[int, dict[str, Any]]:
    from cadre.core.errors import not_found_as

    with not_found_as("administration_id"):
        administration = managed_administration(
            user=request.user, administration_id=payload.administration_id
        )
    return 202, _out(gap_snapshot_request(actor=request.user, administration=administration))


@router.get("/snapshots/{snapshot_id}", response=SnapshotOut)
def get_snapshot(request: HttpRequest, snapshot_id: int) -> dict[str, Any]:
    return _out(sel.snapshot_get_for_user(user=request.user, snapshot_id=snapshot_id))


def _done(request: HttpRequest, snapshot_id: int) -> Any:
    from django.http import Http404

    snap = sel.snapshot_get_for_user(user=request.user, snapshot_id=snapshot_id)
    if snap.status != "done":
        raise Http404("Not found")
    return snap


@router.get("/snapshots/{snapshot_id}/units")
def unit_aggregates(request: HttpRequest, snapshot_id: int, unit_id: int | None = None) -> dict[str, Any]:
    """The heatmap as data: the unit's children (or the top) x competencies."""
    hm = sel.heatmap(snapshot=_done(request, snapshot_id), unit_id=unit_id)
    return {
        "unit": hm.unit,
        "totals": hm.unit_totals,
        "competencies": hm.competencies,
        "rows": [
            {"unit_id": r.unit_id, "name": r.name, "totals": r.totals, "cells": [c.metrics for c in r.cells]}
            for r in hm.rows
        ],
    }


@router.get("/snapshots/{snapshot_id}/positions")
def position_aggregates(request: HttpRequest, snapshot_id: int) -> list[dict[str, Any]]:
    return sel.position_table(snapshot=_done(request, snapshot_id))


@router.get("/snapshots/{snapshot_id}/competencies")
def competency_aggregates(request: HttpRequest, snapshot_id: int) -> list[dict[str, Any]]:
    return sel.competency_table(snapshot=_done(request, snapshot_id))


@router.get("/snapshots/{snapshot_id}/units/{unit_id}/officers")
def unit_officers(request: HttpRequest, snapshot_id: int, unit_id: int) -> list[dict[str, Any]]:
    items = sel.unit_officer_gaps(user=request.user, snapshot=_done(request, snapshot_id), unit_id=unit_id)
    return [
        {
            "officer_id": o.pk,
            "name": o.full_name,
            "gaps": [
                {
                    "competency": g.competency,
                    "required": g.required,
                    "current": g.current,
                    "gap": g.gap,
                    "priority": g.score,
                }
                for g in gaps
            ],
        }
        for o, gaps in items
    ]


@router.get("/me/gaps")
def my_gaps(request: HttpRequest) -> dict[str, Any]:
    _officer, snap, gaps = sel.my_gaps(user=request.user)
    return {
        "snapshot_id": snap.pk if snap else None,
        "gaps": [
            {"competency": g.competency, "required": g.required, "current": g.current, "gap": g.gap}
            for g in gaps
        ],
    }


@router.get("/regional")
def regional(request: HttpRequest) -> dict[str, Any]:
    data = sel.regional_gaps(user=request.user)

    def cell(c: Any) -> dict[str, Any] | None:
        return (
            None
            if c.officers is None
            else {
                "officers": c.officers,
                "mean_gap": c.mean_gap,
                "gap_ge1_share": c.gap_ge1_share,
                "meeting_share": c.meeting_share,
            }
        )

    return {
        "k": data["k"],
        "administrations": data["administrations"],
        "rows": [
            {
                "competency": r["competency"],
                "region": cell(r["region"]),
                "administrations": [cell(c) for c in r["administrations"]],
            }
            for r in data["rows"]
        ],
    }
