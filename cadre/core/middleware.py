"""Request middleware: services' NotFound answered as the site's ordinary 404 page."""

from __future__ import annotations

from collections.abc import Callable

from django.core.handlers.exception import response_for_exception
from django.http import Http404, HttpRequest, HttpResponse

from cadre.core.errors import NotFound


class NotFoundMiddleware:
    """Answer a service's ``NotFound`` with the site's ordinary 404 page (as ``Http404`` would)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotFound):
            return response_for_exception(request, Http404(exception.detail))
        return None
