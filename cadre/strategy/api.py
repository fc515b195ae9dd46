"""Strategy API: objectives, KPIs, measurements and competency links (mounted at /api/v1/strategy)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from cadre.core.errors import not_found_as
from cadre.strategy import selectors as sel
from cadre.strategy import services
from cadre.tenancy.access import get_scoped_or_404
from cadre.tenancy.selectors import managed_administration

router = Router(tags=["strategy"])


class ObjectiveIn(Schema):
    administration_id: int
    title: str
    period_start: dt.date
    period_end: dt.date
    priority_weight: float = 1.0
    owner: str = ""
    description: str = ""


class ObjectivePatch(Schema):
    title: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    priority_weight: float | None = None
    owner: str | None = None
    description: str | None = None


class KPIIn(Schema):
    name: str
    unit: str = ""
    baseline: float
    target: float


class MeasurementIn(Schema):
    measured_on: dt.date
    value: float
    note: str = ""


class LinkIn(Schema):
    competency_id: int
    relevance: float = 1.0


def _objective(o: Any) -> dict[str, Any]:
    return {
        "id": o.pk,
        "administration_id": o.administration_id,
        "title": o.title,
        "description": o.description,
        "period_start": o.period_start,
        "period_end": o.period_end,
        "priority_weight": o.priority_weight,
        "owner": o.owner,
        "kpis": [
            {
                "id": k.pk,
                "name": k.name,
                "unit": k.unit,
                "baseline": k.baseline,
                "target": k.target,
                "measurements": [
                    {"measured_on": m.measured_on, "value": m.value} for m in k.measurements.all()
                ],
            }
            for k in sel.objective_kpis(objective=o)
        ],
        "competencies": [
            {
                "link_id": link.pk,
                "competency_id": link.competency_id,
                "code": link.competency.code,
                "relevance": link.relevance,
            }
            for link in sel.objective_links(objective=o)
        ],
    }


@router.get("/objectives")
def list_objectives(request: HttpRequest, administration_id: int | None = None) -> list[dict[str, Any]]:
    qs = sel.objectives_for_user(user=request.user)
    if administration_id is not None:
        qs = qs.filter(administration__pk=administration_id)  # __pk: a huge id matches nothing, no overflow
    return [
        {
            "id": o.pk,
            "administration_id": o.administration_id,
            "title": o.title,
            "period_start": o.period_start,
            "period_end": o.period_end,
            "priority_weight": o.priority_weight,
            "owner": o.owner,
        }
        for o in qs
    ]


@router.post("/objectives", response={201: dict})
def create_objective(request: HttpRequest, payload: ObjectiveIn) -> tuple[int, dict[str, Any]]:
    data = payload.dict()
    with not_found_as("administration_id"):
        administration = managed_administration(
            user=request.user, administration_id=data.pop("administration_id")
        )
    return 201, _objective(
        services.objective_create(actor=request.user, administration=administration, **data)
    )


@router.get("/objectives/{objective_id}")
def get_objective(request: HttpRequest, objective_id: int) -> dict[str, Any]:
    return _objective(sel.objective_get_for_user(user=request.user, objective_id=objective_id))


@router.patch("/objectives/{objective_id}")
def update_objective(request: HttpRequest, objective_id: int, payload: ObjectivePatch) -> dict[str, Any]:
    objective = sel.objective_get_for_user(user=request.user, objective_id=objective_id)
    fields = payload.dict(exclude_unset=True)
    return _objective(services.objective_update(actor=request.user, objective=objective, **fields))


@router.post("/objectives/{objective_id}/kpis", response={201: dict})
def add_kpi(request: HttpRequest, objective_id: int, payload: KPIIn) -> tuple[int, dict[str, Any]]:
    objective = sel.objective_get_for_user(user=request.user, objective_id=objective_id)
    kpi = services.kpi_create(actor=request.user, objective=objective, **payload.dict())
    return 201, {"id": kpi.pk, "name": kpi.name}


@router.post("/kpis/{kpi_id}/measurements", response={201: dict})
def add_measurement(request: HttpRequest, kpi_id: int, payload: MeasurementIn) -> tuple[int, dict[str, Any]]:
    kpi = sel.kpi_get_for_user(user=request.user, kpi_id=kpi_id)
    row = services.kpi_measurement_record(actor=request.user, kpi=kpi, **payload.dict())
    return 201, {"id": row.pk, "measured_on": row.measured_on, "value": row.value}


@router.post("/objectives/{objective_id}/competencies", response={201: dict})
def link_competency(request: HttpRequest, objective_id: int, payload: LinkIn) -> tuple[int, dict[str, Any]]:
    objective = sel.objective_get_for_user(user=request.user, objective_id=objective_id)
    with not_found_as("competency_id"):
        competency = get_scoped_or_404(
            sel.linkable_competencies(objective=objective), pk=payload.competency_id
        )
    link = services.objective_competency_link(
        actor=request.user, objective=objective, competency=competency, relevance=payload.relevance
    )
    return 201, {"link_id": link.pk, "competency_id": link.competency_id, "relevance": link.relevance}
