"""Demo catalogue: a regional catalogue, microlearning modules, legal sources and adoptions.

Called by the demo loader after the region, its administrations, the regional framework
(cadre.demo.framework: codes VAL*, PRO*, OPS*, MAN*) and the personas exist. Courses, objectives
and modules go through the services (audited like content a person enters); citations of old
editions are written directly, since the services rightly refuse to cite a superseded edition.
Deterministic for a given ``rng`` and day; a second call changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from cadre.catalogue import services
from cadre.catalogue.models import Citation, Course, Edition, LegalInstrument, Module
from cadre.catalogue.selectors import competencies_for_owner
from cadre.core.errors import DomainError
from cadre.tenancy.models import Administration, Membership, Region
from cadre.tenancy.types import Role

MARKER = "AP-HS101"


@dataclass(frozen=True)
class CourseSpec:
    code: str
    title: str
    mode: str
    days: float
    objectives: tuple[tuple[str, int], ...]
    cites: tuple[str, ...] = ()
    modules: tuple[str, ...] = ()
    prerequisites: tuple[str, ...] = ()
    minutes: int | None = None
    size: tuple[int, int] = (8, 24)
    qualification: str = ""
    status: str = "active"
    languages: tuple[str, ...] = ("en",)


# Module titles beginning with "xAPI:" are xAPI activities (VR and mobile tools report statements).
REGIONAL: tuple[CourseSpec, ...] = (
    CourseSpec(
        "AP-HS101",
        "Harmonized System classification: fundamentals",
        "classroom",
        5,
        (("OPS2", 2),),
        ("HS 2022",),
        (
            "The General Interpretative Rules 1 to 5",
            "Rule 6: classifying at subheading level",
            "Using the Explanatory Notes",
        ),
        qualification="HS-TRAINER",
        languages=("en", "ja"),
    ),
    CourseSpec(
        "AP-HS201",
        "Advanced classification and advance rulings",
        "classroom",
        5,
        (("OPS2", 3),),
        ("HS 2022",),
        prerequisites=("AP-HS101",),
        qualification="HS-TRAINER",
    ),
    CourseSpec(
        "AP-HS-E",
        "HS classification e-learning",
        "elearning",
        0,
        (("OPS2", 1),),
        ("HS 2017",),
        ("Sections and chapters at a glance", "Headings, subheadings and legal notes"),
        minutes=240,
    ),
    CourseSpec(
        "AP-VAL101",
        "Customs valuation under the WTO Valuation Agreement",
        "classroom",
        5,
        (("OPS3", 2),),
        (),
        (
            "Transaction value in ten minutes",
            "Adjustments: commissions, royalties, freight",
            "The fallback methods",
        ),
        qualification="VAL-TRAINER",
    ),
    CourseSpec(
        "AP-VAL201",
        "Valuation of related-party transactions",
        "blended",
        3,
        (("OPS3", 3),),
        prerequisites=("AP-VAL101",),
        qualification="VAL-TRAINER",
    ),
    CourseSpec("AP-ORI101", "Rules of origin", "classroom", 4, (("OPS4", 2),), qualification="ORI-TRAINER"),
    CourseSpec(
        "AP-ORI-M",
        "Origin verification on the move",
        "microlearning",
        0,
        (("OPS4", 1),),
        (),
        ("Reading a certificate of origin", "Cumulation in five minutes", "Red flags in origin claims"),
        minutes=30,
        languages=("en", "ja", "th"),
    ),
    CourseSpec(
        "AP-RISK101",
        "Risk management and risk analysis",
        "classroom",
        5,
        (("OPS6", 2),),
        ("RKC 2006",),
        ("The risk management cycle", "Building a risk profile"),
        qualification="RISK-TRAINER",
    ),
    CourseSpec(
        "AP-RISK201",
        "Targeting and profiling with data",
        "blended",
        5,
        (("OPS6", 3), ("PRO15", 2)),
        prerequisites=("AP-RISK101",),
        qualification="RISK-TRAINER",
        size=(6, 16),
    ),
    CourseSpec(
        "AP-PCA101",
        "Post-clearance audit",
        "classroom",
        10,
        (("OPS8", 2),),
        ("RKC 2006",),
        ("Selecting traders for audit", "Audit working papers"),
        qualification="PCA-TRAINER",
    ),
    CourseSpec(
        "AP-PCA201",
        "Auditing multinational enterprises",
        "classroom",
        5,
        (("OPS8", 3), ("OPS3", 3)),
        prerequisites=("AP-PCA101",),
        qualification="PCA-TRAINER",
        size=(6, 12),
    ),
    CourseSpec(
        "AP-ECOM101",
        "Cross-border e-commerce control",
        "blended",
        3,
        (("OPS11", 2),),
        ("SAFE 2021",),
        (
            "Low-value consignments and the e-commerce framework",
            "Parcel risk indicators",
            "Working with postal operators",
        ),
    ),
    CourseSpec(
        "AP-VR-CI",
        "VR container inspection at seaports",
        "vr",
        2,
        (("OPS12", 2), ("OPS13", 2)),
        (),
        ("xAPI: VR container inspection, scenario 1", "xAPI: VR container inspection, scenario 2"),
        qualification="VR-FACILITATOR",
        size=(4, 8),
    ),
    CourseSpec(
        "AP-VR-EC",
        "VR e-commerce parcel checks",
        "vr",
        1,
        (("OPS11", 2), ("OPS13", 1)),
        (),
        ("xAPI: VR parcel hall, easy", "xAPI: VR parcel hall, hard"),
        qualification="VR-FACILITATOR",
        size=(4, 8),
    ),
    CourseSpec("AP-NII101", "Non-intrusive inspection: reading scan images", "classroom", 5, (("OPS12", 3),)),
    CourseSpec(
        "AP-SAFE101",
        "SAFE Framework of Standards and AEO programmes",
        "classroom",
        3,
        (("PRO13", 2), ("PRO9", 2)),
        ("SAFE 2021",),
        ("The three pillars of SAFE", "AEO mutual recognition"),
    ),
    CourseSpec(
        "AP-SAFE-E",
        "Supply chain security e-learning",
        "elearning",
        0,
        (("PRO13", 1),),
        ("SAFE 2018",),
        minutes=180,
    ),
    CourseSpec(
        "AP-RKC101",
        "The Revised Kyoto Convention and trade facilitation",
        "webinar",
        2,
        (("PRO14", 2),),
        ("RKC 2006",),
    ),
    CourseSpec(
        "AP-TFA",
        "The WTO Trade Facilitation Agreement",
        "elearning",
        0,
        (("PRO14", 1),),
        (),
        ("Article 7: release and clearance", "Single window basics"),
        minutes=120,
        status="draft",
    ),
    CourseSpec(
        "AP-INT101",
        "Integrity and ethics for customs officers",
        "mobile",
        0,
        (("VAL1", 2), ("VAL3", 2)),
        (),
        (
            "Gifts and hospitality: what to declare",
            "Conflicts of interest",
            "Reporting corruption safely",
            "Case study: the generous broker",
        ),
        minutes=60,
        languages=("en", "ja", "th", "vi"),
    ),
    CourseSpec(
        "AP-INV101", "Customs enforcement and investigation", "classroom", 10, (("OPS9", 2), ("PRO4", 2))
    ),
    CourseSpec("AP-PAX101", "Passenger control and profiling", "on_the_job", 10, (("OPS10", 2),)),
    CourseSpec(
        "AP-LEAD101",
        "Leadership for customs managers (PICARD)",
        "classroom",
        5,
        (("MAN1", 3), ("MAN5", 2), ("PRO6", 2)),
        size=(10, 25),
        qualification="LEAD-FACILITATOR",
    ),
    CourseSpec(
        "AP-LEAD201",
        "Strategic planning and change management",
        "blended",
        5,
        (("PRO6", 3), ("MAN5", 3)),
        prerequisites=("AP-LEAD101",),
        qualification="LEAD-FACILITATOR",
    ),
    CourseSpec("AP-TOT", "Training of trainers", "classroom", 5, (("MAN6", 3),), size=(6, 14)),
    CourseSpec("AP-CBM", "Coordinated border management", "webinar", 1, (("PRO11", 2),), status="draft"),
)

STANDALONE = (
    ("AP-SM1", "Declaring goods in ten minutes", "OPS1"),
    ("AP-SM2", "Spotting undervaluation", "OPS3"),
    ("AP-SM3", "Reading an X-ray image", "OPS12"),
    ("AP-SM4", "Drug concealment indicators", "OPS9"),
    ("AP-SM5", "Pre-arrival data basics", "OPS6"),
    ("AP-SM6", "Prohibited and restricted goods at a glance", "OPS5"),
)

NATIONAL = (
    ("N-LAW", "The national Customs Act in practice", "classroom", 3, "N1", ("Customs Act 2019",)),
    ("N-SW", "Single window declaration system", "elearning", 0, "N3", ()),
    ("N-AEO", "Accrediting Authorised Economic Operators", "blended", 3, "N4", ("SAFE 2021",)),
    (
        "N-TAX",
        "Consumption tax and excise at import",
        "classroom",
        2,
        "N2",
        ("Customs Act 2019 (amended 2024)",),
    ),
    ("N-DRAFT", "Drafting rulings and notices", "classroom", 2, "N5", ()),
)
ADOPTED = ("AP-HS101", "AP-VAL101", "AP-RISK101", "AP-INT101", "AP-VR-CI", "AP-ECOM101")


@dataclass(frozen=True)
class CatalogueDemoSummary:
    courses: int
    modules: int
    editions: int


def _user_with(role: str, **scope: Any) -> Any:
    membership = Membership.objects.filter(role=role, **scope).select_related("user").order_by("pk").first()
    return membership.user if membership else None


def _instruments(region: Region, big: Administration) -> dict[str, Edition]:
    def instrument(code: str, title: str, **owner: Any) -> LegalInstrument:
        return LegalInstrument.objects.create(code=code, title=title, **owner)

    def edition(inst: LegalInstrument, label: str, since: dt.date) -> Edition:
        return Edition.objects.create(instrument=inst, label=label, in_force_from=since)

    hs = instrument("HS", "Harmonized Commodity Description and Coding System", region=region)
    rkc = instrument("RKC", "Revised Kyoto Convention", region=region)
    safe = instrument("SAFE", "SAFE Framework of Standards", region=region)
    law = instrument("CA", f"Customs Act ({big.name})", administration=big)
    out = {
        "HS 2017": edition(hs, "2017", dt.date(2017, 1, 1)),
        "HS 2022": edition(hs, "2022", dt.date(2022, 1, 1)),
        # Entered, not yet recorded as superseding 2022: recording it in the UI flags the citers.
        "HS 2027": edition(hs, "2027", dt.date(2027, 1, 1)),
        "RKC 2006": edition(rkc, "2006", dt.date(2006, 2, 3)),
        "SAFE 2018": edition(safe, "2018", dt.date(2018, 6, 1)),
        "SAFE 2021": edition(safe, "2021", dt.date(2021, 6, 1)),
        "Customs Act 2019": edition(law, "2019", dt.date(2019, 4, 1)),
        "Customs Act 2019 (amended 2024)": edition(law, "2019 (amended 2024)", dt.date(2024, 4, 1)),
    }
    for old, new in (
        ("HS 2017", "HS 2022"),
        ("SAFE 2018", "SAFE 2021"),
        ("Customs Act 2019", "Customs Act 2019 (amended 2024)"),
    ):
        Edition.objects.filter(pk=out[old].pk).update(
            superseded_by=out[new], superseded_on=out[new].in_force_from
        )
    return out


def _module(actor: Any, title: str, code: str, rng: random.Random, today: dt.date, **owner: Any) -> Module:
    xapi = title.startswith("xAPI: ")
    slug = code.lower()
    return services.module_create(
        actor=actor,
        code=code,
        title=title.removeprefix("xAPI: "),
        kind="xapi" if xapi else "link",
        minutes=rng.choice((5, 8, 10, 12, 15)),
        url="" if xapi else f"https://learn.cadre.example/modules/{slug}",
        activity_iri=f"https://cadre.example/xapi/activities/{slug}" if xapi else "",
        status="active",
        last_reviewed_on=today - dt.timedelta(days=rng.randint(20, 500)),
        review_interval_months=12,
        languages=["en"],
        **owner,
    )


def _course(
    actor: Any, spec: CourseSpec, comps: dict[str, Any], rng: random.Random, today: dt.date, **owner: Any
) -> Course:
    low, high = spec.size
    course = services.course_create(
        actor=actor,
        code=spec.code,
        title=spec.title,
        description=f"{spec.title}: a course of the Asia/Pacific regional catalogue.",
        delivery_mode=spec.mode,
        duration_days=spec.days,
        duration_minutes=spec.minutes,
        languages=list(spec.languages),
        min_participants=low,
        max_participants=high,
        cost_per_session=rng.choice((0, 500, 1200, 2500)),
        cost_per_participant=rng.choice((0, 40, 80, 150)),
        cost_per_instructor_day=rng.choice((300, 450, 600)),
        instructors_per_session=1 if spec.mode in {"elearning", "mobile", "microlearning"} else 2,
        instructor_qualification=spec.qualification,
        status=spec.status,
        last_reviewed_on=today - dt.timedelta(days=rng.randint(30, 1000)),
        review_interval_months=rng.choice((12, 24, 36)),
        **owner,
    )
    services.course_objectives_set(
        actor=actor,
        course=course,
        objectives=[
            services.ObjectiveInput(comps[code], level) for code, level in spec.objectives if code in comps
        ],
    )
    return course


def load_catalogue_demo(
    *,
    region: Region,
    administrations: list[Administration],
    big_administration: Administration,
    rng: random.Random,
) -> CatalogueDemoSummary:
    """Create the regional catalogue, the big administration's national and adopted courses."""
    if Course.objects.filter(region=region, code=MARKER).exists():
        return CatalogueDemoSummary(0, 0, 0)
    today = timezone.localdate()
    regional_admin = _user_with(Role.REGIONAL_ADMIN, region=region)
    big_tm = _user_with(Role.TRAINING_MANAGER, administration=big_administration)
    if regional_admin is None or big_tm is None:
        raise ValueError(
            "the catalogue demo needs the region's regional admin and the big administration's manager"
        )
    editions = _instruments(region, big_administration)
    comps = {c.code: c for c in competencies_for_owner(administration_id=None, region_id=region.pk)}
    courses: dict[str, Course] = {}
    module_count = 0
    for spec in REGIONAL:
        course = _course(regional_admin, spec, comps, rng, today, region=region)
        courses[spec.code] = course
        Citation.objects.bulk_create(Citation(course=course, edition=editions[label]) for label in spec.cites)
        for i, title in enumerate(spec.modules, start=1):
            module = _module(regional_admin, title, f"{spec.code}-M{i}", rng, today, course=course)
            module_count += 1
            if spec.cites:
                Citation.objects.create(module=module, edition=editions[spec.cites[0]])
    for spec in REGIONAL:
        if spec.prerequisites:
            services.course_prerequisites_set(
                actor=regional_admin,
                course=courses[spec.code],
                courses=[courses[code] for code in spec.prerequisites],
                levels=[],
            )
    for code, title, comp in STANDALONE:
        module = _module(regional_admin, title, code, rng, today, region=region)
        if comp in comps:
            module.competencies.add(comps[comp])
        module_count += 1
    adopted = [
        services.course_adopt(actor=big_tm, administration=big_administration, regional=courses[code])
        for code in ADOPTED
        if courses[code].status == "active"
    ]
    # The region then revises its risk course: the adopted copy shows "regional revision available".
    services.course_update(
        actor=regional_admin,
        course=courses["AP-RISK101"],
        version="2.0",
        description="Revised 2026: adds e-commerce risk indicators and pre-arrival data.",
        max_participants=20,
    )
    national_comps = {
        c.code.split("-")[-1]: c
        for c in competencies_for_owner(administration_id=big_administration.pk, region_id=None)
    }
    for code, title, mode, days, comp, cites in NATIONAL:
        course = services.course_create(
            actor=big_tm,
            administration=big_administration,
            code=code,
            title=title,
            delivery_mode=mode,
            duration_days=days,
            duration_minutes=90 if mode == "elearning" else None,
            languages=["ja", "en"],
            min_participants=6,
            max_participants=30,
            cost_per_session=rng.choice((0, 300, 800)),
            status="active",
            last_reviewed_on=today - dt.timedelta(days=rng.randint(30, 900)),
            review_interval_months=24,
        )
        if comp in national_comps:
            services.course_objectives_set(
                actor=big_tm, course=course, objectives=[services.ObjectiveInput(national_comps[comp], 2)]
            )
        Citation.objects.bulk_create(Citation(course=course, edition=editions[label]) for label in cites)
        courses[code] = course
    for i, title in enumerate(
        (
            "Filing a declaration in the single window",
            "Customs Act: penalties in brief",
            "AEO self-assessment questionnaire",
            "Writing a clear ruling",
        ),
        start=1,
    ):
        _module(big_tm, title, f"N-M{i}", rng, today, administration=big_administration)
        module_count += 1
    # Two smaller members adopt the integrity and e-commerce courses.
    for admin in [a for a in administrations if a.pk != big_administration.pk][:2]:
        tm = _user_with(Role.TRAINING_MANAGER, administration=admin)
        if tm is None:
            continue
        for code in ("AP-INT101", "AP-ECOM101"):
            try:
                services.course_adopt(actor=tm, administration=admin, regional=courses[code])
            except DomainError:  # a member without the regional framework cannot adopt: skip it
                continue
    return CatalogueDemoSummary(
        courses=len(courses) + len(adopted), modules=module_count, editions=len(editions)
    )
