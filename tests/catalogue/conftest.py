"""Catalogue fixtures: a regional course, one national course per side, a file module, HS editions."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from typing import Any

import pytest

from cadre.catalogue.models import Citation, Course, CourseObjective, Edition, LegalInstrument, Module
from tests.support.world import World

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def zip_bytes(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@dataclass
class Catalogue:
    world: World
    regional: Course
    course_a: Course
    course_b: Course
    module_a: Module
    module_b: Module
    hs: LegalInstrument
    hs2022: Edition
    national_law_a: Edition


def course(**fields: Any) -> Course:
    defaults: dict[str, Any] = {"title": "A course", "status": "active", "languages": ["en"]}
    return Course.objects.create(**{**defaults, **fields})


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploads go to a temporary MEDIA_ROOT; mail to the in-memory outbox."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def cat(world: World) -> Catalogue:
    today = dt.date.today()
    regional = course(region=world.region, code="R-HS", title="HS classification", owner=world.regional_admin)
    CourseObjective.objects.create(course=regional, competency=world.competencies[0], target_level=2)
    course_a = course(
        administration=world.a.administration,
        code="A-VAL",
        title="Valuation basics",
        owner=world.a.tm,
        last_reviewed_on=today,
    )
    course_b = course(
        administration=world.b.administration, code="B-ORI", title="Origin rules", owner=world.b.tm
    )
    module_a = Module.objects.create(
        administration=world.a.administration,
        course=course_a,
        sequence=1,
        code="A-M1",
        title="Transaction value in 10 minutes",
        kind="link",
        url="https://learn.example.org/a-m1",
        minutes=10,
        owner=world.a.tm,
        last_reviewed_on=today,
    )
    module_b = Module.objects.create(
        administration=world.b.administration,
        code="B-M1",
        title="Certificates of origin",
        kind="link",
        url="https://learn.example.org/b-m1",
        minutes=8,
    )
    hs = LegalInstrument.objects.create(region=world.region, code="HS", title="Harmonized System")
    hs2022 = Edition.objects.create(instrument=hs, label="2022", in_force_from=dt.date(2022, 1, 1))
    law = LegalInstrument.objects.create(
        administration=world.a.administration, code="CA", title="Alpha Customs Act"
    )
    law_2020 = Edition.objects.create(instrument=law, label="2020", in_force_from=dt.date(2020, 4, 1))
    Citation.objects.create(course=regional, edition=hs2022)
    Citation.objects.create(module=module_a, edition=hs2022)
    return Catalogue(world, regional, course_a, course_b, module_a, module_b, hs, hs2022, law_2020)
