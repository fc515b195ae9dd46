"""Org-unit trees of the demo administrations, planned in memory then stored level by level.

Units are bulk-created one depth at a time so every unit's materialised path can be written as
``parent.path + f"{pk}/"`` once its primary key is known: the same invariant ``org_unit_create``
keeps, without one round trip per unit.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from cadre.demo.names import EN_PLACES, JA_PLACES
from cadre.tenancy.models import Administration, OrgUnit

K = OrgUnit.Kind


@dataclass
class UnitPlan:
    code: str
    name: str
    kind: str
    head: str  # position code of the unit's head
    staff: tuple[str, ...]  # position codes of the other officers
    weight: float  # share of the administration's officers
    children: list[UnitPlan] = field(default_factory=list)
    unit: OrgUnit | None = None

    def walk(self) -> list[UnitPlan]:
        out = [self]
        for child in self.children:
            out += child.walk()
        return out


_Unit = tuple[str, str, str, tuple[str, ...]]  # code, name, Japanese name, staff positions

_HQ_DIVISIONS: tuple[_Unit, ...] = (
    ("GAD", "General Affairs Division", "総務課", ("GA", "LEGAL")),
    ("HRD", "Human Resources Division", "人事課", ("HR", "GA")),
    ("PSD", "Planning and Strategy Division", "企画調整課", ("POL", "PM", "STAT")),
    ("FND", "Finance Division", "会計課", ("FIN", "REV")),
    ("TCD", "Tariff Classification Division", "関税分類課", ("CLASS",)),
    ("VOD", "Valuation and Origin Division", "評価・原産地課", ("VALU", "ORIG")),
    ("RMD", "Risk Management Division", "リスク管理課", ("RISK", "INTEL")),
    ("ENF", "Enforcement Division", "取締課", ("INV", "INTEL", "IPR")),
    ("PCA", "Post-Clearance Audit Division", "事後調査課", ("PCA",)),
    ("ISD", "Information Systems Division", "情報システム課", ("ICT", "PM")),
    ("IAD", "International Affairs Division", "国際協力課", ("INTL", "AEO")),
)
_BUREAU_DIVISIONS: tuple[_Unit, ...] = (
    ("GA", "General Affairs Division", "総務部", ("GA", "HR", "FIN")),
    ("CL", "Clearance Division", "業務部", ("CARGO", "CLASS", "VALU", "ORIG", "ECOM")),
    ("IN", "Investigation Division", "調査部", ("INV", "INTEL", "MARINE", "DOG")),
    ("AU", "Audit Division", "監視部", ("PCA", "AEO", "REV")),
)
_PORT_SECTIONS: tuple[_Unit, ...] = (
    ("CE", "Cargo Examination Section", "貨物検査部門", ("EXAM", "NII")),
    ("CC", "Cargo Clearance Section", "通関部門", ("CARGO", "CLASS")),
    ("MR", "Marine Surveillance Section", "監視取締部門", ("MARINE", "DOG")),
)
_AIRPORT_SECTIONS: tuple[_Unit, ...] = (
    ("PX", "Passenger Section", "旅具部門", ("PAX", "DOG")),
    ("EC", "International Mail and E-commerce Section", "国際郵便・通販部門", ("ECOM", "EXAM")),
)


def big_plan(*, rng: random.Random, code: str, bureaus: int = 8) -> UnitPlan:
    """Headquarters with divisions and a training institute; regional bureaus with houses."""
    prefix = code.upper()
    hq = UnitPlan(f"{prefix}-HQ", "Headquarters (本関)", K.HEADQUARTERS, "CHIEF", ("GA", "POL"), 0.3)
    for dcode, name, kanji, staff in _HQ_DIVISIONS:
        hq.children.append(
            UnitPlan(f"{prefix}-HQ-{dcode}", f"{name} ({kanji})", K.DIVISION, "HOD", staff, 1.0)
        )
    hq.children.append(
        UnitPlan(
            f"{prefix}-CTI",
            "Customs Training Institute (税関研修所)",
            K.TRAINING_CENTRE,
            "HOD",
            ("TRN", "TRN", "TRN", "GA"),
            1.2,
        )
    )
    places = list(JA_PLACES)
    rng.shuffle(places)
    for b in range(1, bureaus + 1):
        roman, kanji = places.pop()
        bcode = f"{prefix}-B{b}"
        bureau = UnitPlan(
            bcode, f"{roman} Regional Customs ({kanji}税関)", K.BUREAU, "RDIR", ("GA", "FIN"), 0.5
        )
        hq.children.append(bureau)
        for dcode, name, dkanji, staff in _BUREAU_DIVISIONS:
            bureau.children.append(
                UnitPlan(f"{bcode}-{dcode}", f"{roman} {name} ({dkanji})", K.DIVISION, "HOD", staff, 1.3)
            )
        houses = rng.randint(5, 7)
        for h in range(1, houses + 1):
            hroman, hkanji = places.pop()
            hcode = f"{bcode}-H{h}"
            if h == 1 or (h == 3 and rng.random() < 0.5):
                house = UnitPlan(
                    hcode,
                    f"{hroman} Port Customs House ({hkanji}港税関支署)",
                    K.CUSTOMS_HOUSE,
                    "DIR",
                    ("EXAM", "CARGO", "NII", "RISK", "SUP"),
                    1.0,
                )
                sections = _PORT_SECTIONS[: rng.randint(2, 3)]
            elif h == 2:
                house = UnitPlan(
                    hcode,
                    f"{hroman} Airport Customs House ({hkanji}空港税関支署)",
                    K.CUSTOMS_HOUSE,
                    "DIR",
                    ("PAX", "EXAM", "RISK", "SUP"),
                    1.0,
                )
                sections = _AIRPORT_SECTIONS
            else:
                house = UnitPlan(
                    hcode,
                    f"{hroman} Customs Branch ({hkanji}出張所)",
                    K.CUSTOMS_HOUSE,
                    "DIR",
                    ("CARGO", "EXAM", "PAX", "ECOM", "SUP"),
                    1.2,
                )
                sections = ()
            for scode, name, skanji, staff in sections:
                house.children.append(
                    UnitPlan(f"{hcode}-{scode}", f"{name} ({skanji})", K.OFFICE, "SUP", staff, 1.5)
                )
            bureau.children.append(house)
    return hq


def small_plan(*, rng: random.Random, code: str, name: str, positions: list[str]) -> UnitPlan:
    """Between 5 and 15 units: headquarters, a few divisions and customs houses."""
    prefix = code.upper()
    hq = UnitPlan(f"{prefix}-HQ", f"{name} Headquarters", K.HEADQUARTERS, "HOD", ("SUP",), 0.6)
    staff = tuple(p for p in positions if p not in {"HOD", "SUP", "DIR"}) or ("EXAM",)
    hq.children.append(UnitPlan(f"{prefix}-TRN", "Training Unit", K.TRAINING_CENTRE, "SUP", staff[:2], 0.6))
    divisions = rng.randint(1, 4)
    for dcode, dname, _kanji, _staff in rng.sample(_HQ_DIVISIONS, divisions):
        hq.children.append(UnitPlan(f"{prefix}-{dcode}", dname, K.DIVISION, "HOD", staff, 1.0))
    places = list(EN_PLACES)
    rng.shuffle(places)
    houses = rng.randint(2, 9 - divisions)
    for h in range(1, houses + 1):
        house = UnitPlan(
            f"{prefix}-H{h}", f"{places.pop()} Customs House", K.CUSTOMS_HOUSE, "DIR", staff, 2.0
        )
        hq.children.append(house)
        if h <= 2 and rng.random() < 0.4:
            house.children.append(
                UnitPlan(f"{prefix}-H{h}-S", "Examination Section", K.OFFICE, "SUP", staff, 1.0)
            )
    return hq


def plan_store(*, administration: Administration, root: UnitPlan) -> list[UnitPlan]:
    """Insert the planned tree, one depth level per ``bulk_create``; return the plans in tree order."""
    level: list[tuple[UnitPlan, UnitPlan | None]] = [(root, None)]
    depth = 0
    while level:
        units = [
            OrgUnit(
                administration=administration,
                parent=parent.unit if parent else None,
                code=plan.code,
                name=plan.name,
                kind=plan.kind,
            )
            for plan, parent in level
        ]
        OrgUnit.objects.bulk_create(units)
        for (plan, parent), unit in zip(level, units, strict=True):
            unit.path = f"{parent.unit.path if parent and parent.unit else '/'}{unit.pk}/"
            unit.depth = depth
            plan.unit = unit
        OrgUnit.objects.bulk_update(units, ["path", "depth"])
        level = [(child, plan) for plan, _parent in level for child in plan.children]
        depth += 1
    return root.walk()
