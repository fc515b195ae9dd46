"""The landing page (each role's work queue) and the site's icon."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from cadre.home.selectors import home_page

FAVICON = Path(__file__).resolve().parents[1] / "core" / "static" / "cadre" / "favicon.svg"


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home/home.html", {"page": home_page(user=request.user)})


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    """The icon pages link as ``<link rel=icon>``, also answered at /favicon.ico (an SVG)."""
    return HttpResponse(FAVICON.read_bytes(), content_type="image/svg+xml")
