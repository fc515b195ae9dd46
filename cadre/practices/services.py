"""Write good practices: drafting, the regional review workflow, versions, attachments.

Workflow: draft --(focal point submits)--> submitted --(regional review)--> changes requested
(back to the administration) or published (visible to every member) --> archived. Every step is
audited, snapshots a version and notifies the people who act next. The focal point of an
administration is its training manager or administration admin (``MANAGERS``); authors are any
of its members.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.catalogue.selectors import courses_visible_to
from cadre.catalogue.services.lifecycle import notice_send
from cadre.catalogue.uploads import upload_check
from cadre.competencies.selectors import competencies_visible_to
from cadre.core.audit import audit_record, snapshot
from cadre.core.errors import DomainError, FieldError, NotFound, invalid
from cadre.practices.models import (
    DeliveryMode,
    Practice,
    PracticeAttachment,
    PracticeTopic,
    PracticeTranslation,
    PracticeVersion,
    ReviewComment,
    Topic,
)
from cadre.practices.search import practice_index, search_text_for
from cadre.tenancy.access import MANAGERS, MEMBERS, Actor, UserLike, access_for, actor_for, require_role
from cadre.tenancy.selectors import users_with_roles
from cadre.tenancy.types import REGIONAL_ROLES

if TYPE_CHECKING:
    from cadre.tenancy.models import Administration

State = Practice.State
TEXT_FIELDS = (
    "title",
    "summary",
    "context",
    "challenge",
    "approach",
    "results",
    "evidence",
    "lessons",
    "transferability",
    "contact",
)
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
_LIMITS = {"title": 300, "contact": 300}


@dataclass(frozen=True)
class PracticeInput:
    title: str
    year: int
    summary: str
    language: str = "en"
    context: str = ""
    challenge: str = ""
    approach: str = ""
    results: str = ""
    evidence: str = ""
    lessons: str = ""
    transferability: str = ""
    contact: str = ""
    delivery_mode: str = ""
    topics: tuple[str, ...] = ()
    competency_ids: tuple[int, ...] = ()
    course_ids: tuple[int, ...] = ()


def _check(actor: Actor, data: PracticeInput) -> list[FieldError]:
    errors: list[FieldError] = []
    for name in TEXT_FIELDS:
        value = getattr(data, name)
        if not isinstance(value, str):
            errors.append(FieldError(name, _("must be text")))
        elif name in _LIMITS and len(value) > _LIMITS[name]:
            errors.append(FieldError(name, _("at most %(max)s characters") % {"max": _LIMITS[name]}))
    if not data.title.strip():
        errors.append(FieldError("title", _("required")))
    if not data.summary.strip():
        errors.append(FieldError("summary", _("required")))
    this_year = timezone.now().year
    if not isinstance(data.year, int) or not 1950 <= data.year <= this_year + 1:
        errors.append(
            FieldError("year", _("must be a year between 1950 and %(max)s") % {"max": this_year + 1})
        )
    if not _LANGUAGE.match(data.language or ""):
        errors.append(FieldError("language", _("must be an ISO 639-1 code such as en, ja, zh or th")))
    if data.delivery_mode not in DeliveryMode.values:
        errors.append(FieldError("delivery_mode", _("unknown delivery mode")))
    if not data.topics:
        errors.append(FieldError("topics", _("choose at least one topic")))
    for i, topic in enumerate(data.topics):
        if topic not in Topic.values:
            errors.append(FieldError(f"topics[{i}]", _("unknown topic")))
    visible_comps = set(
        competencies_visible_to(user=actor).filter(id__in=data.competency_ids).values_list("id", flat=True)
    )
    for i, cid in enumerate(data.competency_ids):
        if cid not in visible_comps:
            errors.append(FieldError(f"competency_ids[{i}]", _("not found")))
    visible_courses = set(
        courses_visible_to(user=actor).filter(id__in=data.course_ids).values_list("id", flat=True)
    )
    for i, cid in enumerate(data.course_ids):
        if cid not in visible_courses:
            errors.append(FieldError(f"course_ids[{i}]", _("not found")))
    return errors


def _apply(practice: Practice, data: PracticeInput) -> None:
    for name in TEXT_FIELDS:
        setattr(practice, name, getattr(data, name).strip())
    practice.year = data.year
    practice.language = data.language
    practice.delivery_mode = data.delivery_mode


def _relations(practice: Practice, data: PracticeInput) -> None:
    PracticeTopic.objects.filter(practice=practice).exclude(topic__in=data.topics).delete()
    have = set(practice.topic_rows.values_list("topic", flat=True))
    PracticeTopic.objects.bulk_create(
        [PracticeTopic(practice=practice, topic=t) for t in dict.fromkeys(data.topics) if t not in have]
    )
    practice.competencies.set(data.competency_ids)
    practice.courses.set(data.course_ids)


def _reindex(practice: Practice) -> None:
    translations = list(practice.translations.all())
    practice.search_text = search_text_for(practice, translations)
    practice.save(update_fields=["search_text"])
    practice_index(practices=[practice])


def _url(practice: Practice) -> str:
    return reverse("practices:detail", args=[practice.pk])


def _content(practice: Practice) -> dict[str, Any]:
    content = snapshot(practice, fields=[*TEXT_FIELDS, "year", "language", "delivery_mode"])
    content["topics"] = sorted(practice.topic_rows.values_list("topic", flat=True))
    content["competency_ids"] = sorted(practice.competencies.values_list("id", flat=True))
    content["course_ids"] = sorted(practice.courses.values_list("id", flat=True))
    content["translations"] = {
        t.language: {"title": t.title, "summary": t.summary, "body": t.body}
        for t in practice.translations.all()
    }
    return content


def _version(actor: Actor, practice: Practice) -> PracticeVersion:
    number = (practice.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = PracticeVersion.objects.create(
        practice=practice,
        number=number,
        state=practice.state,
        content=_content(practice),
        created_by_id=actor.user_id,
    )
    practice.version = number
    practice.save(update_fields=["version"])
    return version


def _refuse_state(practice: Practice, allowed: Iterable[str]) -> DomainError:
    return DomainError(
        detail=_("Not allowed at this state"),
        errors=[
            FieldError(
                "state",
                _("is %(state)s; needs one of %(allowed)s")
                % {
                    "state": practice.get_state_display().lower(),
                    "allowed": ", ".join(str(Practice.State(s).label).lower() for s in allowed),
                },
            )
        ],
        status=409,
        code="practice.state_not_allowed",
    )


def _lock(practice: Practice) -> Practice:
    return Practice.objects.select_for_update().select_related("administration").get(pk=practice.pk)


@transaction.atomic
def practice_create(
    *, actor: Actor | UserLike, administration: Administration, data: PracticeInput
) -> Practice:
    """Start a draft in one of the actor's administrations."""
    actor = actor_for(actor)
    require_role(user=actor, administration_id=administration.pk, roles=MEMBERS)
    errors = _check(actor, data)
    if errors:
        raise DomainError(_("Invalid practice"), errors, code="practice.invalid")
    practice = Practice(administration=administration, author_id=actor.user_id)
    _apply(practice, data)
    practice.save()
    _relations(practice, data)
    _reindex(practice)
    audit_record(actor=actor.user, action="create", instance=practice, after=_content(practice))
    return practice


@transaction.atomic
def practice_update(*, actor: Actor | UserLike, practice: Practice, data: PracticeInput) -> Practice:
    """Change a draft (or an entry sent back for changes) of the actor's administration."""
    actor = actor_for(actor)
    practice = _lock(practice)
    require_role(user=actor, administration_id=practice.administration_id, roles=MEMBERS)
    if practice.state not in (State.DRAFT, State.CHANGES_REQUESTED):
        raise _refuse_state(practice, (State.DRAFT, State.CHANGES_REQUESTED))
    errors = _check(actor, data)
    if errors:
        raise DomainError(_("Invalid practice"), errors, code="practice.invalid")
    before = _content(practice)
    _apply(practice, data)
    practice.save()
    _relations(practice, data)
    _reindex(practice)
    audit_record(
        actor=actor.user, action="update", instance=practice, before=before, after=_content(practice)
    )
    return practice


@transaction.atomic
def practice_translation_set(
    *, actor: Actor | UserLike, practice: Practice, language: str, title: str, summary: str, body: str = ""
) -> PracticeTranslation:
    """Add or replace a translation; allowed to the owning administration at any state but archived."""
    actor = actor_for(actor)
    practice = _lock(practice)
    require_role(user=actor, administration_id=practice.administration_id, roles=MEMBERS)
    if practice.state == State.ARCHIVED:
        raise _refuse_state(
            practice, (State.DRAFT, State.CHANGES_REQUESTED, State.SUBMITTED, State.PUBLISHED)
        )
    errors = []
    if not _LANGUAGE.match(language or ""):
        errors.append(FieldError("language", _("must be an ISO 639-1 code such as en, ja, zh or th")))
    elif language == practice.language:
        errors.append(FieldError("language", _("is the original language of the entry")))
    if not title.strip():
        errors.append(FieldError("title", _("required")))
    elif len(title) > 300:
        errors.append(FieldError("title", _("at most 300 characters")))
    if not summary.strip():
        errors.append(FieldError("summary", _("required")))
    if errors:
        raise DomainError(_("Invalid translation"), errors, code="practice_translation.invalid")
    translation, created = PracticeTranslation.objects.update_or_create(
        practice=practice,
        language=language,
        defaults={"title": title.strip(), "summary": summary.strip(), "body": body.strip()},
    )
    _reindex(practice)
    audit_record(
        actor=actor.user,
        action="create" if created else "update",
        instance=translation,
        after=snapshot(translation),
        administration_id=practice.administration_id,
    )
    return translation


def _regional(actor: Actor, practice: Practice) -> None:
    if practice.administration.region_id not in access_for(actor).region_ids(REGIONAL_ROLES):
        raise NotFound(code="practice.not_found")


def _transition(actor: Actor, practice: Practice, state: str) -> None:
    before = snapshot(practice, fields=["state", "published_at", "version"])
    practice.state = state
    if state == State.PUBLISHED:
        practice.published_at = timezone.now()
    practice.save(update_fields=["state", "published_at", "updated_at"])
    _version(actor, practice)
    audit_record(
        actor=actor.user,
        action="update",
        instance=practice,
        before=before,
        after=snapshot(practice, fields=["state", "published_at", "version"]),
    )


def _notify(
    users: list[Any], practice: Practice, message: str, step: str, administration_id: int | None
) -> None:
    key = f"practice:{practice.pk}:v{practice.version}:{step}"
    for user in {u.pk: u for u in users}.values():
        notice_send(
            user=user, key=key, message=message, url=_url(practice), administration_id=administration_id
        )


def _notify_region(practice: Practice, message: str, step: str) -> None:
    users = users_with_roles(roles=REGIONAL_ROLES, region_id=practice.administration.region_id)
    _notify(users, practice, message, step, None)


def _notify_administration(practice: Practice, message: str, step: str) -> None:
    users = users_with_roles(roles=MANAGERS, administration_id=practice.administration_id)
    if practice.author_id:
        users.append(practice.author)
    _notify(users, practice, message, step, practice.administration_id)


@transaction.atomic
def practice_submit(*, actor: Actor | UserLike, practice: Practice) -> Practice:
    """The administration's focal point sends the entry to regional review."""
    actor = actor_for(actor)
    practice = _lock(practice)
    require_role(user=actor, administration_id=practice.administration_id, roles=MEMBERS)
    if not access_for(actor).has_role(practice.administration_id, MANAGERS):
        raise DomainError(
            _("Only the focal point may submit"),
            [FieldError("actor", _("not the administration's focal point"))],
            403,
            code="practice.submit_not_focal_point",
        )
    if practice.state not in (State.DRAFT, State.CHANGES_REQUESTED):
        raise _refuse_state(practice, (State.DRAFT, State.CHANGES_REQUESTED))
    _transition(actor, practice, State.SUBMITTED)
    _notify_region(
        practice,
        _("%(admin)s submitted the good practice “%(title)s” for review.")
        % {"admin": practice.administration.name, "title": practice.title},
        "submitted",
    )
    return practice


def _comment(actor: Actor, practice: Practice, kind: str, text: str) -> ReviewComment:
    comment = ReviewComment.objects.create(
        practice=practice, author_id=actor.user_id, kind=kind, text=text.strip(), version=practice.version
    )
    audit_record(
        actor=actor.user,
        action="create",
        instance=comment,
        after=snapshot(comment),
        administration_id=practice.administration_id,
    )
    return comment


@transaction.atomic
def practice_comment(*, actor: Actor | UserLike, practice: Practice, text: str) -> ReviewComment:
    """A review comment by the region or the administration's focal point while under review."""
    actor = actor_for(actor)
    practice = _lock(practice)
    regional = practice.administration.region_id in access_for(actor).region_ids(REGIONAL_ROLES)
    focal = access_for(actor).has_role(practice.administration_id, MANAGERS)
    if not (regional or focal):
        _regional(actor, practice)
    if practice.state not in (State.SUBMITTED, State.CHANGES_REQUESTED):
        raise _refuse_state(practice, (State.SUBMITTED, State.CHANGES_REQUESTED))
    if not text.strip():
        raise invalid("text", _("required"), code="review_comment.text_required")
    comment = _comment(actor, practice, ReviewComment.Kind.COMMENT, text)
    message = _("New review comment on “%(title)s”.") % {"title": practice.title}
    if regional:
        _notify_administration(practice, message, f"comment:{comment.pk}")
    else:
        _notify_region(practice, message, f"comment:{comment.pk}")
    return comment


@transaction.atomic
def practice_request_changes(*, actor: Actor | UserLike, practice: Practice, text: str) -> Practice:
    """The regional reviewer sends the entry back to its administration with what to change."""
    actor = actor_for(actor)
    practice = _lock(practice)
    _regional(actor, practice)
    if practice.state != State.SUBMITTED:
        raise _refuse_state(practice, (State.SUBMITTED,))
    if not text.strip():
        raise invalid("text", _("say what should change"), code="review_comment.changes_required")
    _comment(actor, practice, ReviewComment.Kind.CHANGES_REQUESTED, text)
    _transition(actor, practice, State.CHANGES_REQUESTED)
    _notify_administration(
        practice, _("Changes were requested on “%(title)s”.") % {"title": practice.title}, "changes"
    )
    return practice


@transaction.atomic
def practice_publish(*, actor: Actor | UserLike, practice: Practice, note: str = "") -> Practice:
    """The regional reviewer publishes a submitted entry to every member of the region."""
    actor = actor_for(actor)
    practice = _lock(practice)
    _regional(actor, practice)
    if practice.state != State.SUBMITTED:
        raise _refuse_state(practice, (State.SUBMITTED,))
    if note.strip():
        _comment(actor, practice, ReviewComment.Kind.PUBLISHED, note)
    _transition(actor, practice, State.PUBLISHED)
    _notify_administration(
        practice,
        _("“%(title)s” is published in the Good Practices Collection.") % {"title": practice.title},
        "published",
    )
    return practice


@transaction.atomic
def practice_archive(*, actor: Actor | UserLike, practice: Practice) -> Practice:
    actor = actor_for(actor)
    practice = _lock(practice)
    _regional(actor, practice)
    if practice.state != State.PUBLISHED:
        raise _refuse_state(practice, (State.PUBLISHED,))
    _transition(actor, practice, State.ARCHIVED)
    return practice


@dataclass(frozen=True)
class Upload:
    data: IO[bytes]
    name: str
    size: int


@transaction.atomic
def practice_attachment_add(
    *, actor: Actor | UserLike, practice: Practice, upload: Upload
) -> PracticeAttachment:
    """Attach a file (checked like every upload) to an entry the administration may still edit."""
    actor = actor_for(actor)
    practice = _lock(practice)
    require_role(user=actor, administration_id=practice.administration_id, roles=MEMBERS)
    if practice.state not in (State.DRAFT, State.CHANGES_REQUESTED):
        raise _refuse_state(practice, (State.DRAFT, State.CHANGES_REQUESTED))
    checked = upload_check(data=upload.data, name=upload.name, size=upload.size, field="file")
    stored = default_storage.save(
        f"practices/{timezone.now().year}/{uuid.uuid4().hex}{checked.extension}", upload.data
    )
    try:
        attachment = PracticeAttachment.objects.create(
            practice=practice,
            file=stored,
            name=checked.display_name,
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by_id=actor.user_id,
        )
    except Exception:
        default_storage.delete(stored)
        raise
    audit_record(
        actor=actor.user,
        action="create",
        instance=attachment,
        after=snapshot(attachment, fields=["practice", "name", "content_type", "size"]),
        administration_id=practice.administration_id,
    )
    return attachment


def practice_input_from(practice: Practice) -> PracticeInput:
    """The entry's current content as an input (a starting point for an edit)."""
    return PracticeInput(
        **{name: getattr(practice, name) for name in TEXT_FIELDS},
        year=practice.year,
        language=practice.language,
        delivery_mode=practice.delivery_mode,
        topics=tuple(practice.topic_rows.values_list("topic", flat=True)),
        competency_ids=tuple(practice.competencies.values_list("id", flat=True)),
        course_ids=tuple(practice.courses.values_list("id", flat=True)),
    )
