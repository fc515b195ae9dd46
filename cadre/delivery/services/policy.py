"""Set an administration's delivery policy (away caps, training evidence)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cadre.core.audit import audit_record, snapshot
from cadre.core.errors import DomainError, FieldError
from cadre.delivery.models import (
    DeliveryPolicy,
)
from cadre.tenancy.access import MANAGERS, require_role
from cadre.tenancy.models import Administration


@transaction.atomic
def delivery_policy_set(
    *,
    actor: Any,
    administration: Administration,
    away_cap_share: Decimal | None,
    away_cap_mode: str,
    training_evidence_auto_validated: bool,
) -> DeliveryPolicy:
    require_role(user=actor, administration_id=administration.pk, roles=MANAGERS)
    errors: list[FieldError] = []
    if away_cap_share is not None and not Decimal(0) <= away_cap_share <= Decimal(1):
        errors.append(FieldError("away_cap_share", _("must be between 0 and 1")))
    if away_cap_mode not in DeliveryPolicy.AwayMode.values:
        errors.append(FieldError("away_cap_mode", _("must be warn or refuse")))
    if errors:
        raise DomainError(_("Policy not saved"), errors)
    policy, created = DeliveryPolicy.objects.get_or_create(administration=administration)
    before = None if created else snapshot(policy)
    policy.away_cap_share = away_cap_share
    policy.away_cap_mode = away_cap_mode
    policy.training_evidence_auto_validated = training_evidence_auto_validated
    policy.save(update_fields=["away_cap_share", "away_cap_mode", "training_evidence_auto_validated"])
    audit_record(
        actor=actor,
        action="create" if created else "update",
        instance=policy,
        before=before,
        after=snapshot(policy),
    )
    return policy
