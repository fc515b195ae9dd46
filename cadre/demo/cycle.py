"""Demo data for the training cycle beyond the workforce: strategy, catalogue, a needs snapshot.

Runs after the workforce is loaded, through the services (so it is audited like user changes),
and is idempotent: each part checks its own marker before adding anything.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from cadre.catalogue.demo import load_catalogue_demo
from cadre.cmi5.demo import load_cmi5_demo
from cadre.community.demo import load_community_demo
from cadre.competencies.models import Competency
from cadre.delivery.demo import load_delivery_demo
from cadre.demo.names import BIG
from cadre.evaluation.demo import load_evaluation_demo
from cadre.lrs.demo import load_lrs_demo, load_xapi_module_demo
from cadre.needs.models import GapSnapshot
from cadre.needs.services import gap_snapshot_create
from cadre.planning.demo import load_planning_demo
from cadre.practices.demo import load_practices_demo
from cadre.strategy.models import StrategicObjective
from cadre.strategy.services import (
    kpi_create,
    kpi_measurement_record,
    objective_competency_link,
    objective_create,
)
from cadre.tenancy.access import actor_for
from cadre.tenancy.models import Administration, Region


@dataclass(frozen=True)
class ObjectiveSpec:
    title: str
    weight: float
    owner: str
    competencies: tuple[tuple[str, float], ...]  # regional competency code, relevance
    kpi: tuple[str, str, float, float, tuple[float, ...]]  # name, unit, baseline, target, yearly values


OBJECTIVES = (
    ObjectiveSpec(
        "Smart enforcement: risk-based control of cargo and passengers",
        3.0,
        "Enforcement Department",
        (("OPS6", 1.0), ("OPS13", 0.8), ("OPS9", 0.7), ("OPS10", 0.5)),
        ("Seizure hit rate of targeted examinations", "%", 8.0, 15.0, (8.0, 9.4, 11.2)),
    ),
    ObjectiveSpec(
        "Correct revenue: classification and valuation right the first time",
        2.0,
        "Tariff Classification and Valuation Division",
        (("OPS2", 1.0), ("OPS3", 1.0), ("OPS4", 0.6), ("OPS8", 0.8)),
        ("Post-clearance audit adjustments", "million JPY", 420.0, 250.0, (420.0, 395.0, 360.0)),
    ),
    ObjectiveSpec(
        "Trade facilitation for cross-border e-commerce",
        1.5,
        "Trade Facilitation Division",
        (("OPS11", 1.0), ("OPS1", 0.6)),
        ("Median clearance time of low-value consignments", "hours", 26.0, 6.0, (26.0, 19.0, 14.5)),
    ),
    ObjectiveSpec(
        "Leadership for modernisation",
        1.0,
        "Human Resources Division",
        (("MAN5", 1.0), ("MAN6", 0.8), ("MAN3", 0.6)),
        ("Managers completing leadership development", "%", 20.0, 80.0, (20.0, 31.0, 44.0)),
    ),
)


def _strategy(*, big: Administration, actor: object, year: int) -> int:
    if StrategicObjective.objects.filter(administration=big).exists():
        return 0
    codes = {c.code: c for c in Competency.objects.filter(framework__region=big.region, kind="competency")}
    for spec in OBJECTIVES:
        objective = objective_create(
            actor=actor,
            administration=big,
            title=spec.title,
            period_start=dt.date(year - 1, 4, 1),
            period_end=dt.date(year + 2, 3, 31),
            priority_weight=spec.weight,
            owner=spec.owner,
        )
        for code, relevance in spec.competencies:
            if code in codes:
                objective_competency_link(
                    actor=actor, objective=objective, competency=codes[code], relevance=relevance
                )
        name, unit, baseline, target, values = spec.kpi
        kpi = kpi_create(
            actor=actor, objective=objective, name=name, unit=unit, baseline=baseline, target=target
        )
        for offset, value in enumerate(values):
            kpi_measurement_record(
                actor=actor, kpi=kpi, measured_on=dt.date(year - 2 + offset, 3, 31), value=value
            )
    return len(OBJECTIVES)


def cycle_demo_load(*, region: Region, rng: random.Random, today: dt.date) -> None:
    """Strategy and catalogue for the demo region, then a first needs snapshot of the big administration."""
    big = Administration.objects.get(code=BIG.code)
    tm = get_user_model().objects.get(username=f"tm.{BIG.code}")
    _strategy(big=big, actor=tm, year=today.year)
    load_catalogue_demo(
        region=region,
        administrations=list(Administration.objects.filter(region=region).order_by("code")),
        big_administration=big,
        rng=rng,
    )
    load_delivery_demo(big_administration=big, rng=rng)
    load_lrs_demo(administration=big)
    valuation = Competency.objects.filter(
        framework__region=big.region, kind="competency", code="OPS3"
    ).first()
    if valuation is not None:  # the xAPI module officers can take on a phone
        load_xapi_module_demo(administration=big, competency=valuation, actor=tm)
    load_cmi5_demo(administration=big, actor=tm)  # a cmi5 course whose AU runs on a phone
    load_practices_demo(region=region)
    load_community_demo(region=region, today=today)
    load_evaluation_demo(big_administration=big, rng=rng)
    # A first needs analysis everywhere, so the regional view has something to aggregate.
    User = get_user_model()  # noqa: N806
    for administration in Administration.objects.filter(region=region).order_by("code"):
        if GapSnapshot.objects.filter(administration=administration, status=GapSnapshot.Status.DONE).exists():
            continue
        manager = User.objects.filter(username=f"tm.{administration.code}").first() or tm
        gap_snapshot_create(actor=manager, administration=administration, as_of=today)
    load_planning_demo(big_administration=big, actor=actor_for(tm))  # needs the big administration's snapshot
