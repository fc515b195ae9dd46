"""Demo positions and the role profiles that go with them.

A profile is coherent with its position: the position's key competencies are required at a level
that rises with seniority and are critical; related ones one level lower and important; values
are always there (integrity critical). National codes ("N1"...) resolve to the administration's
own national competencies when its framework has them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class PositionSpec:
    code: str
    title: str
    key: tuple[str, ...]
    related: tuple[str, ...]
    seniority: int  # 1 officer, 2 specialist, 3 head of unit, 4 head of a bureau or more


POSITIONS: tuple[PositionSpec, ...] = (
    PositionSpec("EXAM", "Customs examiner", ("OPS13", "OPS1", "OPS5"), ("OPS2", "OPS12", "N1", "N3", "VAL2"), 1),
    PositionSpec("CARGO", "Cargo clearance officer", ("OPS1", "OPS2", "N3"), ("OPS3", "OPS4", "PRO10", "N2", "VAL4"), 1),
    PositionSpec("CLASS", "Classification specialist", ("OPS2",), ("OPS1", "OPS5", "PRO4", "N1", "VAL2", "PRO14"), 2),
    PositionSpec("VALU", "Valuation officer", ("OPS3",), ("OPS1", "PRO10", "N2", "PRO5", "VAL3", "OPS8"), 2),
    PositionSpec("ORIG", "Origin verification officer", ("OPS4",), ("OPS1", "PRO1", "PRO14", "VAL2", "OPS2"), 2),
    PositionSpec("RISK", "Risk analyst", ("OPS6", "PRO15"), ("OPS7", "OPS9", "PRO12", "PRO13", "VAL3"), 2),
    PositionSpec("INTEL", "Intelligence analyst", ("OPS6", "OPS9"), ("PRO12", "PRO13", "PRO15", "VAL3"), 2),
    PositionSpec("PCA", "Post-clearance audit officer", ("OPS8", "OPS3"), ("OPS2", "PRO10", "PRO4", "N1", "VAL3"), 2),
    PositionSpec("INV", "Investigator", ("OPS9", "PRO4"), ("OPS5", "OPS6", "N1", "VAL3", "MAN3"), 2),
    PositionSpec("PAX", "Passenger control officer", ("OPS10", "OPS5"), ("OPS6", "VAL4", "VAL5", "MAN4"), 1),
    PositionSpec("NII", "Scanner operator (non-intrusive inspection)", ("OPS12", "OPS13"), ("OPS6", "OPS7", "PRO15"), 1),
    PositionSpec("ECOM", "E-commerce clearance officer", ("OPS11", "OPS1"), ("OPS2", "OPS3", "OPS6", "N3"), 1),
    PositionSpec("DOG", "Detector dog handler", ("OPS10", "OPS5"), ("OPS13", "OPS9", "VAL2", "VAL4"), 1),
    PositionSpec("MARINE", "Preventive (marine) officer", ("OPS9", "OPS7"), ("OPS5", "PRO11", "PRO13", "VAL2"), 1),
    PositionSpec("AEO", "AEO programme officer", ("PRO9", "PRO13"), ("N4", "OPS7", "OPS8", "PRO14", "VAL4"), 2),
    PositionSpec("IPR", "IPR enforcement officer", ("OPS5", "OPS9"), ("PRO4", "PRO9", "OPS13", "VAL2"), 1),
    PositionSpec("REV", "Revenue accounting officer", ("PRO10", "PRO8"), ("N2", "OPS3", "VAL3", "VAL2"), 1),
    PositionSpec("LEGAL", "Legal affairs officer", ("PRO4", "N1"), ("PRO7", "OPS9", "MAN4", "VAL3", "N5"), 2),
    PositionSpec("POL", "Policy planning officer", ("PRO7", "PRO6"), ("PRO1", "PRO2", "PRO5", "PRO12", "MAN4"), 2),
    PositionSpec("INTL", "International cooperation officer", ("PRO1", "PRO11"), ("PRO14", "PRO9", "MAN4", "VAL5"), 2),
    PositionSpec("STAT", "Trade statistics officer", ("PRO5", "PRO15"), ("OPS2", "OPS4", "VAL2", "VAL3"), 1),
    PositionSpec("ICT", "IT systems officer", ("PRO15", "PRO16"), ("N3", "PRO12", "VAL2", "VAL3"), 2),
    PositionSpec("HR", "Human resources officer", ("MAN2", "MAN6"), ("VAL5", "PRO8", "MAN4", "VAL3"), 1),
    PositionSpec("FIN", "Budget and finance officer", ("PRO8",), ("PRO6", "VAL3", "MAN3", "PRO10"), 1),
    PositionSpec("GA", "General affairs officer", ("VAL4", "MAN4"), ("PRO2", "VAL3", "N5", "PRO8"), 1),
    PositionSpec("TRN", "Customs trainer", ("MAN6", "MAN4"), ("OPS1", "OPS2", "OPS6", "VAL2", "PRO12"), 2),
    PositionSpec("PM", "Modernisation project manager", ("PRO16", "MAN5"), ("PRO6", "PRO15", "MAN1", "MAN4", "VAL3"), 3),
    PositionSpec("SUP", "Section chief", ("MAN2", "MAN3"), ("OPS1", "MAN4", "MAN6", "VAL3", "N1"), 2),
    PositionSpec("HOD", "Head of division", ("MAN1", "MAN2", "MAN3"), ("PRO6", "MAN4", "MAN5", "VAL3"), 3),
    PositionSpec("DIR", "Director of customs house", ("MAN1", "MAN2", "PRO3"), ("MAN3", "MAN5", "PRO11", "OPS6", "VAL3"), 3),
    PositionSpec("RDIR", "Regional director", ("MAN1", "PRO6", "MAN5"), ("PRO2", "PRO3", "MAN3", "MAN4", "VAL3"), 4),
    PositionSpec("CHIEF", "Director-General", ("MAN1", "PRO6", "PRO2"), ("PRO1", "MAN5", "MAN3", "MAN4", "VAL3"), 4),
)  # fmt: skip
POSITIONS_BY_CODE = {p.code: p for p in POSITIONS}

_KEY_LEVEL = {1: 2, 2: 3, 3: 3, 4: 4}


@dataclass(frozen=True)
class Requirement:
    code: str  # regional code, or "N1".. for a national competency
    level: int
    criticality: int


def profile_requirements(spec: PositionSpec, *, rng: random.Random, available: set[str]) -> list[Requirement]:
    """Between 6 and 12 requirements for ``spec``, using only codes in ``available``."""
    key_level = _KEY_LEVEL[spec.seniority]
    wanted: dict[str, Requirement] = {}
    for code in spec.key:
        if code in available:
            bump = 1 if spec.seniority == 2 and rng.random() < 0.3 else 0
            wanted[code] = Requirement(code, min(4, key_level + bump), 3)
    related = [c for c in spec.related if c in available and c not in wanted]
    rng.shuffle(related)
    for code in related[: max(3, len(related) - rng.randrange(2))]:
        wanted[code] = Requirement(code, max(1, key_level - 1), 2)
    wanted.setdefault("VAL1", Requirement("VAL1", 3 if spec.seniority >= 3 else 2, 3))
    for code in ("VAL2", "VAL3", "VAL4", "VAL5"):
        if len(wanted) >= 6 and rng.random() < 0.5:
            continue
        wanted.setdefault(code, Requirement(code, 2 if spec.seniority >= 2 else 1, 1))
    if spec.seniority >= 3:
        wanted.setdefault("MAN2", Requirement("MAN2", 3, 3))
    return list(wanted.values())[:12]
