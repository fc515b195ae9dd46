"""Write translations: all fields of one record at once, audited; a blank text removes one."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from cadre.core.audit import audit_record
from cadre.core.errors import DomainError, FieldError
from cadre.tenancy.access import Actor, UserLike, actor_for
from cadre.translations.hooks import TranslatableKind
from cadre.translations.models import TranslatedText

MAX_LENGTH = 20_000


@transaction.atomic
def translations_save(
    *, actor: Actor | UserLike, kind: TranslatableKind, record: Any, texts: dict[tuple[str, str], str]
) -> int:
    """Store ``texts[(field, language)]`` for the record; return how many texts changed.

    All or nothing: an unknown field or language, or a text past the limit, changes nothing.
    """
    actor = actor_for(actor)
    languages = {code for code, _name in settings.LANGUAGES}
    errors = []
    for field, language in texts:
        if field not in kind.fields:
            errors.append(FieldError(f"{field}.{language}", _("unknown field")))
        elif language not in languages:
            errors.append(FieldError(f"{field}.{language}", _("unknown language")))
        elif len(texts[(field, language)]) > MAX_LENGTH:
            errors.append(
                FieldError(
                    f"{field}.{language}", _("longer than %(n)s characters") % {"n": f"{MAX_LENGTH:,}"}
                )
            )
    if errors:
        raise DomainError(_("Translations not saved"), errors, code="translation.invalid_texts")
    administration_id, region_id = kind.owner(record)
    existing = {
        (t.field, t.language): t for t in TranslatedText.objects.filter(kind=kind.key, record_id=record.pk)
    }
    before: dict[str, str] = {f"{f}.{lang}": t.text for (f, lang), t in existing.items()}
    after = dict(before)
    changed = 0
    for (field, language), raw in texts.items():
        text = raw.strip()
        row = existing.get((field, language))
        key = f"{field}.{language}"
        if not text:
            if row is not None:
                row.delete()
                after.pop(key, None)
                changed += 1
            continue
        if row is None:
            TranslatedText.objects.create(
                kind=kind.key,
                record_id=record.pk,
                field=field,
                language=language,
                text=text,
                administration_id=administration_id,
                region_id=region_id,
                updated_by_id=actor.user_id,
            )
        elif row.text != text:
            row.text, row.updated_by_id = text, actor.user_id
            row.save(update_fields=["text", "updated_by", "updated_at"])
        else:
            continue
        after[key] = text
        changed += 1
    if changed:
        audit_record(
            actor=actor.user,
            action="update",
            instance=record,
            before={"translations": before},
            after={"translations": after},
            administration_id=administration_id,
            region_id=region_id,
        )
    return changed
