"""The LRS credentials page: administration managers issue and revoke clients and see kept records."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from cadre.core.errors import DomainError
from cadre.lrs.listings import CLIENTS
from cadre.lrs.models import Scope
from cadre.lrs.selectors import (
    administrations_managed_by,
    lrs_client_get_for_user,
    lrs_clients_for_user,
    outbox_unmatched_for_user,
)
from cadre.lrs.services.clients import lrs_client_create, lrs_client_revoke
from cadre.tenancy.access import Actor, actor_for

if TYPE_CHECKING:
    from cadre.tenancy.models import Administration


class ClientForm(forms.Form):
    # The choices are the actor's managed administrations, set per request in __init__.
    administration: forms.ModelChoiceField[Administration] = forms.ModelChoiceField(
        queryset=None, label=_("Administration")
    )
    name = forms.CharField(max_length=120, label=_("Tool name"))
    scopes = forms.MultipleChoiceField(
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        label=_("Scopes"),
        initial=[Scope.STATEMENTS_WRITE, Scope.STATEMENTS_READ_MINE, Scope.STATE],
    )
    rate_limit_per_minute = forms.IntegerField(
        min_value=1, max_value=1_000_000, initial=6000, label=_("Requests per minute")
    )

    def __init__(self, *args: object, actor: Actor, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["administration"]
        field.queryset = administrations_managed_by(actor=actor)  # type: ignore[attr-defined]


def _page(
    request: HttpRequest, form: ClientForm, issued: object = None, status: int = 200
) -> HttpResponseBase:
    actor = actor_for(request.user)
    listing = CLIENTS.respond(request, lrs_clients_for_user(actor=actor))
    if isinstance(listing, HttpResponseBase):
        return listing
    context = {
        "listing": listing,
        "unmatched": outbox_unmatched_for_user(actor=actor)[:20],
        "form": form,
        "issued": issued,
        "endpoint": request.build_absolute_uri("/xapi/"),
    }
    return render(request, "lrs/clients.html", context, status=status)


@login_required
def clients(request: HttpRequest) -> HttpResponseBase:
    actor = actor_for(request.user)
    if not administrations_managed_by(actor=actor).exists():
        raise Http404("Not found")
    if request.method != "POST":
        return _page(request, ClientForm(actor=actor))
    form = ClientForm(request.POST, actor=actor)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        issued = lrs_client_create(
            actor=actor,
            administration=form.cleaned_data["administration"],
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            rate_limit_per_minute=form.cleaned_data["rate_limit_per_minute"],
        )
    except DomainError as exc:
        for error in exc.errors:
            form.add_error(error.field if error.field in form.fields else None, error.reason)
        return _page(request, form, status=400)
    return _page(request, ClientForm(actor=actor), issued=issued)


@login_required
@require_POST
def client_revoke(request: HttpRequest, client_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    client = lrs_client_get_for_user(actor=actor, client_id=client_id)
    with contextlib.suppress(DomainError):  # already revoked: the list shows it
        lrs_client_revoke(actor=actor, client=client)
    return redirect("lrs:clients")
