"""Module services: kinds, the 15-minute rule, uploads stored safely or not at all, ordering."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings

from cadre.catalogue import services
from cadre.catalogue.models import Module
from cadre.core.errors import DomainError
from tests.catalogue.conftest import PDF
from tests.support.errors import NOT_FOUND

pytestmark = pytest.mark.django_db


def upload(data: bytes, name: str) -> services.Upload:
    return services.Upload(io.BytesIO(data), name, len(data))


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_file_module_is_stored_under_a_random_name_in_media_root(cat):
    w = cat.world
    module = services.module_create(
        actor=w.a.tm,
        course=cat.course_a,
        code="A-M2",
        title="Valuation methods",
        kind="file",
        minutes=12,
        upload=upload(PDF, "Methods guide.pdf"),
        competencies=[w.competencies[1]],
    )
    assert module.sequence == 2  # appended after A-M1
    assert (module.file_name, module.content_type, module.file_size) == (
        "Methods guide.pdf",
        "application/pdf",
        len(PDF),
    )
    [path] = stored_files()
    assert path.name != "Methods guide.pdf"
    assert path.suffix == ".pdf"
    assert path.is_relative_to(Path(settings.MEDIA_ROOT))
    assert list(module.competencies.all()) == [w.competencies[1]]


def test_a_standalone_module_needs_no_course(world):
    module = services.module_create(
        actor=world.regional_admin,
        region=world.region,
        code="R-M9",
        title="SAFE in 5 minutes",
        kind="xapi",
        minutes=5,
        activity_iri="https://cadre.example.org/xapi/activities/safe-5",
    )
    assert module.course is None
    assert module.region == world.region


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"kind": "file", "minutes": 10}, "file"),
        ({"kind": "link", "url": "javascript:alert(1)", "minutes": 10}, "url"),
        ({"kind": "xapi", "activity_iri": "not an iri", "minutes": 10}, "activity_iri"),
        ({"kind": "link", "url": "https://x.example/", "minutes": 16}, "minutes"),
        ({"kind": "podcast", "minutes": 5}, "kind"),
        (
            {"kind": "xapi", "activity_iri": "https://x.example/a", "pass_mark": 1.5, "minutes": 5},
            "pass_mark",
        ),
        ({"kind": "link", "url": "https://x.example/", "pass_mark": 0.5, "minutes": 5}, "pass_mark"),
        (
            {"kind": "xapi", "activity_iri": "https://x.example/a", "url": "//evil.example/", "minutes": 5},
            "url",
        ),
    ],
)
def test_module_input_is_checked(world, fields, bad):
    with pytest.raises(DomainError) as exc:
        services.module_create(
            actor=world.a.tm, administration=world.a.administration, code="A-X", title="X", **fields
        )
    assert bad in {e.field for e in exc.value.errors}
    assert not Module.objects.filter(code="A-X").exists()


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (PDF, "../../etc/passwd"),
        (b"<svg onload='alert(1)'/>", "x.svg"),
        (PDF, "guide\x00.pdf"),
    ],
)
def test_a_hostile_upload_stores_nothing(world, data, name):
    with pytest.raises(DomainError) as exc:
        services.module_create(
            actor=world.a.tm,
            administration=world.a.administration,
            code="A-H",
            title="Hostile",
            kind="file",
            minutes=5,
            upload=upload(data, name),
        )
    assert [e.field for e in exc.value.errors] == ["file"]
    assert not Module.objects.filter(code="A-H").exists()
    assert stored_files() == []


def test_oversize_upload_stores_nothing(world, settings):
    settings.CADRE_UPLOAD_MAX_BYTES = 100
    with pytest.raises(DomainError):
        services.module_create(
            actor=world.a.tm,
            administration=world.a.administration,
            code="A-BIG",
            title="Big",
            kind="file",
            minutes=5,
            upload=upload(PDF + b"0" * 200, "big.pdf"),
        )
    assert stored_files() == []


def test_foreign_manager_cannot_update_a_module_and_nothing_changes(cat):
    with pytest.raises(NOT_FOUND):
        services.module_update(actor=cat.world.b.tm, module=cat.module_a, title="Hijacked")
    cat.module_a.refresh_from_db()
    assert cat.module_a.title == "Transaction value in 10 minutes"


def test_modules_move_within_their_course(cat):
    w = cat.world
    second = services.module_create(
        actor=w.a.tm,
        course=cat.course_a,
        code="A-M2",
        title="Second",
        kind="link",
        url="https://x.example/2",
        minutes=5,
    )
    services.module_move(actor=w.a.tm, module=second, direction="up")
    assert list(cat.course_a.modules.order_by("sequence").values_list("code", flat=True)) == ["A-M2", "A-M1"]
    with pytest.raises(DomainError):
        services.module_move(actor=w.a.tm, module=second, direction="sideways")


def test_an_xapi_module_keeps_its_pass_mark_and_site_launch_path(world):
    module = services.module_create(
        actor=world.a.tm,
        administration=world.a.administration,
        code="A-XP",
        title="Valuation quiz",
        kind="xapi",
        minutes=8,
        activity_iri="https://cadre.example.org/xapi/activities/valuation",
        url="/static/lrs/activities/valuation/index.html",
        pass_mark=0.75,
    )
    module.refresh_from_db()
    assert module.pass_mark == 0.75
    assert module.url == "/static/lrs/activities/valuation/index.html"
