"""A small two-administration world with personas, used by tests across apps.

Personas (password for all: ``correct-horse-battery``):
- ``tm_a`` / ``tm_b``: training managers of Alpha / Beta
- ``admin_a``: administration admin of Alpha
- ``sup_a`` / ``sup_b``: supervisors of Alpha's / Beta's customs house subtree
- ``learner_a`` / ``learner_b``: officers with a login in those customs houses
- ``coordinator``: the region's regional coordinator; ``regional_admin``: its regional admin
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cadre.competencies.models import Competency, Framework, RoleProfile
from cadre.people.models import Officer, Position
from cadre.tenancy.models import Administration, OrgUnit, Region
from tests.support import factories as f

PASSWORD = "correct-horse-battery"


@dataclass
class Side:
    """One administration's slice of the world."""

    administration: Administration
    hq: OrgUnit
    bureau: OrgUnit
    house: OrgUnit
    other_house: OrgUnit
    position: Position
    framework: Framework
    profile: RoleProfile
    officers: list[Officer]
    learner_officer: Officer
    tm: Any
    sup: Any
    learner: Any
    admin: Any | None = None


@dataclass
class World:
    region: Region
    regional_framework: Framework
    competencies: list[Competency]
    a: Side
    b: Side
    coordinator: Any
    regional_admin: Any
    users: dict[str, Any] = field(default_factory=dict)


def _side(region: Region, code: str, name: str, regional: Framework, competencies: list[Competency]) -> Side:
    admin = f.AdministrationFactory(region=region, code=code, name=name)
    hq = f.OrgUnitFactory(
        administration=admin, code=f"{code}-HQ", name=f"{name} HQ", kind=OrgUnit.Kind.HEADQUARTERS
    )
    bureau = f.OrgUnitFactory(
        administration=admin, parent=hq, code=f"{code}-RB", name="Regional Bureau", kind="bureau"
    )
    house = f.OrgUnitFactory(
        administration=admin,
        parent=bureau,
        code=f"{code}-CH1",
        name="Port Customs House",
        kind="customs_house",
    )
    other = f.OrgUnitFactory(
        administration=admin,
        parent=bureau,
        code=f"{code}-CH2",
        name="Airport Customs House",
        kind="customs_house",
    )
    position = f.PositionFactory(administration=admin, code=f"{code}-EXAM", title="Customs examiner")
    national = f.FrameworkFactory(
        region=None,
        administration=admin,
        code=f"{code}-NAT",
        title=f"{name} framework",
        extends=regional,
        scale=regional.scale,
    )
    profile = f.RoleProfileFactory(position=position, administration=admin)
    for i, comp in enumerate(competencies[:3]):
        f.RoleRequirementFactory(
            profile=profile, competency=comp, required_level=2 + i % 2, criticality=1 + i % 3
        )
    officers = [f.OfficerFactory(administration=admin, org_unit=house, position=position) for _ in range(3)]
    officers.append(f.OfficerFactory(administration=admin, org_unit=other, position=position))
    tm = f.UserFactory(username=f"tm_{code}")
    f.MembershipFactory(user=tm, role="training_manager", administration=admin)
    sup = f.UserFactory(username=f"sup_{code}")
    f.MembershipFactory(user=sup, role="supervisor", administration=admin, org_unit=house)
    learner = f.UserFactory(username=f"learner_{code}")
    f.MembershipFactory(user=learner, role="learner", administration=admin)
    learner_officer = officers[0]
    learner_officer.user = learner
    learner_officer.save(update_fields=["user"])
    return Side(
        admin,
        hq,
        bureau,
        house,
        other,
        position,
        national,
        profile,
        officers,
        learner_officer,
        tm,
        sup,
        learner,
    )


def build_world() -> World:
    region = f.RegionFactory(code="ap", name="Asia/Pacific")
    regional = f.FrameworkFactory(region=region, code="RCF", title="Regional Customs Competency Framework")
    group = f.CompetencyFactory(
        framework=regional, code="OP", title="Operational", kind=Competency.Kind.GROUP
    )
    competencies = [
        f.CompetencyFactory(framework=regional, parent=group, code=f"OP{i}", title=title)
        for i, title in enumerate(
            ["Tariff & Classification", "Valuation", "Origin of Goods", "Risk Analysis"], start=1
        )
    ]
    a = _side(region, "a", "Alpha Customs", regional, competencies)
    b = _side(region, "b", "Beta Customs", regional, competencies)
    a.admin = f.UserFactory(username="admin_a")
    f.MembershipFactory(user=a.admin, role="admin", administration=a.administration)
    coordinator = f.UserFactory(username="coordinator")
    f.MembershipFactory(user=coordinator, role="regional_coordinator", region=region)
    regional_admin = f.UserFactory(username="regional_admin")
    f.MembershipFactory(user=regional_admin, role="regional_admin", region=region)
    world = World(region, regional, competencies, a, b, coordinator, regional_admin)
    world.users = {
        u.username: u
        for u in (a.tm, a.sup, a.learner, a.admin, b.tm, b.sup, b.learner, coordinator, regional_admin)
    }
    return world
