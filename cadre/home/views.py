"""The landing page: each role's work queue."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cadre.home.selectors import home_page


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home/home.html", {"page": home_page(user=request.user)})
