"""Plain Django views under /api/v1/ that sit outside the ninja routers."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt  # it stores nothing, and a CSRF 403 would hide the 404 from a client that mistyped a URL
def not_found(request: HttpRequest) -> JsonResponse:
    """Answer an unknown URL under /api/v1/ in the API's error shape, not with Django's HTML page."""
    return JsonResponse({"detail": "Not found", "errors": []}, status=404)
