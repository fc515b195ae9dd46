"""Officer pages: the list for managers and supervisors, the profile with its gap chart, HR import."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from cadre.competencies.forms import add_domain_errors
from cadre.competencies.selectors import (
    RequirementStatus,
    officer_assessment_history,
    officer_competency_profile,
)
from cadre.core.charts import GapBar, gap_chart_svg
from cadre.core.errors import DomainError
from cadre.delivery.selectors import officer_completions
from cadre.lrs.selectors import officer_module_progress
from cadre.people.forms import OfficerImportForm
from cadre.people.imports import officer_import_apply, officer_import_preview
from cadre.people.listings import OFFICERS
from cadre.people.models import Officer
from cadre.people.selectors import (
    officer_for_user,
    officer_get_for_user,
    officers_for_list,
)
from cadre.tenancy.access import MANAGERS, access_for
from cadre.tenancy.selectors import (
    administration_get_for_user,
    administrations_for_user,
)

HISTORY_LIMIT = 200


@dataclass(frozen=True)
class RequirementRow:
    status: RequirementStatus
    current_label: str
    required_label: str


def _language_names(codes: list[str]) -> list[str]:
    names = []
    for code in codes:
        try:
            names.append(f"{get_language_info(code)['name_translated']} ({code})")
        except KeyError:
            names.append(code)
    return names


def _profile_page(request: HttpRequest, officer: Officer, *, is_me: bool) -> HttpResponse:
    profile = officer_competency_profile(officer=officer)
    labels = profile.level_labels
    rows = [
        RequirementRow(
            status=s,
            current_label=labels.get(s.current, "") if s.current is not None else "",
            required_label=labels.get(s.requirement.required_level, ""),
        )
        for s in profile.statuses
    ]
    chart = gap_chart_svg(
        bars=[
            GapBar(str(s.requirement.competency.title), s.current, s.requirement.required_level)
            for s in profile.statuses
        ],
        max_level=profile.max_level,
        title=_("Competency gaps of %(name)s") % {"name": officer.full_name},
        description=_(
            "For each competency the position requires: the current level (solid bar) against the "
            "required level (dashed outline), on a scale from 0 to %(max)s."
        )
        % {"max": profile.max_level},
        labels={"current": _("Current"), "required": _("Required"), "not_assessed": _("not yet assessed")},
    )
    return render(
        request,
        "people/officer_detail.html",
        {
            "officer": officer,
            "is_me": is_me,
            "officer_languages": _language_names(list(officer.languages or [])),
            "rows": rows,
            "chart": chart,
            "history": officer_assessment_history(officer=officer)[:HISTORY_LIMIT],
            "completions": officer_completions(officer=officer)[:HISTORY_LIMIT],
            "progress": officer_module_progress(officer=officer)[:HISTORY_LIMIT],
        },
    )


@login_required
def me(request: HttpRequest) -> HttpResponse:
    """The logged-in officer's own profile."""
    officer = officer_for_user(user=request.user)
    if officer is None:
        return render(request, "people/no_officer.html")
    return _profile_page(request, officer, is_me=True)


@login_required
def officer_detail(request: HttpRequest, officer_id: int) -> HttpResponse:
    officer = officer_get_for_user(user=request.user, officer_id=officer_id)
    return _profile_page(request, officer, is_me=officer.user_id == request.user.pk)


@login_required
def officer_list(request: HttpRequest) -> HttpResponseBase:
    """Officers a manager or supervisor looks after, with how many requirements each falls short of."""
    access = access_for(request.user)
    if not access.administration_ids(MANAGERS) and not access.supervised_paths:
        raise Http404("Not found")
    result = OFFICERS.respond(request, officers_for_list(user=request.user))
    if isinstance(result, HttpResponseBase):
        return result
    return render(
        request,
        "people/officer_list.html",
        {"listing": result, "rows": result.rows, "can_import": bool(access.administration_ids(MANAGERS))},
    )


# --- HR import: upload -> dry run -> apply the very file that was previewed --------------------------

_IMPORT_SESSION_KEY = "cadre_officer_import"
_UPLOAD_MAX_AGE = dt.timedelta(hours=12)


def _upload_dir() -> Path:
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _keep_upload(request: HttpRequest, *, administration_id: int, filename: str, content: bytes) -> str:
    """Keep the previewed file server-side so "apply" uses exactly those bytes; return its token."""
    _forget_upload(request)
    folder = _upload_dir()
    cutoff = time.time() - _UPLOAD_MAX_AGE.total_seconds()
    for stale in folder.glob("*.upload"):  # abandoned previews
        with contextlib.suppress(OSError):
            if stale.stat().st_mtime < cutoff:
                stale.unlink()
    token = secrets.token_urlsafe(24)
    (folder / f"{token}.upload").write_bytes(content)
    request.session[_IMPORT_SESSION_KEY] = {
        "token": token,
        "filename": filename,
        "administration_id": administration_id,
        "sha256": hashlib.sha256(content).hexdigest(),
    }
    return token


def _kept_upload(request: HttpRequest, token: str) -> tuple[dict[str, Any], bytes] | None:
    kept = request.session.get(_IMPORT_SESSION_KEY)
    if not kept or not secrets.compare_digest(str(kept.get("token")), token):
        return None
    try:
        content = (_upload_dir() / f"{kept['token']}.upload").read_bytes()
    except OSError:
        return None
    if hashlib.sha256(content).hexdigest() != kept["sha256"]:
        return None
    return kept, content


def _forget_upload(request: HttpRequest) -> None:
    kept = request.session.pop(_IMPORT_SESSION_KEY, None)
    if kept:
        with contextlib.suppress(OSError):
            (_upload_dir() / f"{kept['token']}.upload").unlink()


@login_required
def officer_import(request: HttpRequest) -> HttpResponse:
    """Upload an HR file, see what it would change, then apply it all or nothing."""
    managed = list(administrations_for_user(user=request.user, roles=MANAGERS))
    if not managed:
        raise Http404("Not found")
    if request.method == "POST" and request.POST.get("action") == "apply":
        return _import_apply(request)
    form = OfficerImportForm(request.POST or None, request.FILES or None, administrations=managed)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        administration = administration_get_for_user(
            user=request.user, administration_id=form.cleaned_data["administration"], roles=MANAGERS
        )
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            plan = officer_import_preview(
                actor=request.user, administration=administration, filename=upload.name, content=content
            )
        except DomainError as exc:
            add_domain_errors(form, exc, field_map={"header": "file"})
        else:
            context.update(plan=plan, administration=administration, filename=upload.name)
            if plan.is_valid and (plan.creates or plan.updates):
                context["token"] = _keep_upload(
                    request, administration_id=administration.pk, filename=upload.name, content=content
                )
            return render(request, "people/officer_import.html", context)
    status = 400 if request.method == "POST" else 200
    return render(request, "people/officer_import.html", context, status=status)


def _import_apply(request: HttpRequest) -> HttpResponse:
    kept = _kept_upload(request, request.POST.get("token", ""))
    if kept is None:
        messages.error(request, _("That preview has expired or was already applied: upload the file again."))
        return redirect("people:officer_import")
    info, content = kept
    administration = administration_get_for_user(
        user=request.user, administration_id=info["administration_id"], roles=MANAGERS
    )
    try:
        plan = officer_import_apply(
            actor=request.user, administration=administration, filename=info["filename"], content=content
        )
    except DomainError as exc:
        _forget_upload(request)
        return render(
            request,
            "people/officer_import.html",
            {
                "form": None,
                "apply_error": exc,
                "administration": administration,
                "filename": info["filename"],
            },
            status=400,
        )
    _forget_upload(request)
    messages.success(
        request,
        _(
            "Import applied to %(admin)s: %(created)d officers created, %(updated)d updated, %(same)d unchanged."
        )
        % {
            "admin": administration.name,
            "created": len(plan.creates),
            "updated": len(plan.updates),
            "same": plan.unchanged,
        },
    )
    return redirect("people:officer_list")
