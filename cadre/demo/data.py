"""Load Cadre's demo: the Asia/Pacific region, 24 fictional member administrations and personas.

Deterministic: one ``random.Random(seed)`` drives every choice, so two loads into two empty
databases give the same officers and levels. Idempotent: the load runs in one transaction and the
big administration's code marks a complete load, so a second run changes nothing.

Reference data that a person would enter through the UI (frameworks, competencies, memberships)
goes through the services and is audited. The thousands of officers, units, profiles and
assessments are bulk-inserted and *not* audited: they are seed data, not changes made by users.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from cadre.competencies.models import Assessment, Competency, Framework, RoleProfile, RoleRequirement
from cadre.demo.assessments import BIG_ROUNDS, SMALL_ROUNDS, HistoryPlan, ProfileRow, histories_store
from cadre.demo.cycle import cycle_demo_load
from cadre.demo.framework import REGIONAL_CODE, national_framework_build, regional_framework_build
from cadre.demo.names import BIG, SECOND_CODE, SMALL, AdministrationSpec
from cadre.demo.organisation import UnitPlan, big_plan, plan_store, small_plan
from cadre.demo.people import OfficerMaker, Staffed, officers_store
from cadre.demo.positions import POSITIONS, POSITIONS_BY_CODE, profile_requirements
from cadre.demo.translations import demo_translations_load
from cadre.people.models import Officer, Position
from cadre.tenancy.models import Administration, Membership, OrgUnit, Region
from cadre.tenancy.services import membership_grant
from cadre.tenancy.types import Role

#: A local demo: the password is fixed and printed on purpose.
DEMO_PASSWORD = "cadre-demo-2026"  # noqa: S105
REGION_CODE = "ap"
SEED = 2019
MIN_BIG_OFFICERS = 300
_SMALL_POSITIONS = ("EXAM", "CARGO", "CLASS", "VALU", "RISK", "PAX", "PCA", "INV", "ECOM", "TRN")


@dataclass(frozen=True)
class DemoSize:
    big_officers: int = 5000
    small_officers: tuple[int, int] = (20, 150)

    def __post_init__(self) -> None:
        # The big administration has ~150 units, each with a head: fewer officers leave units empty.
        if self.big_officers < MIN_BIG_OFFICERS:
            raise ValueError(f"big_officers: at least {MIN_BIG_OFFICERS}")

    @classmethod
    def for_big(cls, big_officers: int) -> DemoSize:
        """Scale the 23 smaller administrations with the big one (tests load a small demo)."""
        ratio = big_officers / 5000
        return cls(big_officers, (max(5, round(20 * ratio)), max(12, round(150 * ratio))))


@dataclass(frozen=True)
class Persona:
    username: str
    role: str
    scope: str
    note: str = ""


@dataclass(frozen=True)
class DemoSummary:
    created: bool
    administrations: int
    officers: int
    assessments: int
    competencies: int
    personas: list[Persona] = field(default_factory=list)


def _persona_rows() -> list[Persona]:
    """The personas the demo prints, read back from the database (works on a second run too)."""
    wanted = [
        f"tm.{BIG.code}",
        f"admin.{BIG.code}",
        f"sup.{BIG.code}",
        f"officer.{BIG.code}",
        f"instructor.{BIG.code}",
        f"tm.{SECOND_CODE}",
        "coordinator",
        "regional.admin",
    ]
    rows = {
        m.user.username: m
        for m in Membership.objects.filter(user__username__in=wanted).select_related(
            "user", "administration", "region", "org_unit"
        )
    }
    officers = {
        o.user.username: o  # type: ignore[union-attr]
        for o in Officer.objects.filter(user__username__in=wanted).select_related("user", "org_unit")
    }
    out = []
    for username in wanted:
        m = rows.get(username)
        if m is None:
            continue
        scope = (m.administration or m.region).name  # type: ignore[union-attr]
        officer = officers.get(username)
        note = f"{officer} · {officer.org_unit.name}" if officer else ""
        out.append(Persona(username, str(m.get_role_display()), scope, note))
    return out


def demo_summary(*, created: bool) -> DemoSummary:
    region = Region.objects.filter(code=REGION_CODE).first()
    return DemoSummary(
        created=created,
        administrations=Administration.objects.filter(region=region).count() if region else 0,
        officers=Officer.objects.count(),
        assessments=Assessment.objects.count(),
        competencies=Competency.objects.filter(
            framework__region=region, kind=Competency.Kind.COMPETENCY
        ).count()
        if region
        else 0,
        personas=_persona_rows(),
    )


def demo_is_loaded() -> bool:
    return Administration.objects.filter(code=BIG.code).exists()


def demo_load(*, size: DemoSize | None = None, seed: int = SEED) -> DemoSummary:
    """Load the demo unless it is already there; return what the database now holds."""
    if demo_is_loaded():
        return demo_summary(created=False)
    with transaction.atomic():
        _Loader(size or DemoSize(), random.Random(seed)).run()
    return demo_summary(created=True)


class _Loader:
    def __init__(self, size: DemoSize, rng: random.Random) -> None:
        self.size = size
        self.rng = rng
        # One hash for every demo login: PBKDF2 per user would cost seconds and buys nothing here.
        self.password_hash = make_password(DEMO_PASSWORD)
        self.today = timezone.localdate()

    # users and memberships -------------------------------------------------------------------
    def user(self, username: str, first: str = "", last: str = "") -> Any:
        User = get_user_model()  # noqa: N806
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={"password": self.password_hash, "first_name": first[:150], "last_name": last[:150]},
        )
        return user

    def grant(self, user: Any, role: str, **scope: Any) -> None:
        if not Membership.objects.filter(user=user, role=role, **scope).exists():
            membership_grant(actor=None, user=user, role=role, **scope)

    def link(self, user: Any, officer: Officer) -> None:
        if officer.user_id is None and not Officer.objects.filter(user=user).exists():
            officer.user = user
            officer.save(update_fields=["user"])
        if not user.first_name:
            user.first_name, user.last_name = officer.given_name, officer.family_name
            user.save(update_fields=["first_name", "last_name"])

    # the whole load --------------------------------------------------------------------------
    def run(self) -> None:
        region, _ = Region.objects.get_or_create(code=REGION_CODE, defaults={"name": "Asia/Pacific"})
        regional_admin = self.user("regional.admin", "Regional", "Administrator")
        self.grant(regional_admin, Role.REGIONAL_ADMIN, region=region)
        self.grant(
            self.user("coordinator", "Regional", "Coordinator"), Role.REGIONAL_COORDINATOR, region=region
        )
        regional = Framework.objects.filter(region=region, code=REGIONAL_CODE).first()
        if regional is None:
            regional = regional_framework_build(region=region, actor=regional_admin)
        self.load_big(region, regional)
        for spec in SMALL:
            self.load_small(region, regional, spec)
        cycle_demo_load(region=region, rng=self.rng, today=self.today)
        demo_translations_load(administration_code=BIG.code)

    def administration(self, region: Region, spec: AdministrationSpec) -> Administration | None:
        if Administration.objects.filter(code=spec.code).exists():
            return None  # topping up a partial region: keep what is there
        return Administration.objects.create(
            region=region,
            code=spec.code,
            name=spec.name,
            time_zone=spec.time_zone,
            default_language=spec.language,
            shares_regional_analytics=spec.shares_regional_analytics,
            self_assessment_requires_validation=spec.self_assessment_requires_validation,
        )

    def positions(self, admin: Administration, codes: list[str]) -> dict[str, Position]:
        rows = [
            Position(
                administration=admin,
                code=code,
                title=POSITIONS_BY_CODE[code].title,
                description=f"{POSITIONS_BY_CODE[code].title} ({admin.name}).",
            )
            for code in codes
        ]
        Position.objects.bulk_create(rows)
        return {p.code: p for p in rows}

    def profiles(
        self, admin: Administration, framework: Framework, positions: dict[str, Position]
    ) -> dict[str, list[ProfileRow]]:
        """Role profiles for every position; national codes ("N1") resolve to this framework's."""
        by_code = {
            c.code: c
            for c in Competency.objects.filter(
                framework_id__in=[framework.pk, framework.extends_id], kind=Competency.Kind.COMPETENCY
            )
        }
        prefix = f"{admin.code.upper()}-"
        by_short = {code.removeprefix(prefix): c for code, c in by_code.items()}
        profiles = [
            RoleProfile(administration=admin, position=p, notes="Demo profile") for p in positions.values()
        ]
        RoleProfile.objects.bulk_create(profiles)
        rows: list[RoleRequirement] = []
        out: dict[str, list[ProfileRow]] = {}
        for profile in profiles:
            code = profile.position.code
            reqs = profile_requirements(POSITIONS_BY_CODE[code], rng=self.rng, available=set(by_short))
            out[code] = []
            for req in reqs:
                competency = by_short[req.code]
                rows.append(
                    RoleRequirement(
                        profile=profile,
                        competency=competency,
                        required_level=req.level,
                        criticality=req.criticality,
                    )
                )
                out[code].append(ProfileRow(competency.pk, req.code, req.level))
        RoleRequirement.objects.bulk_create(rows)
        return out

    def load_big(self, region: Region, regional: Framework) -> None:
        spec = BIG
        admin = self.administration(region, spec)
        if admin is None:
            return
        tm = self.user(f"tm.{spec.code}")
        self.grant(tm, Role.TRAINING_MANAGER, administration=admin)
        framework = national_framework_build(
            administration=admin, country=spec.country, regional=regional, actor=tm, national_count=5
        )
        positions = self.positions(admin, [p.code for p in POSITIONS])
        profiles = self.profiles(admin, framework, positions)
        plans = plan_store(administration=admin, root=big_plan(rng=self.rng, code=spec.code))
        maker = OfficerMaker(
            administration=admin, positions=positions, rng=self.rng, prefix="K", april_intake=True
        )
        staffed = officers_store(maker=maker, plans=plans, total=self.size.big_officers)
        reviewers, self_users = self.big_personas(admin, tm, plans, staffed)
        history = HistoryPlan(
            BIG_ROUNDS, (2, 3, 3), 0.06, spec.self_assessment_requires_validation, self.today
        )
        histories_store(
            staffed=staffed,
            profiles=profiles,
            plan=history,
            rng=self.rng,
            reviewers=reviewers,
            self_users=self_users,
        )

    def big_personas(
        self, admin: Administration, tm: Any, plans: list[UnitPlan], staffed: list[Staffed]
    ) -> tuple[dict[int, Any], dict[int, Any]]:
        """Supervisor of a customs house of 20-40 officers, one of its officers, TM, admin, instructor."""
        code = admin.code
        house_of: dict[int, UnitPlan] = {}
        for plan in plans:
            if plan.kind == OrgUnit.Kind.CUSTOMS_HOUSE:
                house_of.update({id(p): plan for p in plan.walk()})
        subtree: dict[int, list[Staffed]] = {}
        for row in staffed:
            house_plan = house_of.get(id(row.plan))
            if house_plan is not None:
                subtree.setdefault(id(house_plan), []).append(row)
        houses = [p for p in plans if id(p) in subtree]
        house = min(houses, key=lambda p: (abs(len(subtree[id(p)]) - 30), p.code))
        members = subtree[id(house)]
        head = next(r for r in members if r.is_head and r.plan is house)
        candidates = [r for r in members if not r.is_head and r.position_code and r.officer.active]
        learner = (
            candidates[0] if candidates else next(r for r in staffed if not r.is_head and r.position_code)
        )
        sup = self.user(f"sup.{code}")
        self.grant(sup, Role.SUPERVISOR, administration=admin, org_unit=house.unit)
        self.link(sup, head.officer)
        officer_user = self.user(f"officer.{code}")
        self.grant(officer_user, Role.LEARNER, administration=admin)
        self.link(officer_user, learner.officer)
        institute = next(p for p in plans if p.kind == OrgUnit.Kind.TRAINING_CENTRE)
        in_institute = [r for r in staffed if r.plan is institute]
        self.link(tm, in_institute[0].officer)
        trainer = next((r for r in in_institute if r.position_code == "TRN"), in_institute[-1])
        instructor = self.user(f"instructor.{code}")
        self.grant(instructor, Role.INSTRUCTOR, administration=admin)
        self.link(instructor, trainer.officer)
        self.grant(self.user(f"admin.{code}", "System", "Administrator"), Role.ADMIN, administration=admin)
        reviewers = {r.officer.pk: sup for r in members if r is not head}
        return reviewers, {learner.officer.pk: officer_user}

    def load_small(self, region: Region, regional: Framework, spec: AdministrationSpec) -> None:
        rng = self.rng
        admin = self.administration(region, spec)
        if admin is None:
            return
        tm = self.user(f"tm.{spec.code}")
        self.grant(tm, Role.TRAINING_MANAGER, administration=admin)
        framework = national_framework_build(
            administration=admin,
            country=spec.country,
            regional=regional,
            actor=tm,
            national_count=rng.choice((0, 1, 1, 2)),
        )
        chosen = sorted(rng.sample(_SMALL_POSITIONS, rng.randint(3, 6)))
        positions = self.positions(admin, ["HOD", "DIR", "SUP", *chosen])
        profiles = self.profiles(admin, framework, positions)
        root = small_plan(rng=rng, code=spec.code, name=spec.country, positions=chosen)
        plans = plan_store(administration=admin, root=root)
        maker = OfficerMaker(
            administration=admin,
            positions=positions,
            rng=rng,
            prefix=f"{spec.code[:3].upper()}-",
            april_intake=False,
        )
        total = rng.randint(*self.size.small_officers)
        staffed = officers_store(maker=maker, plans=plans, total=max(total, len(plans)))
        self.link(tm, next(r for r in staffed if r.plan.kind == OrgUnit.Kind.TRAINING_CENTRE).officer)
        history = HistoryPlan(
            SMALL_ROUNDS, (1, 2, 3), 0.12, spec.self_assessment_requires_validation, self.today
        )
        histories_store(
            staffed=staffed, profiles=profiles, plan=history, rng=rng, reviewers={}, self_users={}
        )
