"""The xAPI request envelope: CORS, alternate request syntax, credentials, version, limits, errors."""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from cadre.core.errors import DomainError, FieldError
from cadre.lrs.auth import client_authenticate, launch_credential_authenticate, rate_limiter
from cadre.lrs.errors import XapiError
from cadre.lrs.models import LrsClient

SUPPORTED_VERSIONS = frozenset({"1.0", "1.0.0", "1.0.1", "1.0.2", "1.0.3", "2.0", "2.0.0"})
ABOUT_VERSIONS = ["1.0.3", "2.0.0"]
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "HEAD, GET, POST, PUT, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": (
        "Origin, Content-Type, Content-Length, Authorization, Accept, Accept-Language, If-Match, If-None-Match, "
        "X-Experience-API-Version, X-Requested-With"
    ),
    "Access-Control-Expose-Headers": (
        "ETag, Last-Modified, Content-Type, X-Experience-API-Version, X-Experience-API-Consistent-Through"
    ),
    "Access-Control-Max-Age": "86400",
}
ALTERNATE_HEADERS = {
    "authorization": "authorization",
    "x-experience-api-version": "x-experience-api-version",
    "content-type": "content-type",
    "content-length": "content-length",
    "if-match": "if-match",
    "if-none-match": "if-none-match",
}


def default_version() -> str:
    """The version answered when a request names none (an LRS can only claim one)."""
    return str(
        getattr(settings, "CADRE_LRS_DEFAULT_VERSION", "")
        or os.environ.get("CADRE_LRS_DEFAULT_VERSION", "2.0.0")
    )


def max_body_bytes() -> int:
    return int(getattr(settings, "CADRE_LRS_MAX_BODY_BYTES", 16 * 1024 * 1024))


@dataclass
class XapiRequest:
    method: str
    params: dict[str, str]
    headers: dict[str, str]
    body: bytes
    client: LrsClient | None = None
    version: str = "2.0.0"
    raw: HttpRequest | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def caller(self) -> LrsClient:
        """The authenticated client (every resource but about requires one)."""
        if self.client is None:
            raise XapiError(401, "Authentication required")
        return self.client

    @property
    def major(self) -> int:
        return 2 if self.version.startswith("2") else 1

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def media_type(self) -> str:
        return self.content_type.split(";")[0].strip().lower()


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> HttpResponse:
    response = HttpResponse(orjson.dumps(data), status=status, content_type="application/json")
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def error_response(status: int, detail: str, errors: list[FieldError] | None = None) -> HttpResponse:
    body = {"detail": detail, "errors": [{"field": e.field, "reason": e.reason} for e in errors or []]}
    return json_response(body, status=status)


def _headers(request: HttpRequest) -> dict[str, str]:
    headers = {name.lower(): value for name, value in request.headers.items()}
    return headers


def _alternate(request: HttpRequest, headers: dict[str, str]) -> XapiRequest:
    """Unwrap the 1.0.3 alternate request syntax (POST ?method=X, everything in a form body)."""
    if set(request.GET) != {"method"}:
        raise XapiError(400, "Only the method parameter may be in the query string", "method")
    method = request.GET["method"].upper()
    if method not in {"GET", "PUT", "POST", "DELETE", "HEAD"}:
        raise XapiError(400, "Unknown method", "method")
    if not headers.get("content-type", "").lower().startswith("application/x-www-form-urlencoded"):
        raise XapiError(400, "The alternate syntax needs a form body", "Content-Type")
    form = urllib.parse.parse_qs(request.body.decode("utf-8", "replace"), keep_blank_values=True)
    params: dict[str, str] = {}
    body = b""
    new_headers = {k: v for k, v in headers.items() if k not in {"content-type", "content-length"}}
    for name, values in form.items():
        lower = name.lower()
        if lower in ALTERNATE_HEADERS:
            new_headers[ALTERNATE_HEADERS[lower]] = values[0]
        elif name == "content":
            body = values[0].encode()
        else:
            params[name] = values[0]
    if body and "content-type" not in new_headers:
        new_headers["content-type"] = "application/json"
    return XapiRequest(method=method, params=params, headers=new_headers, body=body, raw=request)


def _with_common_headers(response: HttpResponse, version: str) -> HttpResponse:
    for name, value in CORS_HEADERS.items():
        response[name] = value
    response["X-Experience-API-Version"] = version
    return response


Handler = Callable[[XapiRequest], HttpResponse]


def xapi_endpoint(
    handler: Handler, *, needs_version: bool = True, needs_auth: bool = True, consistent_through: bool = False
) -> Any:
    """Wrap a resource handler with the whole xAPI envelope."""

    @csrf_exempt
    def view(request: HttpRequest) -> HttpResponse:
        version = request.headers.get("X-Experience-API-Version", "") or default_version()
        if request.method == "OPTIONS":
            return _with_common_headers(HttpResponse(status=200), version)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > max_body_bytes():
            return _with_common_headers(error_response(413, "Request body too large"), version)
        try:
            xreq = _parse(request)
            version = xreq.headers.get("x-experience-api-version", "") or version
            if needs_auth:
                xreq.client = client_authenticate(xreq.headers.get("authorization", ""))
                if xreq.client is None:
                    _launch_authenticate(xreq)
                if xreq.client is None:
                    response = error_response(401, "Authentication required")
                    response["WWW-Authenticate"] = 'Basic realm="xAPI"'
                    return _with_common_headers(response, version)
            if needs_version:
                asked = xreq.headers.get("x-experience-api-version")
                if not asked:
                    raise XapiError(
                        400, "X-Experience-API-Version header is required", "X-Experience-API-Version"
                    )
                if asked not in SUPPORTED_VERSIONS:
                    raise XapiError(400, "Unsupported xAPI version", "X-Experience-API-Version")
                xreq.version = asked
            if xreq.client is not None and not rate_limiter.allow(
                xreq.client.pk, xreq.client.rate_limit_per_minute
            ):
                response = error_response(429, "Rate limit exceeded for this client")
                response["Retry-After"] = "60"
                return _with_common_headers(response, version)
            is_head = xreq.method == "HEAD"
            if is_head:
                xreq.method = "GET"
            response = handler(xreq)
            if is_head:
                response["Content-Length"] = str(len(response.content))
                response.content = b""
        except XapiError as exc:
            response = error_response(exc.status, exc.detail, exc.errors)
        except DomainError as exc:
            response = error_response(exc.status, exc.detail, exc.errors)
        if consistent_through and request.method in {"GET", "HEAD"}:
            response["X-Experience-API-Consistent-Through"] = timezone.now().strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        return _with_common_headers(response, version)

    return view


def _launch_authenticate(xreq: XapiRequest) -> None:
    """A launched AU's session credential (cmi5 auth-token) acts through its administration's launch client."""
    credential = launch_credential_authenticate(xreq.headers.get("authorization", ""))
    if credential is not None:
        xreq.client = credential.client
        xreq.extra["launch"] = credential


def _parse(request: HttpRequest) -> XapiRequest:
    headers = _headers(request)
    method = (request.method or "GET").upper()
    if method == "POST" and "method" in request.GET:
        if headers.get("x-experience-api-version", "").startswith("2"):
            raise XapiError(
                400, "xAPI 2.0 has no alternate request syntax", "method", "is not allowed in 2.0"
            )
        return _alternate(request, headers)
    params = {key: request.GET[key] for key in request.GET}
    body = request.body if method in {"POST", "PUT"} else b""
    return XapiRequest(method=method, params=params, headers=headers, body=body, raw=request)


def require_scope(xreq: XapiRequest, *scopes: str) -> None:
    """403 unless the client holds one of ``scopes``."""
    held = set(xreq.client.scopes if xreq.client else [])
    if not held & set(scopes):
        raise XapiError(403, "This client lacks the scope for this request", "scope", " or ".join(scopes))


def parse_json(body: bytes, field_name: str) -> Any:
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise XapiError(400, "Malformed JSON", field_name, "is not valid JSON") from exc
