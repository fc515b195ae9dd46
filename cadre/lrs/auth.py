"""LRS client credentials: high-entropy secrets checked by one keyed hash and a constant-time compare."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils import timezone

from cadre.lrs.models import LaunchCredential, LrsClient

#: Launch credential keys start with this, client keys (hex) never do.
LAUNCH_KEY_PREFIX = "L"


def _pepper() -> bytes:
    return str(getattr(settings, "CADRE_LRS_PEPPER", "") or settings.SECRET_KEY).encode()


def secret_digest(secret: str) -> str:
    """HMAC-SHA256 of a client secret: fast, because the secret itself has 256 bits of entropy."""
    return hmac.new(_pepper(), secret.encode(), hashlib.sha256).hexdigest()


def new_credentials() -> tuple[str, str]:
    return secrets.token_hex(16), secrets.token_urlsafe(32)


def basic_credentials(header: str) -> tuple[str, str] | None:
    if not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    key, sep, secret = decoded.partition(":")
    return (key, secret) if sep else None


#: The client columns a request uses, read raw on every request (revocation, scope or rate changes
#: take effect at once); the model instance is rebuilt only when they change.
_CLIENT_ROW_SQL = (
    "SELECT id, administration_id, name, secret_digest, scopes, rate_limit_per_minute FROM {table} "
    "WHERE key = %s AND revoked_at IS NULL"
)
#: key -> (the raw row the instance was loaded with, the instance), per process, shared read-only.
_client_instances: dict[str, tuple[tuple[object, ...], LrsClient]] = {}


def client_authenticate(header: str) -> LrsClient | None:
    """The active client the Authorization header names, or None.

    One indexed raw query per request (building and compiling the ORM query cost more than
    the query itself); the instance handed to the request is reused while its row is unchanged.
    """
    credentials = basic_credentials(header)
    if credentials is None:
        return None
    key, secret = credentials
    with connection.cursor() as cursor:
        cursor.execute(_CLIENT_ROW_SQL.format(table=LrsClient._meta.db_table), [key])
        found = cursor.fetchone()
    if found is None:
        secret_digest(secret)  # same work whether or not the key exists
        return None
    row = tuple(found)
    if not hmac.compare_digest(str(row[3]), secret_digest(secret)):
        return None
    cached = _client_instances.get(key)
    if cached is not None and cached[0] == row:
        return cached[1]
    client = (
        LrsClient.objects.select_related("administration").filter(pk=row[0], revoked_at__isnull=True).first()
    )
    if client is not None:
        _client_instances[key] = (row, client)
    return client


def launch_credential_authenticate(header: str) -> LaunchCredential | None:
    """The open, unexpired launch credential the Authorization header names, or None."""
    credentials = basic_credentials(header)
    if credentials is None or not credentials[0].startswith(LAUNCH_KEY_PREFIX):
        return None
    key, secret = credentials
    credential = LaunchCredential.objects.select_related("client").filter(key=key).first()
    if credential is None:
        secret_digest(secret)  # same work whether or not the key exists
        return None
    if not hmac.compare_digest(credential.secret_digest, secret_digest(secret)):
        return None
    if credential.closed_at is not None or credential.expires_at <= timezone.now():
        return None
    return credential


@dataclass
class _Window:
    started: float
    count: int


class RateLimiter:
    """Fixed one-minute windows per client, kept in this worker process.

    Each gunicorn worker counts on its own, so the effective limit is at most workers x the
    configured rate; that bounds abuse without a shared store on the hot path.
    """

    def __init__(self) -> None:
        self._windows: dict[int, _Window] = {}
        self._lock = threading.Lock()

    def allow(self, client_id: int, limit: int, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        with self._lock:
            window = self._windows.get(client_id)
            if window is None or now - window.started >= 60:
                self._windows[client_id] = _Window(started=now, count=1)
                return True
            window.count += 1
            return window.count <= limit

    def reset(self) -> None:
        with self._lock:
            self._windows.clear()


rate_limiter = RateLimiter()
