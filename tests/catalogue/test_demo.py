"""The demo catalogue: built on the demo's regional framework, deterministic, idempotent."""

from __future__ import annotations

import random

import pytest

from cadre.catalogue.demo import load_catalogue_demo
from cadre.catalogue.models import Citation, Course, Edition, Module
from cadre.catalogue.selectors import course_revision_available, obsolescence_report
from cadre.catalogue.services import edition_supersede
from cadre.demo.framework import national_framework_build, regional_framework_build
from cadre.tenancy.models import Membership
from tests.support import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_region():
    region = f.RegionFactory(code="ap")
    regional_admin = f.UserFactory(username="regional.admin")
    f.MembershipFactory(user=regional_admin, role="regional_admin", region=region)
    regional = regional_framework_build(region=region, actor=regional_admin)
    admins = []
    for code in ("kasumi", "aldovia", "belmora"):
        admin = f.AdministrationFactory(region=region, code=code, name=code.title())
        tm = f.UserFactory(username=f"tm.{code}")
        f.MembershipFactory(user=tm, role="training_manager", administration=admin)
        national_framework_build(
            administration=admin,
            country=code.title(),
            regional=regional,
            actor=tm,
            national_count=5 if code == "kasumi" else 0,
        )
        admins.append(admin)
    return region, admins, regional_admin


def test_demo_catalogue(demo_region):
    region, admins, regional_admin = demo_region
    big = admins[0]
    # when the catalogue demo loads
    summary = load_catalogue_demo(
        region=region, administrations=admins, big_administration=big, rng=random.Random(7)
    )
    # then the region has ~25 courses with objectives, ~40 modules, and the big administration adopted some
    assert Course.objects.filter(region=region).count() == 26
    assert Course.objects.filter(region=region, objectives__isnull=True).count() == 0
    assert (
        35
        <= Module.objects.filter(administration__isnull=True).count()
        + Module.objects.filter(administration=big, course__adopted_from__isnull=True).count()
        <= 45
    )
    adopted = Course.objects.filter(administration=big, adopted_from__isnull=False)
    assert adopted.count() == 6
    assert [c.code for c in adopted if course_revision_available(course=c)] == ["AP-RISK101"]
    assert Course.objects.filter(administration=big, adopted_from__isnull=True).count() == 5
    assert Course.objects.filter(administration=admins[1], adopted_from__isnull=False).count() == 2
    assert summary.editions == 8
    # and recording HS 2027 flags the content citing HS 2022
    big_tm = Membership.objects.get(administration=big, role="training_manager").user
    before = obsolescence_report(user=big_tm).superseded
    edition_supersede(
        actor=regional_admin,
        edition=Edition.objects.get(instrument__code="HS", label="2022"),
        successor_label="2027",
    )
    assert obsolescence_report(user=big_tm).superseded > before
    assert Citation.objects.filter(edition__label="2022").exists()
    # a second load changes nothing
    assert (
        load_catalogue_demo(
            region=region, administrations=admins, big_administration=big, rng=random.Random(7)
        ).courses
        == 0
    )
