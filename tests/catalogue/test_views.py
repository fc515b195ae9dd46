"""Catalogue pages: they render for their users, and a foreign administration gets 404 everywhere."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cadre.catalogue.models import Citation, Course, Edition, Module, Notice
from cadre.core.models import AuditEvent
from tests.catalogue.conftest import PDF

pytestmark = pytest.mark.django_db


def _file_module(cat) -> Module:
    from cadre.catalogue import services

    return services.module_create(
        actor=cat.world.a.tm,
        course=cat.course_a,
        code="A-F1",
        title="Guide",
        kind="file",
        minutes=5,
        upload=services.Upload(__import__("io").BytesIO(PDF), 'guide "v1".pdf', len(PDF)),
    )


def test_pages_render_for_alpha_training_manager(client, cat):
    client.force_login(cat.world.a.tm)
    module = _file_module(cat)
    urls = [
        reverse("catalogue:course_list"),
        reverse("catalogue:course_list") + "?mode=classroom&language=en&status=active&q=val&scope=national",
        reverse("catalogue:course_create"),
        reverse("catalogue:course_detail", args=[cat.course_a.pk]),
        reverse("catalogue:course_detail", args=[cat.regional.pk]),
        reverse("catalogue:course_edit", args=[cat.course_a.pk]),
        reverse("catalogue:course_objectives", args=[cat.course_a.pk]),
        reverse("catalogue:course_prerequisites", args=[cat.course_a.pk]),
        reverse("catalogue:module_list"),
        reverse("catalogue:module_create"),
        reverse("catalogue:module_create") + f"?course={cat.course_a.pk}",
        reverse("catalogue:module_detail", args=[module.pk]),
        reverse("catalogue:module_edit", args=[module.pk]),
        reverse("catalogue:edition_list"),
        reverse("catalogue:edition_supersede", args=[cat.national_law_a.pk]),
        reverse("catalogue:obsolescence"),
        reverse("catalogue:notice_list"),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_catalogue_lists_own_and_regional_courses_with_filters(client, cat):
    client.force_login(cat.world.b.learner)
    body = client.get(reverse("catalogue:course_list")).content.decode()
    assert "B-ORI" in body
    assert "R-HS" in body
    assert "A-VAL" not in body
    body = client.get(reverse("catalogue:course_list") + "?scope=regional").content.decode()
    assert "R-HS" in body
    assert "B-ORI" not in body
    htmx = client.get(reverse("catalogue:course_list") + "?q=origin", headers={"HX-Request": "true"})
    assert "<html" not in htmx.content.decode()
    assert "B-ORI" in htmx.content.decode()


def test_foreign_administration_gets_404_on_every_page(client, cat):
    # given Beta's training manager and Alpha's content
    client.force_login(cat.world.b.tm)
    module = _file_module(cat)
    a_course, a_mod = cat.course_a.pk, module.pk
    urls = [
        reverse("catalogue:course_detail", args=[a_course]),
        reverse("catalogue:course_edit", args=[a_course]),
        reverse("catalogue:course_objectives", args=[a_course]),
        reverse("catalogue:course_prerequisites", args=[a_course]),
        reverse("catalogue:course_differences", args=[a_course]),
        reverse("catalogue:module_detail", args=[a_mod]),
        reverse("catalogue:module_edit", args=[a_mod]),
        reverse("catalogue:module_download", args=[a_mod]),
        reverse("catalogue:module_create") + f"?course={a_course}",
        reverse("catalogue:edition_supersede", args=[cat.national_law_a.pk]),
        reverse("catalogue:edition_supersede", args=[cat.hs2022.pk]),  # regional: only regional admins
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert "Alpha Customs Act" not in client.get(reverse("catalogue:edition_list")).content.decode()


def test_foreign_posts_are_404_and_change_nothing(client, cat):
    client.force_login(cat.world.b.tm)
    module = _file_module(cat)
    events, courses, modules = AuditEvent.objects.count(), Course.objects.count(), Module.objects.count()
    a_course = cat.course_a.pk
    posts = [
        (reverse("catalogue:course_edit", args=[a_course]), {"code": "X", "title": "Hijacked"}),
        (reverse("catalogue:course_objectives", args=[a_course]), {}),
        (reverse("catalogue:course_prerequisites", args=[a_course]), {}),
        (
            reverse("catalogue:course_adopt", args=[cat.regional.pk]),
            {"administration": cat.world.a.administration.pk},
        ),
        (
            reverse("catalogue:course_adopt", args=[a_course]),
            {"administration": cat.world.b.administration.pk},
        ),
        (reverse("catalogue:course_differences", args=[a_course]), {"decision": "apply"}),
        (reverse("catalogue:module_edit", args=[module.pk]), {"title": "Hijacked"}),
        (reverse("catalogue:module_move", args=[module.pk]), {"direction": "up"}),
        (reverse("catalogue:module_create") + f"?course={a_course}", {"code": "B-X", "title": "X"}),
        (reverse("catalogue:citation_add", args=["course", a_course]), {"edition": cat.hs2022.pk}),
        (
            reverse(
                "catalogue:citation_remove", args=["module", cat.module_a.pk, cat.module_a.citations.get().pk]
            ),
            {},
        ),
        (reverse("catalogue:content_review", args=["course", a_course]), {"bump_version": "on"}),
        (reverse("catalogue:edition_supersede", args=[cat.national_law_a.pk]), {"successor_label": "2030"}),
        (reverse("catalogue:edition_supersede", args=[cat.hs2022.pk]), {"successor_label": "2027"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    assert (AuditEvent.objects.count(), Course.objects.count(), Module.objects.count()) == (
        events,
        courses,
        modules,
    )
    cat.course_a.refresh_from_db()
    assert cat.course_a.title == "Valuation basics"
    assert cat.course_a.last_reviewed_on == dt.date.today()
    assert cat.course_a.version == "1.0"
    assert Citation.objects.count() == 2
    assert not Edition.objects.filter(label__in=["2027", "2030"]).exists()


def test_learner_cannot_reach_manager_pages(client, cat):
    client.force_login(cat.world.a.learner)
    for url in (
        reverse("catalogue:course_create"),
        reverse("catalogue:course_edit", args=[cat.course_a.pk]),
        reverse("catalogue:module_create"),
        reverse("catalogue:obsolescence"),
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("catalogue:course_detail", args=[cat.course_a.pk])).status_code == 200


def test_create_course_through_the_form(client, cat):
    client.force_login(cat.world.a.tm)
    data = {
        "owner_scope": f"a{cat.world.a.administration.pk}",
        "code": "A-PCA",
        "title": "Post-clearance audit",
        "delivery_mode": "classroom",
        "duration_days": "3",
        "languages": "en, ja",
        "min_participants": "6",
        "max_participants": "18",
        "cost_per_session": "500",
        "cost_per_participant": "20",
        "cost_per_instructor_day": "300",
        "instructors_per_session": "2",
        "declared_uplift": "1",
        "owner": cat.world.a.tm.pk,
        "version": "1.0",
        "status": "draft",
        "review_interval_months": "24",
    }
    response = client.post(reverse("catalogue:course_create"), data)
    created = Course.objects.get(code="A-PCA")
    assert response.status_code == 302
    assert created.languages == ["en", "ja"]
    # a bad form answers 400, names the field, and creates nothing
    response = client.post(
        reverse("catalogue:course_create"), {**data, "code": "A-BAD", "max_participants": "2"}
    )
    assert response.status_code == 400
    assert b"at least the minimum" in response.content
    assert not Course.objects.filter(code="A-BAD").exists()


def test_objectives_form_saves_rows(client, cat):
    client.force_login(cat.world.a.tm)
    comp = cat.world.competencies[1]
    data = {
        "obj-TOTAL_FORMS": "2",
        "obj-INITIAL_FORMS": "0",
        "obj-0-competency": comp.pk,
        "obj-0-target_level": "3",
        "obj-1-competency": "",
    }
    assert (
        client.post(reverse("catalogue:course_objectives", args=[cat.course_a.pk]), data).status_code == 302
    )
    assert list(cat.course_a.objectives.values_list("target_level", flat=True)) == [3]
    bad = {**data, "obj-0-target_level": "7"}
    response = client.post(reverse("catalogue:course_objectives", args=[cat.course_a.pk]), bad)
    assert response.status_code == 400
    assert b"objectives[0].target_level" in response.content


def test_upload_through_the_form_and_download_with_safe_headers(client, cat):
    client.force_login(cat.world.a.tm)
    data = {
        "code": "A-UP",
        "title": "Uploaded",
        "kind": "file",
        "minutes": "7",
        "version": "1.0",
        "status": "active",
        "review_interval_months": "12",
        "file": SimpleUploadedFile("Guide (final).pdf", PDF, content_type="text/html"),
    }
    response = client.post(reverse("catalogue:module_create") + f"?course={cat.course_a.pk}", data)
    assert response.status_code == 302, response.content
    module = Module.objects.get(code="A-UP")
    assert module.content_type == "application/pdf"  # from the content, not the client's claim
    # a reader of Alpha downloads it as an attachment, never rendered
    client.force_login(cat.world.a.learner)
    download = client.get(reverse("catalogue:module_download", args=[module.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert 'filename="Guide (final).pdf"' in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download["Content-Security-Policy"]
    assert b"".join(download.streaming_content) == PDF


def test_hostile_upload_through_the_form_is_refused_with_the_field(client, cat):
    client.force_login(cat.world.a.tm)
    data = {
        "code": "A-SVG",
        "title": "Logo",
        "kind": "file",
        "minutes": "1",
        "version": "1.0",
        "status": "active",
        "review_interval_months": "12",
        "file": SimpleUploadedFile("../../logo.svg", b"<svg><script>alert(1)</script></svg>"),
    }
    response = client.post(reverse("catalogue:module_create") + f"?course={cat.course_a.pk}", data)
    assert response.status_code == 400
    assert b"SVG" in response.content
    assert not Module.objects.filter(code="A-SVG").exists()


def test_adopt_and_review_regional_revision_pages(client, cat):
    w = cat.world
    client.force_login(w.a.tm)
    response = client.post(
        reverse("catalogue:course_adopt", args=[cat.regional.pk]), {"administration": w.a.administration.pk}
    )
    adopted = Course.objects.get(administration=w.a.administration, adopted_from=cat.regional)
    assert response.status_code == 302
    Course.objects.filter(pk=cat.regional.pk).update(version="2.0", title="HS classification (2027)")
    assert (
        b"Regional revision available"
        in client.get(reverse("catalogue:course_detail", args=[adopted.pk])).content
    )
    page = client.get(reverse("catalogue:course_differences", args=[adopted.pk]))
    assert b"HS classification (2027)" in page.content
    assert (
        client.post(
            reverse("catalogue:course_differences", args=[adopted.pk]), {"decision": "keep"}
        ).status_code
        == 302
    )
    adopted.refresh_from_db()
    assert adopted.adopted_version == "2.0"
    assert adopted.title == "HS classification"


def test_supersede_page_and_dashboard(client, cat):
    w = cat.world
    client.force_login(w.regional_admin)
    response = client.post(
        reverse("catalogue:edition_supersede", args=[cat.hs2022.pk]),
        {"successor_label": "2027", "in_force_from": "2027-01-01"},
    )
    assert response.status_code == 302
    client.force_login(w.a.tm)
    body = client.get(reverse("catalogue:obsolescence")).content.decode()
    assert "A-M1" in body
    assert "HS 2022" in body
    # mark reviewed from the dashboard
    client.post(
        reverse("catalogue:content_review", args=["module", cat.module_a.pk]),
        {"bump_version": "on", "next": "obsolescence"},
    )
    cat.module_a.refresh_from_db()
    assert cat.module_a.version == "1.1"


def test_notices_are_private(client, cat):
    notice = Notice.objects.create(user=cat.world.a.tm, key="k", message="Review A-VAL")
    client.force_login(cat.world.b.tm)
    assert b"Review A-VAL" not in client.get(reverse("catalogue:notice_list")).content
    assert client.post(reverse("catalogue:notice_read", args=[notice.pk])).status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None
    client.force_login(cat.world.a.tm)
    assert client.post(reverse("catalogue:notice_read", args=[notice.pk])).status_code == 302
