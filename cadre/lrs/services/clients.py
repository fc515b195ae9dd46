"""LRS client credentials: issue (the secret shown once), revoke, install with given credentials."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone

from cadre.core.audit import audit_record, snapshot
from cadre.core.errors import DomainError, FieldError, invalid
from cadre.lrs.auth import new_credentials, secret_digest
from cadre.lrs.models import LrsClient, Scope
from cadre.tenancy.access import MANAGERS, Actor, require_role

if TYPE_CHECKING:
    from cadre.tenancy.models import Administration


@dataclass(frozen=True)
class IssuedClient:
    client: LrsClient
    secret: str


def lrs_client_create(
    *,
    actor: Actor,
    administration: Administration,
    name: str,
    scopes: list[str],
    rate_limit_per_minute: int = 60000,
) -> IssuedClient:
    """Issue a key and a secret (shown once) for a tool of the administration."""
    require_role(user=actor, administration_id=administration.pk, roles=MANAGERS)
    errors: list[FieldError] = []
    name = (name or "").strip()
    if not name:
        errors.append(FieldError("name", "is required"))
    elif len(name) > 120:
        errors.append(FieldError("name", "must be at most 120 characters"))
    unknown = [s for s in scopes if s not in Scope.values]
    if unknown:
        errors.append(FieldError("scopes", f"unknown scope: {', '.join(unknown)}"))
    if not scopes:
        errors.append(FieldError("scopes", "choose at least one scope"))
    if not 1 <= rate_limit_per_minute <= 1_000_000:
        errors.append(FieldError("rate_limit_per_minute", "must be between 1 and 1000000"))
    if errors:
        raise DomainError("Client not created", errors, code="lrs_client.invalid")
    key, secret = new_credentials()
    client = LrsClient.objects.create(
        administration=administration,
        name=name,
        key=key,
        secret_digest=secret_digest(secret),
        scopes=sorted(set(scopes)),
        rate_limit_per_minute=rate_limit_per_minute,
        created_by_id=actor.user_id,
    )
    after = snapshot(client)
    after.pop("secret_digest", None)
    audit_record(actor=actor.user, action="create", instance=client, after=after)
    return IssuedClient(client=client, secret=secret)


def lrs_client_revoke(*, actor: Actor, client: LrsClient) -> LrsClient:
    require_role(user=actor, administration_id=client.administration_id, roles=MANAGERS)
    if client.revoked_at is not None:
        raise invalid("client", "is already revoked", code="lrs_client.already_revoked")
    client.revoked_at = timezone.now()
    client.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor.user,
        action="update",
        instance=client,
        after={"revoked_at": client.revoked_at.isoformat()},
    )
    return client


def lrs_client_install(
    *, administration: Administration, name: str, key: str, secret: str, scopes: list[str]
) -> LrsClient:
    """Create or reset a client with given credentials (operators, demo and conformance runs)."""
    if len(secret) < 16:
        raise invalid("secret", "must be at least 16 characters", code="lrs_client.secret_too_short")
    unknown = [s for s in scopes if s not in Scope.values]
    if unknown:
        raise invalid("scopes", f"unknown scope: {', '.join(unknown)}", code="lrs_client.unknown_scope")
    client, _ = LrsClient.objects.update_or_create(
        key=key,
        defaults={
            "administration": administration,
            "name": name,
            "secret_digest": secret_digest(secret),
            "scopes": sorted(set(scopes)),
            "revoked_at": None,
        },
    )
    return client
