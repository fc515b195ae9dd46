"""Lifecycle services: citations, reviews, supersession flags and reminders to owners."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from cadre.catalogue import services
from cadre.catalogue.models import Citation, Edition, Notice
from cadre.catalogue.selectors import obsolescence_report
from cadre.core.errors import DomainError
from cadre.core.models import AuditEvent
from tests.support.errors import NOT_FOUND

pytestmark = pytest.mark.django_db


def test_supersession_flags_every_course_and_module_citing_the_old_edition(cat):
    w = cat.world
    # given nothing cites a superseded edition
    assert obsolescence_report(user=w.a.tm).superseded == 0
    # when the regional admin records that HS 2027 supersedes HS 2022
    result = services.edition_supersede(
        actor=w.regional_admin, edition=cat.hs2022, successor_label="2027", in_force_from=dt.date(2027, 1, 1)
    )
    # then the new edition exists, the old one points to it, and the change is audited
    assert result.created
    assert result.successor.label == "2027"
    cat.hs2022.refresh_from_db()
    assert cat.hs2022.superseded_by == result.successor
    assert AuditEvent.objects.filter(entity_type="catalogue.edition", entity_id=str(cat.hs2022.pk)).exists()
    # and Alpha's module citing HS 2022 is flagged on Alpha's dashboard; the regional course on the region's
    flagged_a = {(i.kind, i.item.code) for i in obsolescence_report(user=w.a.tm).items if i.superseded}
    assert flagged_a == {("module", "A-M1")}
    flagged_r = {
        (i.kind, i.item.code) for i in obsolescence_report(user=w.regional_admin).items if i.superseded
    }
    assert flagged_r == {("course", "R-HS")}


def test_supersession_refusals_change_nothing(cat):
    w = cat.world
    with pytest.raises(NOT_FOUND):
        services.edition_supersede(actor=w.a.tm, edition=cat.hs2022, successor_label="2027")
    with pytest.raises(DomainError) as exc:
        services.edition_supersede(actor=w.regional_admin, edition=cat.hs2022, successor_label="2022")
    assert exc.value.errors[0].field == "successor_label"
    cat.hs2022.refresh_from_db()
    assert cat.hs2022.superseded_by is None
    assert not Edition.objects.filter(label="2027").exists()
    # a national law is superseded by its administration's manager
    services.edition_supersede(actor=w.a.tm, edition=cat.national_law_a, successor_label="2020 amended 2025")
    with pytest.raises(DomainError):
        services.edition_supersede(actor=w.a.tm, edition=cat.national_law_a, successor_label="2026")


def test_citations_of_current_editions_only(cat):
    w = cat.world
    services.citation_add(actor=w.a.tm, item=cat.course_a, edition=cat.national_law_a, note="Chapter 3")
    with pytest.raises(DomainError):
        services.citation_add(actor=w.a.tm, item=cat.course_a, edition=cat.national_law_a)  # twice
    with pytest.raises(DomainError) as exc:
        services.citation_add(actor=w.b.tm, item=cat.course_b, edition=cat.national_law_a)  # Alpha's law
    assert exc.value.errors[0].field == "edition"
    services.edition_supersede(actor=w.regional_admin, edition=cat.hs2022, successor_label="2027")
    cat.hs2022.refresh_from_db()
    with pytest.raises(DomainError):
        services.citation_add(actor=w.a.tm, item=cat.course_a, edition=cat.hs2022)
    assert Citation.objects.filter(course=cat.course_a).count() == 1


def test_mark_reviewed_sets_today_and_can_bump_the_version(cat):
    w = cat.world
    reviewed = services.content_mark_reviewed(actor=w.regional_admin, item=cat.regional, bump_version=True)
    assert reviewed.last_reviewed_on == dt.date.today()
    assert reviewed.version == "1.1"
    with pytest.raises(NOT_FOUND):
        services.content_mark_reviewed(actor=w.b.tm, item=cat.course_a)


@pytest.mark.parametrize(
    ("old", "new"), [("1.0", "1.1"), ("3", "4"), ("2019.9", "2019.10"), ("draft", "draft.1")]
)
def test_next_version(old, new):
    assert services.next_version(old) == new


def test_reminders_notify_owners_once_and_email_them(cat):
    w = cat.world
    # given Alpha's course reviewed 3 years ago (interval 24 months) and HS 2022 superseded
    cat.course_a.last_reviewed_on = dt.date.today() - dt.timedelta(days=3 * 365)
    cat.course_a.save(update_fields=["last_reviewed_on"])
    services.edition_supersede(actor=w.regional_admin, edition=cat.hs2022, successor_label="2027")
    # when reminders run
    run = services.review_reminders_send()
    # then the owners get notices (course overdue to tm_a, module superseded to tm_a, regional course to the regional admin)
    assert run.notices == 3
    assert set(Notice.objects.values_list("user__username", flat=True)) == {"tm_a", "regional_admin"}
    assert {m.to[0] for m in mail.outbox} == {w.a.tm.email, w.regional_admin.email}
    # and a second run sends nothing new
    assert services.review_reminders_send().notices == 0
    assert len(mail.outbox) == 2


def test_the_command_runs_the_task_now(cat, capsys):
    cat.course_a.last_reviewed_on = dt.date.today() - dt.timedelta(days=3 * 365)
    cat.course_a.save(update_fields=["last_reviewed_on"])
    call_command("catalogue_reminders", "--now")
    assert "1 notices created" in capsys.readouterr().out


def test_the_command_enqueues_by_default(cat, settings, capsys):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    call_command("catalogue_reminders")
    assert "enqueued" in capsys.readouterr().out
