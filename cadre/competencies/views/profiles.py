"""Role profile pages: positions with their requirement counts, and the requirements table form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cadre.competencies import services
from cadre.competencies.forms import BaseRequirementFormSet, RequirementFormSet, competency_choices
from cadre.competencies.listings import ROLE_PROFILES
from cadre.competencies.models import Competency, RoleProfile
from cadre.competencies.selectors import (
    competencies_offered_for,
    positions_with_requirement_counts,
    role_profile_get_for_user,
)
from cadre.core.errors import DomainError
from cadre.people.selectors import position_get_for_user
from cadre.tenancy.access import MANAGERS, MEMBERS, access_for


@login_required
def profile_list(request: HttpRequest) -> HttpResponseBase:
    """Positions of the administrations the caller manages, with how many requirements each has."""
    if not access_for(request.user).administration_ids(MANAGERS):
        raise Http404("Not found")
    result = ROLE_PROFILES.respond(request, positions_with_requirement_counts(user=request.user))
    if isinstance(result, HttpResponseBase):
        return result
    return render(request, "competencies/profile_list.html", {"listing": result, "positions": result.rows})


@login_required
@require_POST
def profile_create(request: HttpRequest, position_id: int) -> HttpResponse:
    """Open (creating on first use) the role profile of a position."""
    position = position_get_for_user(user=request.user, position_id=position_id, roles=MANAGERS)
    profile = services.role_profile_for_position(actor=request.user, position=position)
    return redirect("competencies:profile_detail", profile_id=profile.pk)


def _initial(profile: RoleProfile) -> list[dict[str, int]]:
    return [
        {"competency": r.competency_id, "required_level": r.required_level, "criticality": r.criticality}
        for r in profile.requirements.select_related("competency").order_by(
            "competency__sequence", "competency__code"
        )
    ]


@login_required
def profile_detail(request: HttpRequest, profile_id: int) -> HttpResponse:
    """Read a role profile; managers edit its requirements as one table, saved all-or-nothing."""
    # Members may read a profile; only managers of its administration may post to it.
    roles = MANAGERS if request.method == "POST" else MEMBERS
    profile = role_profile_get_for_user(user=request.user, profile_id=profile_id, roles=roles)
    can_edit = access_for(request.user).has_role(profile.administration_id, MANAGERS)
    offered = list(competencies_offered_for(administration_id=profile.administration_id))
    by_id: dict[int, Competency] = {c.pk: c for c in offered}
    for requirement in profile.requirements.select_related("competency__framework__scale"):
        # A requirement on a competency no longer offered stays visible so it can be removed.
        by_id.setdefault(requirement.competency_id, requirement.competency)
    choices = competency_choices(by_id.values())
    formset = RequirementFormSet(
        request.POST or None, initial=_initial(profile), competency_choices=choices, prefix="req"
    )
    general_errors: list[str] = []
    if request.method == "POST" and formset.is_valid():
        wanted: list[services.RequirementInput] = []
        form_of: list[int] = []  # wanted[i] came from formset.forms[form_of[i]]
        for index, form in enumerate(formset.forms):
            data = form.cleaned_data
            if not data or data.get("DELETE") or data.get("competency") is None:
                continue
            wanted.append(
                services.RequirementInput(
                    competency=by_id[data["competency"]],
                    required_level=data["required_level"],
                    criticality=data["criticality"],
                )
            )
            form_of.append(index)
        try:
            services.role_requirements_set(actor=request.user, profile=profile, requirements=wanted)
        except DomainError as exc:
            general_errors = _attach_errors(formset, exc, form_of)
        else:
            messages.success(request, _("Role profile saved."))
            return redirect("competencies:profile_detail", profile_id=profile.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "competencies/profile_detail.html",
        {
            "profile": profile,
            "formset": formset,
            "can_edit": can_edit,
            "general_errors": general_errors,
            "requirements": profile.requirements.select_related("competency").order_by(
                "competency__sequence", "competency__code"
            ),
        },
        status=status,
    )


def _attach_errors(formset: BaseRequirementFormSet, exc: DomainError, form_of: list[int]) -> list[str]:
    """Put ``requirements[i].field`` errors on the row they came from; return the others."""
    general = []
    for error in exc.errors:
        head, _sep, field = error.field.partition(".")
        if head.startswith("requirements[") and head.endswith("]") and head[13:-1].isdigit():
            index = int(head[13:-1])
            if index < len(form_of):
                form = formset.forms[form_of[index]]
                form.add_error(field if field in form.fields else None, error.reason)
                continue
        general.append(f"{error.field}: {error.reason}")
    if not exc.errors:
        general.append(exc.detail)
    return general
