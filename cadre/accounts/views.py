"""Sign-in, password change and the user's settings page with their API tokens."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from cadre.accounts.forms import TokenCreateForm
from cadre.accounts.selectors import account_overview
from cadre.accounts.services import api_token_issue, api_token_revoke


class LoginView(auth_views.LoginView):
    """Django's login: one message for an unknown user and a wrong password alike."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:settings")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


def _signed_in(request: HttpRequest) -> User:
    """The user of a ``login_required`` view (typed: never anonymous here)."""
    return cast(User, request.user)


def _settings_page(request: HttpRequest, form: TokenCreateForm, status: int = 200) -> HttpResponse:
    context = {"overview": account_overview(user=request.user), "token_form": form}
    return render(request, "accounts/settings.html", context, status=status)


@require_GET
@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    return _settings_page(request, TokenCreateForm())


@require_POST
@login_required
@never_cache
def token_create(request: HttpRequest) -> HttpResponse:
    """Issue a token and show its secret in this response only: it is never stored or shown again."""
    form = TokenCreateForm(request.POST)
    if not form.is_valid():
        return _settings_page(request, form, status=400)
    issued = api_token_issue(user=_signed_in(request), name=form.cleaned_data["name"])
    return render(request, "accounts/token_created.html", {"issued": issued})


@require_POST
@login_required
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    if not api_token_revoke(user=_signed_in(request), token_id=token_id):
        raise Http404("Not found")
    messages.success(request, _("The token has been revoked."))
    return redirect("accounts:settings")
