"""Write the content lifecycle: citations of legal editions, reviews, supersession, reminders."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.catalogue.models import Citation, Course, Edition, Module, Notice
from cadre.catalogue.selectors import (
    ObsolescenceItem,
    citable_editions,
    may_edit_owner,
    obsolescence_report_system_wide,
)
from cadre.catalogue.services._common import audit, require_editor, snap
from cadre.core.errors import DomainError, FieldError, invalid


@transaction.atomic
def citation_add(*, actor: Any, item: Course | Module, edition: Edition, note: str = "") -> Citation:
    """Record that a course or module cites an edition of a legal instrument."""
    require_editor(actor=actor, item=item)
    citable = citable_editions(administration_id=item.administration_id, region_id=_region_of(item))
    errors: list[FieldError] = []
    if edition.superseded_by_id is not None:
        errors.append(
            FieldError(
                "edition",
                _("has been superseded by %(superseded_by)s; cite the current edition")
                % {"superseded_by": edition.superseded_by},
            )
        )
    elif not citable.filter(pk=edition.pk).exists():
        errors.append(FieldError("edition", _("is not an instrument this content's owner may cite")))
    if len(note) > 300:
        errors.append(FieldError("note", _("at most 300 characters")))
    target: dict[str, Any] = {"course": item} if isinstance(item, Course) else {"module": item}
    if Citation.objects.filter(edition=edition, **target).exists():
        errors.append(FieldError("edition", _("already cited")))
    if errors:
        raise DomainError(_("Citation not added"), errors)
    citation = Citation.objects.create(edition=edition, note=note.strip(), **target)
    audit(actor=actor, action="create", instance=citation, owner=item)
    return citation


@transaction.atomic
def citation_remove(*, actor: Any, citation: Citation) -> None:
    item = citation.course or citation.module
    require_editor(actor=actor, item=item)
    before = snap(citation)
    citation.delete()
    audit(actor=actor, action="delete", instance=citation, owner=item, before=before)


def _region_of(item: Course | Module) -> int | None:
    return item.region_id or (item.administration.region_id if item.administration is not None else None)


def next_version(version: str) -> str:
    """ "1.0" -> "1.1", "3" -> "4", "2019.9" -> "2019.10"; a version without a final number gains ".1"."""
    match = re.match(r"^(.*?)(\d+)$", version.strip())
    if match is None:
        return f"{version.strip()}.1"
    return f"{match[1]}{int(match[2]) + 1}"


@transaction.atomic
def content_mark_reviewed(
    *, actor: Any, item: Course | Module, bump_version: bool = False, today: dt.date | None = None
) -> Course | Module:
    """A content owner or manager confirms the content is current: last review today, maybe a new version."""
    if not (
        may_edit_owner(user=actor, administration_id=item.administration_id, region_id=item.region_id)
        or (item.owner_id is not None and item.owner_id == getattr(actor, "pk", None))
    ):
        from django.http import Http404

        raise Http404("Not found")
    item = type(item).objects.select_for_update().get(pk=item.pk)
    before = snap(item)
    item.last_reviewed_on = today or timezone.localdate()
    fields = ["last_reviewed_on", "updated_at"]
    if bump_version:
        item.version = next_version(item.version)[:20]
        fields.append("version")
    item.save(update_fields=fields)
    audit(actor=actor, action="update", instance=item, owner=item, before=before)
    return item


@dataclass(frozen=True)
class Supersession:
    edition: Edition
    successor: Edition
    created: bool


@transaction.atomic
def edition_supersede(
    *, actor: Any, edition: Edition, successor_label: str, in_force_from: dt.date | None = None
) -> Supersession:
    """Record that a newer edition (created if new) supersedes ``edition`` from ``in_force_from``.

    Every course and module citing the old edition is then flagged by the obsolescence selectors.
    """
    instrument = edition.instrument
    require_editor(actor=actor, item=instrument)
    label = successor_label.strip()
    errors: list[FieldError] = []
    if edition.superseded_by_id is not None:
        errors.append(
            FieldError(
                "edition",
                _("already superseded by %(superseded_by)s") % {"superseded_by": edition.superseded_by},
            )
        )
    if not label:
        errors.append(FieldError("successor_label", _("required")))
    elif len(label) > 60:
        errors.append(FieldError("successor_label", _("at most 60 characters")))
    elif label == edition.label:
        errors.append(FieldError("successor_label", _("must differ from the superseded edition")))
    successor = instrument.editions.filter(label=label).first() if label else None
    if successor is not None and successor.superseded_by_id is not None:
        errors.append(
            FieldError("successor_label", _("%(successor)s is itself superseded") % {"successor": successor})
        )
    if in_force_from and edition.in_force_from and in_force_from <= edition.in_force_from:
        errors.append(
            FieldError("in_force_from", _("must be after the superseded edition entered into force"))
        )
    if errors:
        raise DomainError(_("Supersession not recorded"), errors)
    created = successor is None
    if successor is None:
        try:
            with transaction.atomic():
                successor = Edition.objects.create(
                    instrument=instrument, label=label, in_force_from=in_force_from
                )
        except IntegrityError:
            raise invalid("successor_label", _("already exists")) from None
        audit(actor=actor, action="create", instance=successor, owner=instrument)
    before = snap(edition)
    edition.superseded_by = successor
    edition.superseded_on = in_force_from or timezone.localdate()
    edition.save(update_fields=["superseded_by", "superseded_on"])
    audit(actor=actor, action="update", instance=edition, owner=instrument, before=before)
    return Supersession(edition, successor, created)


# Reminders ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderRun:
    notices: int
    emails: int


def _notice_for(item: ObsolescenceItem) -> tuple[str, str, str]:
    """(key, message, url) of one flagged item; the key changes when the reason does."""
    row = item.item
    url = reverse(f"catalogue:{item.kind}_detail", args=[row.pk])
    if item.superseded:
        editions = ", ".join(sorted({str(s.edition) for s in item.superseded}))
        key = f"superseded:{item.kind}:{row.pk}:" + ",".join(
            sorted(str(s.edition.pk) for s in item.superseded)
        )
        message = _("%(code)s %(title)s cites %(editions)s, which has been superseded.") % {
            "code": row.code,
            "title": row.title,
            "editions": editions,
        }
        return key, message, url
    key = f"review:{item.kind}:{row.pk}:{item.review.due_on.isoformat()}"
    if item.review.overdue:
        message = _("%(code)s %(title)s was due for review on %(due)s.")
    else:
        message = _("%(code)s %(title)s is due for review on %(due)s.")
    return key, message % {"code": row.code, "title": row.title, "due": item.review.due_on.isoformat()}, url


def review_reminders_send(*, today: dt.date | None = None) -> ReminderRun:
    """Give each owner of flagged content one notice per item and reason, and one email listing the
    new ones. Run again, it sends nothing already sent (notices are keyed).

    Not one transaction: each notice is committed on its own before any email goes out, so a
    failure half-way never leaves an email about a notice that does not exist."""
    report = obsolescence_report_system_wide(today=today or timezone.localdate())
    fresh: dict[Any, list[str]] = defaultdict(list)
    count = 0
    for item in report.items:
        owner = item.owner
        if owner is None or not owner.is_active:
            continue
        key, message, url = _notice_for(item)
        _notice, created = Notice.objects.get_or_create(
            user=owner,
            key=key[:200],
            defaults={"message": message[:500], "url": url, "administration_id": item.item.administration_id},
        )
        if created:
            count += 1
            fresh[owner].append(message)
    emails = 0
    for owner, lines in fresh.items():
        if not owner.email:
            continue
        body = (
            _("Content you own in Cadre needs attention:") + "\n\n" + "\n".join(f"- {line}" for line in lines)
        )
        emails += send_mail(
            subject=_("Cadre: content due for review"),
            message=body,
            from_email=getattr(settings, "DEFAULT_FROM_EMAIL", None),
            recipient_list=[owner.email],
            fail_silently=True,
        )
    return ReminderRun(count, emails)


@transaction.atomic
def notice_mark_read(*, actor: Any, notice: Notice) -> Notice:
    if notice.user_id != getattr(actor, "pk", None):
        from django.http import Http404

        raise Http404("Not found")
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


def notice_send(
    *, user: Any, key: str, message: str, url: str = "", administration_id: int | None = None
) -> Notice | None:
    """Give ``user`` an in-app notice once per ``key``; None when that key was already sent."""
    notice, created = Notice.objects.get_or_create(
        user=user,
        key=key[:200],
        defaults={"message": message[:500], "url": url[:300], "administration_id": administration_id},
    )
    return notice if created else None
