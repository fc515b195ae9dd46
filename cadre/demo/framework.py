"""The demo's regional competency framework, built from public facts (see docs: DOMAIN.md).

Groups follow the WCO competency types (values, professional, operational, managerial); the
professional group lists the PICARD knowledge areas (2008 and the 2019 additions); the operational
group follows the EU customs competency framework. Frameworks are small, so they go through the
competency services and leave an audit trail like any framework a regional admin would enter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cadre.competencies.models import Competency, CompetencyMapping, Framework
from cadre.competencies.services import (
    DEFAULT_LEVELS,
    competency_create,
    competency_map,
    framework_adopt,
    framework_create,
    framework_set_status,
    scale_create,
)
from cadre.tenancy.models import Administration, Region

REGIONAL_CODE = "APCCF"
REGIONAL_TITLE = "Asia/Pacific Customs Competency Framework"


@dataclass(frozen=True)
class Spec:
    code: str
    title: str
    description: str
    indicators: tuple[str, ...] = ()


@dataclass(frozen=True)
class Group:
    code: str
    title: str
    type: str
    description: str
    items: tuple[Spec, ...] = field(default_factory=tuple)


T = Competency.Type
GROUPS: tuple[Group, ...] = (
    Group(
        "VAL",
        "Values",
        T.VALUES,
        "Core values every customs officer shows, whatever the post.",
        (
            Spec(
                "VAL1",
                "Integrity",
                "Acts honestly and impartially, declares conflicts of interest and resists improper influence.",
                (
                    "Declares gifts, hospitality and conflicts of interest promptly.",
                    "Applies the same rules to every trader and traveller.",
                    "Reports suspected corruption through the proper channel.",
                ),
            ),
            Spec(
                "VAL2",
                "Professionalism",
                "Keeps knowledge current and delivers work of consistent quality.",
                ("Keeps up to date with changes in law and procedure.",),
            ),
            Spec(
                "VAL3",
                "Accountability",
                "Owns decisions and their consequences; records the reasons for them.",
                ("Records the grounds of every control decision.",),
            ),
            Spec("VAL4", "Service orientation", "Serves traders, travellers and the public courteously."),
            Spec(
                "VAL5", "Respect and diversity", "Treats colleagues and the public with respect and fairness."
            ),
        ),
    ),
    Group(
        "PRO",
        "Professional",
        T.PROFESSIONAL,
        "Knowledge areas of the WCO PICARD Professional Standards.",
        (
            Spec("PRO1", "National and international policy", "Knows the policy setting customs works in."),
            Spec(
                "PRO2", "Customs' role in government", "Explains customs' mandate among government agencies."
            ),
            Spec("PRO3", "The customs business", "Understands customs processes end to end."),
            Spec(
                "PRO4",
                "Judicial and legal systems",
                "Applies customs law, conventions and the rules of evidence.",
                ("Prepares case files that stand up in court.",),
            ),
            Spec("PRO5", "Economics", "Relates trade flows, tariffs and revenue to the economy."),
            Spec(
                "PRO6",
                "Strategic planning",
                "Turns objectives into plans, measures and resources.",
                (
                    "Links unit plans to the administration's strategic objectives.",
                    "Sets measurable targets and reviews them.",
                ),
            ),
            Spec(
                "PRO7", "Policy development and implementation", "Drafts, consults on and implements policy."
            ),
            Spec("PRO8", "Financial management", "Plans and controls budgets and revenue accounting."),
            Spec("PRO9", "Public-private cooperation", "Works with traders and their associations."),
            Spec("PRO10", "Customs and revenue", "Secures the correct collection of duties and taxes."),
            Spec(
                "PRO11",
                "Coordinated border management",
                "Co-operates with other border agencies and neighbours.",
            ),
            Spec("PRO12", "Emerging trends", "Follows trends in trade, crime and technology."),
            Spec("PRO13", "Security", "Applies the SAFE Framework of Standards to supply chain security."),
            Spec(
                "PRO14",
                "Trade facilitation",
                "Simplifies procedures under the Revised Kyoto Convention and the WTO TFA.",
            ),
            Spec("PRO15", "Technology", "Uses data and systems to modernise customs work."),
            Spec(
                "PRO16",
                "Project management",
                "Runs modernisation projects to scope, time and budget.",
                ("Keeps a risk and issue log and acts on it.",),
            ),
        ),
    ),
    Group(
        "OPS",
        "Operational",
        T.OPERATIONAL,
        "Operational competencies of customs work (after the EU customs competency framework).",
        (
            Spec(
                "OPS1",
                "Customs Business Understanding",
                "Understands procedures, declarations and the actors of the supply chain.",
            ),
            Spec(
                "OPS2",
                "Tariff & Classification",
                "Classifies goods under the Harmonized System and the national tariff.",
                (
                    "Applies the General Interpretative Rules correctly.",
                    "Uses explanatory notes and classification opinions.",
                    "Issues advance rulings that hold on review.",
                ),
            ),
            Spec(
                "OPS3",
                "Valuation",
                "Determines customs value under the WTO Valuation Agreement.",
                ("Identifies related-party prices that need adjustment.",),
            ),
            Spec(
                "OPS4",
                "Origin of Goods",
                "Applies preferential and non-preferential rules of origin.",
                ("Verifies certificates of origin against the agreement's rules.",),
            ),
            Spec(
                "OPS5", "Prohibitions & Restrictions", "Enforces licences, bans and controls on listed goods."
            ),
            Spec(
                "OPS6",
                "Risk Analysis",
                "Profiles and targets consignments, travellers and traders by risk.",
                (
                    "Builds and reviews risk profiles from seizure data.",
                    "Explains a targeting decision to an examiner.",
                ),
            ),
            Spec(
                "OPS7", "Supply Chain Operations", "Follows goods through ports, airports and logistics hubs."
            ),
            Spec(
                "OPS8",
                "Post-clearance audit",
                "Audits traders' records after release of the goods.",
                ("Plans an audit from a risk assessment of the trader.",),
            ),
            Spec(
                "OPS9",
                "Enforcement & investigation",
                "Detects, investigates and prosecutes customs offences.",
                ("Preserves evidence and the chain of custody.",),
            ),
            Spec("OPS10", "Passenger control", "Controls travellers and their baggage at the border."),
            Spec(
                "OPS11",
                "Cross-border e-commerce",
                "Clears and controls low-value e-commerce consignments.",
                ("Uses VR inspection kits for e-commerce checks.",),
            ),
            Spec(
                "OPS12",
                "Non-intrusive inspection",
                "Operates and interprets X-ray and scanning equipment for containers and cargo.",
                ("Reads container scan images and flags anomalies.",),
            ),
            Spec("OPS13", "Examination of goods", "Physically examines cargo, records findings and samples."),
        ),
    ),
    Group(
        "MAN",
        "Managerial",
        T.MANAGERIAL,
        "Competencies of officers who lead people and units.",
        (
            Spec(
                "MAN1",
                "Leadership",
                "Sets direction and inspires the unit to deliver.",
                ("Explains how the unit's work serves the strategy.",),
            ),
            Spec(
                "MAN2",
                "People management",
                "Plans work, assesses staff and develops their competencies.",
                (
                    "Holds regular competency reviews with each officer.",
                    "Releases staff for training without emptying the unit.",
                ),
            ),
            Spec("MAN3", "Decision making", "Decides soundly on incomplete information."),
            Spec("MAN4", "Communication", "Communicates clearly with staff, partners and the public."),
            Spec("MAN5", "Change management", "Leads the unit through reform and modernisation."),
            Spec("MAN6", "Coaching and developing others", "Coaches, mentors and trains colleagues."),
        ),
    ),
)

#: National competencies of the fully populated administration and the regional ones they map to.
NATIONAL_COMPETENCIES: tuple[tuple[str, str, str, str, str], ...] = (
    ("N1", "National customs law", "Applies the {country} Customs Act and its orders.", "PRO4", "narrower"),
    (
        "N2",
        "Consumption tax and excise on imports",
        "Assesses internal taxes collected at import.",
        "PRO10",
        "narrower",
    ),
    (
        "N3",
        "Single window declaration system",
        "Processes declarations in the national single window system.",
        "PRO15",
        "narrower",
    ),
    (
        "N4",
        "Authorised Economic Operator programme",
        "Accredits and monitors AEO traders.",
        "PRO9",
        "related",
    ),
    (
        "N5",
        "Official document drafting",
        "Drafts rulings and notices in the administration's official style.",
        "MAN4",
        "related",
    ),
)


def regional_framework_build(*, region: Region, actor: Any) -> Framework:
    """Create and publish the regional framework and its scale (``actor``: a regional admin)."""
    scale = scale_create(name="Asia/Pacific proficiency scale", region=region, levels=DEFAULT_LEVELS)
    framework = framework_create(
        actor=actor,
        region=region,
        code=REGIONAL_CODE,
        title=REGIONAL_TITLE,
        scale=scale,
        version="2019.1",
        description=(
            "Shared competency framework of the Asia/Pacific region, drafted after the 2019 regional "
            "workshop on training management: values, professional (PICARD), operational and "
            "managerial competencies."
        ),
        publisher="Regional Office for Capacity Building, Asia/Pacific",
    )
    sequence = 0
    for group in GROUPS:
        sequence += 1
        node = competency_create(
            actor=actor,
            framework=framework,
            code=group.code,
            title=group.title,
            kind=Competency.Kind.GROUP,
            type=group.type,
            description=group.description,
            sequence=sequence,
        )
        for spec in group.items:
            sequence += 1
            competency = competency_create(
                actor=actor,
                framework=framework,
                code=spec.code,
                title=spec.title,
                parent=node,
                description=spec.description,
                sequence=sequence,
            )
            for i, text in enumerate(spec.indicators, start=1):
                sequence += 1
                competency_create(
                    actor=actor,
                    framework=framework,
                    code=f"{spec.code}.{i}",
                    title=text,
                    kind=Competency.Kind.INDICATOR,
                    parent=competency,
                    sequence=sequence,
                )
    return framework_set_status(actor=actor, framework=framework, status=Framework.Status.PUBLISHED)


def national_framework_build(
    *, administration: Administration, country: str, regional: Framework, actor: Any, national_count: int
) -> Framework:
    """Adopt the regional framework and add ``national_count`` national competencies, mapped."""
    framework = framework_adopt(actor=actor, administration=administration, regional=regional)
    targets = {c.code: c for c in regional.competencies.filter(kind=Competency.Kind.COMPETENCY)}
    if national_count:
        group = competency_create(
            actor=actor,
            framework=framework,
            code="NAT",
            title="National competencies",
            kind=Competency.Kind.GROUP,
            type=Competency.Type.PROFESSIONAL,
            description=f"Competencies specific to {administration.name}.",
            sequence=1,
        )
    for i, (code, title, description, target, relation) in enumerate(
        NATIONAL_COMPETENCIES[:national_count], start=2
    ):
        national = competency_create(
            actor=actor,
            framework=framework,
            code=f"{administration.code.upper()}-{code}",
            title=title,
            parent=group,
            description=description.format(country=country),
            sequence=i,
        )
        competency_map(
            actor=actor,
            source=national,
            target=targets[target],
            relation=CompetencyMapping.Relation(relation),
        )
    return framework_set_status(actor=actor, framework=framework, status=Framework.Status.PUBLISHED)
