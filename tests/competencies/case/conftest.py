"""Owners, a regional scale and framework builders shared by the CASE tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from cadre.competencies.models import Competency, CompetencyMapping, Framework, Scale, ScaleLevel
from cadre.tenancy.models import Administration, Region

LEVELS = [
    (0, "None", "No exposure"),
    (1, "Aware", "Knows it exists"),
    (2, "Trained", ""),
    (3, "Advanced", "x"),
    (4, "Expert", "Teaches it"),
]


@pytest.fixture
def region(db: Any) -> Region:
    return Region.objects.create(code="wca", name="West and Central Africa")


@pytest.fixture
def other_region(db: Any) -> Region:
    return Region.objects.create(code="ap", name="Asia Pacific")


@pytest.fixture
def admin_a(region: Region) -> Administration:
    return Administration.objects.create(region=region, code="gh", name="Ghana Customs")


@pytest.fixture
def admin_b(region: Region) -> Administration:
    return Administration.objects.create(region=region, code="ng", name="Nigeria Customs")


@pytest.fixture
def stranger(other_region: Region) -> Administration:
    return Administration.objects.create(region=other_region, code="jp", name="Japan Customs")


@pytest.fixture
def scale(region: Region) -> Scale:
    scale = Scale.objects.create(region=region, name="Regional proficiency")
    ScaleLevel.objects.bulk_create(
        ScaleLevel(scale=scale, value=v, label=lb, descriptor=d) for v, lb, d in LEVELS
    )
    return scale


@pytest.fixture
def regional_framework(region: Region, scale: Scale) -> Framework:
    """A published regional framework with two competencies, the target of national mappings."""
    fw = Framework.objects.create(
        region=region,
        code="RCF",
        title="Regional Customs Framework",
        scale=scale,
        status=Framework.Status.PUBLISHED,
        publisher="WCO ROCB",
    )
    group = Competency.objects.create(framework=fw, kind="group", code="R1", title="Revenue", sequence=1)
    Competency.objects.create(
        framework=fw, parent=group, code="R1.1", title="Valuation", sequence=1, type="professional"
    )
    Competency.objects.create(
        framework=fw, parent=group, code="R1.2", title="Classification", sequence=2, type="professional"
    )
    return fw


@pytest.fixture
def make_framework(scale: Scale) -> Callable[..., Framework]:
    """Build a national framework with groups, competencies, indicators, extras and mappings."""

    def build(
        *, administration: Administration, target: Framework | None = None, code: str = "NCF"
    ) -> Framework:
        fw = Framework.objects.create(
            administration=administration,
            code=code,
            title="National Competency Framework",
            description="What a customs officer needs.\nSecond line.",
            version="2.1",
            status=Framework.Status.PUBLISHED,
            scale=scale,
            extends=target,
            publisher="Ghana Revenue Authority",
            language="fr",
            case_extra={"subject": ["Customs"], "officialSourceURL": "https://example.org/ncf.pdf"},
        )
        values = Competency.objects.create(
            framework=fw, kind="group", type="values", code="V", title="Values", sequence=2
        )
        prof = Competency.objects.create(
            framework=fw, kind="group", code="P", title="Professional", sequence=1
        )
        integ = Competency.objects.create(
            framework=fw,
            parent=values,
            code="V.1",
            title="Integrity",
            description="Acts honestly.",
            sequence=1,
            type="values",
            case_extra={"educationLevel": ["adult"], "extensions": {"acme": {"x": 1}}},
        )
        Competency.objects.create(
            framework=fw, parent=integ, kind="indicator", code="V.1.a", title="Declares gifts", sequence=1
        )
        Competency.objects.create(
            framework=fw, parent=integ, kind="indicator", code="V.1.b", title="Refuses bribes", sequence=2
        )
        val = Competency.objects.create(
            framework=fw, parent=prof, code="P.1", title="Customs valuation", sequence=1, type="professional"
        )
        risk = Competency.objects.create(
            framework=fw, parent=prof, code="P.2", title="Risk management", sequence=2, type="operational"
        )
        Competency.objects.create(
            framework=fw, parent=prof, code="P.3", title="Leads a team", sequence=3, type="managerial"
        )
        CompetencyMapping.objects.create(source=risk, target=val, relation="related")
        if target is not None:
            r_val = target.competencies.get(code="R1.1")
            r_cls = target.competencies.get(code="R1.2")
            r_rev = target.competencies.get(code="R1")
            CompetencyMapping.objects.create(source=val, target=r_val, relation="exact")
            CompetencyMapping.objects.create(source=val, target=r_cls, relation="related")
            CompetencyMapping.objects.create(source=risk, target=r_rev, relation="narrower")
            CompetencyMapping.objects.create(source=prof, target=r_val, relation="broader")
        return fw

    return build
