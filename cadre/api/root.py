"""The django-ninja root: authentication, rendering, the error shape, and each app's router.

Every error answers ``{"detail": ..., "errors": [{"field": ..., "reason": ...}]}``: 400 for a
request the domain refuses, 401 without valid credentials, 404 for a missing *or foreign* object
(never 403, which would confirm that a foreign object exists), 422 for input of the wrong shape.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError

from cadre.accounts.api import router as tokens_router
from cadre.api.renderers import ORJSONRenderer
from cadre.api.security import BrowserSessionAuth, TokenAuth
from cadre.catalogue.api import router as catalogue_router
from cadre.cmi5.api import router as cmi5_router
from cadre.community.api import router as community_router
from cadre.competencies.api import (
    assessments_router,
    competencies_router,
    frameworks_router,
    role_profiles_router,
    scales_router,
)
from cadre.core.api import router as audit_router
from cadre.core.errors import DomainError, NotFound
from cadre.delivery.api import router as delivery_router
from cadre.evaluation.api import router as evaluation_router
from cadre.needs.api import router as needs_router
from cadre.people.api import router as officers_router
from cadre.planning.api import router as planning_router
from cadre.practices.api import router as practices_router
from cadre.strategy.api import router as strategy_router
from cadre.tenancy.api import router as org_units_router

api = NinjaAPI(
    title="Cadre API",
    version="1",
    description="Training management for customs administrations. Authenticate with "
    "`Authorization: Bearer <token>` (issue tokens under /tokens) or a browser session (with CSRF). "
    "Lists take `limit` (at most 200) and `offset` and answer `{count, items}`. Errors share one shape: "
    '`{"detail": ..., "errors": [{"field": ..., "reason": ...}]}`.',
    auth=[TokenAuth(), BrowserSessionAuth()],
    renderer=ORJSONRenderer(),
    # Swagger UI from ninja's bundled static files (ninja is in INSTALLED_APPS); no validator badge,
    # which would otherwise call an external service from the reader's browser.
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": True}),
    urls_namespace="api",
)

api.add_router("/frameworks", frameworks_router, tags=["frameworks"])
api.add_router("/competencies", competencies_router, tags=["competencies"])
api.add_router("/scales", scales_router, tags=["scales"])
api.add_router("/role-profiles", role_profiles_router, tags=["role profiles"])
api.add_router("/org-units", org_units_router, tags=["org units"])
api.add_router("/officers", officers_router, tags=["officers"])
api.add_router("/assessments", assessments_router, tags=["assessments"])
api.add_router("/audit", audit_router, tags=["audit"])
api.add_router("/tokens", tokens_router, tags=["tokens"])
api.add_router("/strategy", strategy_router, tags=["strategy"])
api.add_router("/needs", needs_router, tags=["needs"])
api.add_router("/catalogue", catalogue_router, tags=["catalogue"])
api.add_router("/delivery", delivery_router, tags=["delivery"])
api.add_router("/planning", planning_router, tags=["planning"])
api.add_router("/evaluation", evaluation_router, tags=["evaluation"])
api.add_router("/practices", practices_router, tags=["practices"])
api.add_router("/community", community_router, tags=["community"])
api.add_router("/cmi5", cmi5_router, tags=["cmi5"])

_LOCATIONS = frozenset({"body", "query", "path", "header", "cookie", "form", "file"})


def field_name(loc: Iterable[Any], param_names: frozenset[str] = frozenset()) -> str:
    """Turn a pydantic error location into the field name a client sent.

    ``("body", "payload", "requirements", 2, "required_level")`` -> ``requirements[2].required_level``,
    the same spelling the services use for rows of a list.
    """
    parts = list(loc)
    if parts and parts[0] in _LOCATIONS:
        parts = parts[1:]
        if parts and parts[0] in param_names:
            parts = parts[1:]
    name = ""
    for part in parts:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += f".{part}" if name else str(part)
    return name or "body"


def _error(
    request: HttpRequest, status: int, code: str, detail: str, errors: list[dict[str, str]] | None = None
) -> HttpResponse:
    """Every 4xx answers ``{"code", "detail", "field", "errors"}`` (see cadre.core.errors)."""
    errors = errors or []
    body = {"code": code, "detail": detail, "field": errors[0]["field"] if errors else None, "errors": errors}
    return api.create_response(request, body, status=status)


# The names endpoints give their body/filter parameters; they are not part of the client's field names.
_PARAM_NAMES = frozenset({"payload", "filters", "pagination"})


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": field_name(err.get("loc", ()), _PARAM_NAMES), "reason": str(err.get("msg", "invalid"))}
        for err in exc.errors
    ]
    return _error(request, 422, "request.invalid", _("Invalid input"), errors)


@api.exception_handler(NotFound)
def on_domain_not_found(request: HttpRequest, exc: NotFound) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=404)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", _("Not found"))


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _error(request, 401, "auth.required", _("Authentication required"))
    response["WWW-Authenticate"] = 'Bearer realm="cadre"'
    return response


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, _HTTP_CODES.get(exc.status_code, "request.refused"), str(exc))


#: Codes for the refusals endpoints raise as plain ``HttpError`` (no domain error behind them).
_HTTP_CODES = {
    400: "request.invalid",
    401: "auth.required",
    403: "permission.denied",
    404: "not_found",
    405: "method.not_allowed",
    409: "conflict",
    413: "request.too_large",
    429: "rate_limited",
}
