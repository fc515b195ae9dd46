from __future__ import annotations

import pytest

from cadre.catalogue.models import Notice
from cadre.core.errors import DomainError
from cadre.core.models import AuditEvent
from cadre.practices.models import Practice
from cadre.practices.services import (
    practice_archive,
    practice_comment,
    practice_create,
    practice_publish,
    practice_request_changes,
    practice_submit,
    practice_translation_set,
    practice_update,
)
from tests.practices.conftest import make_input
from tests.support.errors import NOT_FOUND

pytestmark = pytest.mark.django_db


def test_full_workflow_keeps_versions_audits_and_notifies(world, make_practice):
    # given a draft written by Alpha's learner
    practice = practice_create(
        actor=world.a.learner, administration=world.a.administration, data=make_input()
    )
    # when the focal point submits, the region asks for changes, Alpha edits and resubmits, the region publishes
    practice_submit(actor=world.a.tm, practice=practice)
    assert Notice.objects.filter(user=world.coordinator, key__startswith=f"practice:{practice.pk}").exists()
    practice_request_changes(actor=world.coordinator, practice=practice, text="Add evidence")
    assert Notice.objects.filter(user=world.a.learner, key__endswith="changes").exists()
    practice_update(actor=world.a.learner, practice=practice, data=make_input(evidence="Pass rates +12%"))
    practice_submit(actor=world.a.tm, practice=practice)
    practice_publish(actor=world.coordinator, practice=practice)
    practice_archive(actor=world.coordinator, practice=practice)
    # then every step left a version and an audit event
    practice.refresh_from_db()
    assert practice.state == "archived"
    states = list(practice.versions.order_by("number").values_list("state", flat=True))
    assert states == ["submitted", "changes_requested", "submitted", "published", "archived"]
    assert practice.versions.get(number=3).content["evidence"] == "Pass rates +12%"
    events = AuditEvent.objects.filter(entity_type="practices.practice", entity_id=str(practice.pk))
    assert events.count() == 7  # create, update, five transitions


def test_invalid_input_names_fields_and_stores_nothing(world):
    # when
    with pytest.raises(DomainError) as exc:
        practice_create(
            actor=world.a.tm,
            administration=world.a.administration,
            data=make_input(
                title=" ", year=1800, topics=("nonsense",), language="english", competency_ids=(999999,)
            ),
        )
    # then
    fields = {e.field for e in exc.value.errors}
    assert {"title", "year", "topics[0]", "language", "competency_ids[0]"} <= fields
    assert not Practice.objects.exists()


def test_foreign_administration_cannot_create_or_edit(world, make_practice):
    # given
    practice = make_practice("a")
    # when / then
    with pytest.raises(NOT_FOUND):
        practice_create(actor=world.b.tm, administration=world.a.administration, data=make_input())
    with pytest.raises(NOT_FOUND):
        practice_update(actor=world.b.tm, practice=practice, data=make_input(title="Hijack"))
    with pytest.raises(NOT_FOUND):
        practice_submit(actor=world.b.tm, practice=practice)
    practice.refresh_from_db()
    assert practice.title != "Hijack"
    assert practice.state == "draft"


def test_only_focal_point_submits(world, make_practice):
    practice = make_practice("a")
    with pytest.raises(DomainError) as exc:
        practice_submit(actor=world.a.learner, practice=practice)
    assert exc.value.status == 403
    assert Practice.objects.get(pk=practice.pk).state == "draft"


def test_region_cannot_publish_a_draft_nor_can_members_publish(world, make_practice):
    draft = make_practice("a")
    with pytest.raises(DomainError):
        practice_publish(actor=world.coordinator, practice=draft)
    submitted = make_practice("a", state="submitted")
    with pytest.raises(NOT_FOUND):
        practice_publish(actor=world.a.tm, practice=submitted)
    assert Practice.objects.get(pk=submitted.pk).state == "submitted"


def test_published_entry_cannot_be_edited(world, make_practice):
    practice = make_practice("a", state="published")
    with pytest.raises(DomainError) as exc:
        practice_update(actor=world.a.tm, practice=practice, data=make_input(title="Changed"))
    assert exc.value.errors[0].field == "state"


def test_comment_and_translation(world, make_practice):
    practice = make_practice("a", state="submitted")
    comment = practice_comment(actor=world.coordinator, practice=practice, text="Nice")
    assert comment.version == practice.version
    with pytest.raises(DomainError):
        practice_comment(actor=world.coordinator, practice=practice, text="  ")
    t = practice_translation_set(
        actor=world.a.tm, practice=practice, language="ja", title="能力モデル", summary="要約"
    )
    assert t.pk
    practice.refresh_from_db()
    assert "能力モデル" in practice.search_text
