"""Write microlearning modules: at most 15 minutes; an uploaded file, a link or an xAPI activity."""

from __future__ import annotations

import uuid
from typing import IO, Any
from urllib.parse import urlsplit

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.catalogue.models import Course, LifecycleStatus, Module
from cadre.catalogue.selectors import competencies_for_owner
from cadre.catalogue.services._common import audit, require_editor, snap
from cadre.catalogue.services.courses import languages_clean, owner_errors
from cadre.catalogue.uploads import CheckedUpload, upload_check
from cadre.core.errors import DomainError, FieldError, invalid
from cadre.tenancy.models import Administration, Region

MODULE_FIELDS = frozenset(
    {
        "code",
        "title",
        "description",
        "kind",
        "minutes",
        "url",
        "activity_iri",
        "pass_mark",
        "languages",
        "owner",
        "version",
        "status",
        "last_reviewed_on",
        "review_interval_months",
        "sequence",
    }
)
MAX_MINUTES = 15


class Upload:
    """A file as the client sent it: the bytes, the name it gave, the size."""

    def __init__(self, data: IO[bytes], name: str, size: int) -> None:
        self.data, self.name, self.size = data, name, size

    @classmethod
    def from_django(cls, uploaded: Any) -> Upload:
        return cls(uploaded, uploaded.name or "", uploaded.size or 0)


def _web_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def _site_path(value: str) -> bool:
    """A path on this site (``/static/...``), where Cadre serves shipped activities."""
    return value.startswith("/") and not value.startswith("//")


def _owner_of(module: Module) -> dict[str, Any]:
    return {"administration_id": module.administration_id, "region_id": module.region_id}


def _module_errors(module: Module, changed: set[str], has_file: bool) -> list[FieldError]:
    errors = [
        FieldError(name, _("cannot be set here"))
        for name in sorted(changed - MODULE_FIELDS - {"competencies"})
    ]
    module.code = str(module.code or "").strip()
    module.title = str(module.title or "").strip()
    if not module.code:
        errors.append(FieldError("code", _("required")))
    elif len(module.code) > 40:
        errors.append(FieldError("code", _("at most 40 characters")))
    elif Module.objects.filter(code=module.code, **_owner_of(module)).exclude(pk=module.pk).exists():
        errors.append(FieldError("code", _("already used by another module of this owner")))
    if not module.title:
        errors.append(FieldError("title", _("required")))
    if not isinstance(module.minutes, int) or not 1 <= module.minutes <= MAX_MINUTES:
        errors.append(
            FieldError(
                "minutes", _("a microlearning module lasts 1 to %(max)s minutes") % {"max": MAX_MINUTES}
            )
        )
    if module.status not in LifecycleStatus.values:
        errors.append(
            FieldError(
                "status", _("must be one of %(choices)s") % {"choices": ", ".join(LifecycleStatus.values)}
            )
        )
    if not 1 <= (module.review_interval_months or 0) <= 120:
        errors.append(FieldError("review_interval_months", _("must be between 1 and 120 months")))
    if not str(module.version or "").strip():
        errors.append(FieldError("version", _("required")))
    if module.last_reviewed_on and module.last_reviewed_on > timezone.localdate():
        errors.append(FieldError("last_reviewed_on", _("cannot be in the future")))
    module.languages = languages_clean(module.languages, errors)
    module.url = str(module.url or "").strip()
    module.activity_iri = str(module.activity_iri or "").strip()
    if module.kind == Module.Kind.FILE:
        if not has_file:
            errors.append(FieldError("file", _("upload the module's file")))
    elif module.kind == Module.Kind.LINK:
        if not _web_url(module.url):
            errors.append(FieldError("url", _("must be an http or https address")))
    elif module.kind == Module.Kind.XAPI:
        if not _web_url(module.activity_iri):
            errors.append(
                FieldError("activity_iri", _("must be an absolute http(s) IRI identifying the activity"))
            )
        if module.url and not (_web_url(module.url) or _site_path(module.url)):
            errors.append(FieldError("url", _("must be an http(s) address or a path on this site")))
    else:
        errors.append(
            FieldError("kind", _("must be one of %(choices)s") % {"choices": ", ".join(Module.Kind.values)})
        )
    if module.pass_mark is not None and not (module.kind == Module.Kind.XAPI and 0 <= module.pass_mark <= 1):
        errors.append(
            FieldError("pass_mark", _("an xAPI activity's pass mark is a scaled score from 0 to 1"))
        )
    if "owner" in changed:
        errors += owner_errors(
            owner=module.owner, administration_id=module.administration_id, region_id=module.region_id
        )
    return errors


def _competencies(module: Module, competencies: list[Any], errors: list[FieldError]) -> list[int]:
    usable = set(
        competencies_for_owner(
            administration_id=module.administration_id, region_id=module.region_id
        ).values_list("pk", flat=True)
    )
    ids = []
    for i, competency in enumerate(competencies):
        if competency.pk not in usable:
            errors.append(FieldError(f"competencies[{i}]", _("not in a framework this module's owner uses")))
        ids.append(competency.pk)
    return ids


def _store(upload: Upload, checked: CheckedUpload) -> str:
    """Save the bytes under a random name in MEDIA_ROOT: the client's name never reaches the disk."""
    year = timezone.now().year
    return default_storage.save(f"modules/{year}/{uuid.uuid4().hex}{checked.extension}", upload.data)


def _attach(module: Module, upload: Upload | None, errors: list[FieldError]) -> CheckedUpload | None:
    """Check the upload of a file module, adding any refusal to ``errors``."""
    if upload is None or module.kind != Module.Kind.FILE:
        return None
    try:
        return upload_check(data=upload.data, name=upload.name, size=upload.size, field="file")
    except DomainError as exc:
        errors.extend(exc.errors)
        return None


def _save_with_file(module: Module, upload: Upload | None, checked: CheckedUpload | None) -> None:
    stored = None
    if upload is not None and checked is not None:
        stored = _store(upload, checked)
        module.file.name = stored
        module.file_name, module.content_type, module.file_size = (
            checked.display_name,
            checked.content_type,
            checked.size,
        )
    try:
        module.save()
    except Exception:
        if stored:
            default_storage.delete(stored)
        raise


@transaction.atomic
def module_create(
    *,
    actor: Any,
    administration: Administration | None = None,
    region: Region | None = None,
    course: Course | None = None,
    upload: Upload | None = None,
    competencies: list[Any] | None = None,
    **fields: Any,
) -> Module:
    """Create a module for an administration or the region, optionally inside one of its courses."""
    if course is not None:
        administration, region = course.administration, course.region
    if (administration is None) == (region is None):
        raise invalid("owner", _("a module belongs to exactly one administration or one region"))
    module = Module(administration=administration, region=region, course=course)
    require_editor(actor=actor, item=module)
    fields.setdefault("owner", actor if getattr(actor, "is_authenticated", False) else None)
    for name, value in fields.items():
        if name in MODULE_FIELDS:
            setattr(module, name, value)
    errors = _module_errors(module, set(fields), has_file=upload is not None)
    competency_ids = _competencies(module, competencies or [], errors)
    checked = _attach(module, upload, errors)
    if errors:
        raise DomainError(_("Module not created"), errors)
    if course is not None and "sequence" not in fields:
        last = course.modules.aggregate(top=Max("sequence"))["top"]
        module.sequence = (last or 0) + 1
    _save_with_file(module, upload, checked)
    module.competencies.set(competency_ids)
    audit(actor=actor, action="create", instance=module, owner=module)
    return module


@transaction.atomic
def module_update(
    *,
    actor: Any,
    module: Module,
    upload: Upload | None = None,
    competencies: list[Any] | None = None,
    **fields: Any,
) -> Module:
    """Change a module's fields (and optionally replace its file); nothing is saved on an error."""
    require_editor(actor=actor, item=module)
    module = Module.objects.select_for_update().get(pk=module.pk)
    before = snap(module)
    for name, value in fields.items():
        if name in MODULE_FIELDS:
            setattr(module, name, value)
    errors = _module_errors(module, set(fields), has_file=upload is not None or bool(module.file))
    competency_ids = _competencies(module, competencies, errors) if competencies is not None else None
    checked = _attach(module, upload, errors)
    if errors:
        raise DomainError(_("Module not saved"), errors)
    _save_with_file(module, upload if checked else None, checked)
    if competency_ids is not None:
        module.competencies.set(competency_ids)
    audit(actor=actor, action="update", instance=module, owner=module, before=before)
    return module


@transaction.atomic
def module_move(*, actor: Any, module: Module, direction: str) -> Module:
    """Move a module one place up or down within its course (swapping with its neighbour)."""
    require_editor(actor=actor, item=module)
    if module.course_id is None:
        raise invalid("module", _("a standalone module has no order"))
    if direction not in {"up", "down"}:
        raise invalid("direction", _("must be up or down"))
    siblings = list(
        Module.objects.select_for_update()
        .filter(course_id=module.course_id)
        .order_by("sequence", "code", "pk")
    )
    index = next(i for i, m in enumerate(siblings) if m.pk == module.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return module
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, row in enumerate(siblings, start=1):
        if row.sequence != position:
            before = snap(row)
            row.sequence = position
            row.save(update_fields=["sequence", "updated_at"])
            audit(actor=actor, action="update", instance=row, owner=row, before=before)
    return next(m for m in siblings if m.pk == module.pk)
