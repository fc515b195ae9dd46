"""Plain Django views under /api/v1/ that sit outside the ninja routers."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt  # it stores nothing, and a CSRF 403 would hide the 404 from a client that mistyped a URL
def not_found(request: HttpRequest) -> JsonResponse:
    """Answer an unknown URL under /api/v1/ in the API's error shape, not with Django's HTML page."""
    return JsonResponse({"code": "not_found", "detail": "Not found", "field": None, "errors": []}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Answer an unexpected failure in the caller's format: JSON under /api/ and /xapi/, else a page.

    Django's default handler answers HTML, which an API client cannot read (with DEBUG off the
    API answered its 500s as an HTML page). The error itself is logged by Django's request logger.
    """
    if request.path.startswith(("/api/", "/xapi/")):
        return JsonResponse(
            {"code": "server.error", "detail": "Internal server error", "field": None, "errors": []},
            status=500,
        )
    return defaults.server_error(request)
