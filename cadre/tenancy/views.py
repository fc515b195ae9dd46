"""Organisation tree and membership pages. Anything outside the caller's scope answers 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cadre.core.errors import DomainError
from cadre.core.forms import add_domain_errors
from cadre.tenancy import selectors
from cadre.tenancy.access import MANAGERS
from cadre.tenancy.forms import AdministrationSettingsForm, MembershipGrantForm, OrgUnitCreateForm
from cadre.tenancy.listings import MEMBERSHIPS, ORG_UNITS
from cadre.tenancy.services import (
    administration_settings_update,
    membership_grant,
    membership_revoke,
    org_unit_create,
)
from cadre.tenancy.types import Role


@require_GET
@login_required
def org_units(request: HttpRequest) -> HttpResponseBase:
    trees = selectors.org_unit_tree_for_user(user=request.user)
    if not trees and not selectors.administrations_for_user(user=request.user, roles=MANAGERS).exists():
        raise Http404("Not found")
    result = ORG_UNITS.respond(request, [row for tree in trees for row in tree.rows])
    if isinstance(result, HttpResponseBase):
        return result
    return render(
        request,
        "tenancy/org_units.html",
        {
            "listing": result,
            "several": len(trees) > 1,
            "in_tree_order": result.sort == "tree",
            "administrations": [tree.administration for tree in trees],
        },
    )


@require_GET
@login_required
def org_unit_detail(request: HttpRequest, org_unit_id: int) -> HttpResponse:
    detail = selectors.org_unit_detail_for_user(user=request.user, org_unit_id=org_unit_id)
    return render(request, "tenancy/org_unit_detail.html", {"detail": detail})


@require_http_methods(["GET", "POST"])
@login_required
def org_unit_new(request: HttpRequest) -> HttpResponse:
    administrations = selectors.administrations_for_user(user=request.user, roles=MANAGERS)
    if not administrations.exists():
        raise Http404("Not found")
    form = OrgUnitCreateForm(
        request.POST or None,
        initial={"parent": request.GET.get("parent")},
        administrations=administrations,
        units=selectors.org_units_for_user(user=request.user, roles=MANAGERS),
    )
    if request.method == "POST" and form.is_valid():
        try:
            unit = org_unit_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Org unit “%(name)s” created.") % {"name": unit.name})
            return redirect("tenancy:org_unit_detail", org_unit_id=unit.pk)
    status = 400 if form.errors else 200
    return render(request, "tenancy/org_unit_form.html", {"form": form}, status=status)


def _membership_scopes(request: HttpRequest) -> dict[str, Any]:
    """The administrations and regions the caller administers; none at all answers 404."""
    scopes = {
        "administrations": selectors.administrations_for_user(
            user=request.user, roles=frozenset({Role.ADMIN})
        ),
        "regions": selectors.regions_administered_by(user=request.user),
    }
    if not (scopes["administrations"].exists() or scopes["regions"].exists()):
        raise Http404("Not found")
    return scopes


@require_GET
@login_required
def memberships(request: HttpRequest) -> HttpResponseBase:
    _membership_scopes(request)
    result = MEMBERSHIPS.respond(request, selectors.memberships_for_user(user=request.user))
    if isinstance(result, HttpResponseBase):
        return result
    return render(request, "tenancy/memberships.html", {"listing": result, "memberships": result.rows})


@require_http_methods(["GET", "POST"])
@login_required
def membership_new(request: HttpRequest) -> HttpResponse:
    scopes = _membership_scopes(request)
    form = MembershipGrantForm(
        request.POST or None,
        units=selectors.org_units_for_user(user=request.user, roles=frozenset({Role.ADMIN})),
        **scopes,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership_grant(
                actor=request.user,
                user=data["username"],
                role=data["role"],
                administration=data.get("administration"),
                region=data.get("region"),
                org_unit=data.get("org_unit"),
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Role granted to %(username)s.") % {"username": data["username"]})
            return redirect("tenancy:memberships")
    status = 400 if form.errors else 200
    return render(request, "tenancy/membership_form.html", {"form": form}, status=status)


@require_POST
@login_required
def membership_remove(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = selectors.membership_get_for_user(user=request.user, membership_id=membership_id)
    membership_revoke(actor=request.user, membership=membership)
    messages.success(request, _("Role revoked from %(username)s.") % {"username": membership.user})
    return redirect("tenancy:memberships")


@require_http_methods(["GET", "POST"])
@login_required
def administration_settings(request: HttpRequest, administration_id: int) -> HttpResponse:
    administration = selectors.administration_get_for_user(
        user=request.user, administration_id=administration_id, roles=MANAGERS
    )
    form = AdministrationSettingsForm(
        request.POST or None,
        initial={"currency": administration.currency, "time_zone": administration.time_zone},
    )
    if request.method == "POST" and form.is_valid():
        try:
            administration_settings_update(
                actor=request.user, administration=administration, **form.cleaned_data
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            # The middleware caches the zone and currency in the session; this user sees the change now.
            request.session.pop("cadre_tz", None)
            request.session.pop("cadre_currency", None)
            messages.success(request, _("Settings of %(name)s saved.") % {"name": administration.name})
            return redirect("tenancy:administration_settings", administration_id=administration.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "tenancy/administration_settings.html",
        {"form": form, "administration": administration},
        status=status,
    )
