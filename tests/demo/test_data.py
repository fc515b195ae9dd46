"""The demo loader: structure, determinism, idempotency, personas."""

from __future__ import annotations

from django.db.models import F

from cadre.competencies.models import Assessment, Competency, Framework, RoleProfile
from cadre.competencies.selectors import competencies_for_administration
from cadre.core.models import AuditEvent
from cadre.demo.data import DEMO_PASSWORD, demo_load
from cadre.demo.names import BIG, SECOND_CODE
from cadre.people.models import Officer
from cadre.people.selectors import officers_supervised_by
from cadre.tenancy.access import MANAGERS, access_for
from cadre.tenancy.models import Administration, Membership, OrgUnit
from cadre.tenancy.types import Role
from tests.demo.conftest import SMALL_DEMO

PERSONAS = {
    "tm.kasumi": (Role.TRAINING_MANAGER, "kasumi"),
    "admin.kasumi": (Role.ADMIN, "kasumi"),
    "sup.kasumi": (Role.SUPERVISOR, "kasumi"),
    "officer.kasumi": (Role.LEARNER, "kasumi"),
    "instructor.kasumi": (Role.INSTRUCTOR, "kasumi"),
    f"tm.{SECOND_CODE}": (Role.TRAINING_MANAGER, SECOND_CODE),
    "coordinator": (Role.REGIONAL_COORDINATOR, None),
    "regional.admin": (Role.REGIONAL_ADMIN, None),
}


def test_the_region_has_24_administrations_and_a_published_framework_of_about_40_competencies(small_demo):
    # given a loaded demo
    # then the region holds 24 administrations, each adopting the regional framework
    assert small_demo.created
    assert small_demo.administrations == 24
    regional = Framework.objects.get(region__code="ap", code="APCCF")
    assert regional.status == Framework.Status.PUBLISHED
    assert [lvl.label for lvl in regional.scale.levels.all()] == [
        "None",
        "Aware",
        "Trained",
        "Advanced",
        "Expert",
    ]
    competencies = regional.competencies.filter(kind=Competency.Kind.COMPETENCY)
    assert 38 <= competencies.count() <= 45
    assert set(competencies.values_list("type", flat=True)) == {
        "values",
        "professional",
        "operational",
        "managerial",
    }
    assert regional.competencies.filter(kind=Competency.Kind.INDICATOR).exists()
    national = Framework.objects.filter(extends=regional, status=Framework.Status.PUBLISHED)
    assert national.count() == 24


def test_every_org_unit_path_extends_its_parents(small_demo):
    # given a loaded demo
    # then each unit's path is its parent's path plus its own id, and its depth one more
    for unit in OrgUnit.objects.select_related("parent"):
        parent_path = unit.parent.path if unit.parent else "/"
        assert unit.path == f"{parent_path}{unit.pk}/"
        assert unit.depth == (unit.parent.depth + 1 if unit.parent else 0)
        if unit.parent:
            assert unit.parent.administration_id == unit.administration_id


def test_the_big_administration_is_fully_populated(small_demo):
    # given a loaded demo
    kasumi = Administration.objects.get(code=BIG.code)
    # then it has a deep org tree, ~30 positions with 6-12 requirements each, and its officers
    assert kasumi.time_zone == "Asia/Tokyo"
    assert kasumi.default_language == "ja"
    assert 120 <= OrgUnit.objects.filter(administration=kasumi).count() <= 170
    assert Officer.objects.filter(administration=kasumi).count() == SMALL_DEMO.big_officers
    profiles = RoleProfile.objects.filter(administration=kasumi)
    assert 28 <= profiles.count() <= 34
    usable = set(competencies_for_administration(administration_id=kasumi.pk).values_list("pk", flat=True))
    for profile in profiles:
        requirements = list(profile.requirements.all())
        assert 6 <= len(requirements) <= 12
        assert all(1 <= r.required_level <= 4 and 1 <= r.criticality <= 3 for r in requirements)
        assert {r.competency_id for r in requirements} <= usable
    national = Competency.objects.filter(framework__administration=kasumi, kind=Competency.Kind.COMPETENCY)
    assert 3 <= national.count() <= 5
    assert all(c.mappings_out.exists() for c in national)


def test_officers_have_supervisors_and_histories_with_gaps_and_blanks(small_demo):
    # given a loaded demo
    kasumi = Administration.objects.get(code=BIG.code)
    officers = Officer.objects.filter(administration=kasumi)
    # then everyone but the director-general reports to someone of the same administration
    assert officers.filter(supervisor__isnull=True).count() == 1
    assert not officers.exclude(supervisor__administration=kasumi).exclude(supervisor__isnull=True).exists()
    # and histories mix sources and validation states, with some officers never assessed
    sources = set(Assessment.objects.filter(administration=kasumi).values_list("source", flat=True))
    assert {"supervisor", "self"} <= sources
    states = set(Assessment.objects.filter(source="self").values_list("validation", flat=True))
    assert {"pending", "validated"} <= states
    assert officers.filter(assessments__isnull=True).exists()
    assert not Assessment.objects.exclude(administration_id=F("officer__administration_id")).exists()


def test_personas_hold_their_roles_and_the_supervisor_sees_the_house(small_demo):
    # given a loaded demo
    # then each persona holds exactly the role it is printed with
    for username, (role, code) in PERSONAS.items():
        membership = Membership.objects.get(user__username=username)
        assert membership.role == role
        if code is None:
            assert membership.region.code == "ap"
        else:
            assert membership.administration.code == code
    printed = {p.username for p in small_demo.personas}
    assert printed == set(PERSONAS)
    # and the supervisor heads the house they supervise and sees the learner among their staff
    sup = Membership.objects.get(user__username="sup.kasumi")
    assert sup.org_unit.kind == OrgUnit.Kind.CUSTOMS_HOUSE
    assert sup.user.officer.org_unit == sup.org_unit
    learner = Officer.objects.get(user__username="officer.kasumi")
    assert learner in officers_supervised_by(user=sup.user)
    # and every administration has a training manager who manages it
    for admin in Administration.objects.all():
        tm = Membership.objects.get(user__username=f"tm.{admin.code}").user
        assert access_for(tm).has_role(admin.pk, MANAGERS)


def test_personas_can_log_in(small_demo, client):
    # given a loaded demo
    for username in PERSONAS:
        # when a persona logs in with the printed password
        # then the login succeeds
        assert client.login(username=username, password=DEMO_PASSWORD), username
        client.logout()


def test_a_second_load_adds_nothing(small_demo):
    # given a loaded demo
    counts = (Officer.objects.count(), Assessment.objects.count(), Membership.objects.count())
    audit = AuditEvent.objects.count()
    # when the demo loads again
    again = demo_load(size=SMALL_DEMO)
    # then nothing was added, and the summary says so
    assert not again.created
    assert (Officer.objects.count(), Assessment.objects.count(), Membership.objects.count()) == counts
    assert AuditEvent.objects.count() == audit
    assert again.officers == small_demo.officers
