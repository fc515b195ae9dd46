"""Write tenancy data: org units and memberships, each change audited."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cadre.core.audit import audit_record, snapshot
from cadre.core.errors import DomainError, FieldError, invalid
from cadre.tenancy.access import forget_access
from cadre.tenancy.models import Administration, Membership, OrgUnit, Region
from cadre.tenancy.types import ADMINISTRATION_ROLES, REGIONAL_ROLES, Role


@transaction.atomic
def org_unit_create(
    *,
    actor: Any,
    administration: Administration,
    code: str,
    name: str,
    kind: str = OrgUnit.Kind.OFFICE,
    parent: OrgUnit | None = None,
    away_cap: int | None = None,
) -> OrgUnit:
    """Create an org unit under ``parent`` (or as a root) and give it its materialised path."""
    errors = []
    if not code.strip():
        errors.append(FieldError("code", _("required")))
    if not name.strip():
        errors.append(FieldError("name", _("required")))
    if parent is not None and parent.administration_id != administration.pk:
        errors.append(FieldError("parent", _("belongs to another administration")))
    if kind not in OrgUnit.Kind.values:
        errors.append(
            FieldError("kind", _("must be one of %(choices)s") % {"choices": ", ".join(OrgUnit.Kind.values)})
        )
    if away_cap is not None and away_cap < 0:
        errors.append(FieldError("away_cap", _("cannot be negative")))
    if OrgUnit.objects.filter(administration=administration, code=code.strip()).exists():
        errors.append(FieldError("code", _("already used in this administration")))
    if errors:
        raise DomainError(_("Org unit not created"), errors)
    unit = OrgUnit.objects.create(
        administration=administration,
        parent=parent,
        code=code.strip(),
        name=name.strip(),
        kind=kind,
        away_cap=away_cap,
    )
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.depth = (parent.depth + 1) if parent else 0
    unit.save(update_fields=["path", "depth"])
    audit_record(actor=actor, action="create", instance=unit, after=snapshot(unit))
    return unit


@transaction.atomic
def membership_grant(
    *,
    actor: Any,
    user: Any,
    role: str,
    administration: Administration | None = None,
    region: Region | None = None,
    org_unit: OrgUnit | None = None,
) -> Membership:
    """Give ``user`` a role in an administration (or a regional role in a region)."""
    if role not in Role.values:
        raise invalid("role", _("unknown role %(role)r") % {"role": role})
    if role in REGIONAL_ROLES:
        if region is None or administration is not None:
            raise invalid("region", _("a regional role needs a region and no administration"))
    elif role in ADMINISTRATION_ROLES and (administration is None or region is not None):
        raise invalid("administration", _("an administration role needs an administration"))
    if role == Role.SUPERVISOR:
        if org_unit is None:
            raise invalid("org_unit", _("a supervisor supervises an org unit subtree"))
        if administration is not None and org_unit.administration_id != administration.pk:
            raise invalid("org_unit", _("belongs to another administration"))
    elif org_unit is not None:
        raise invalid("org_unit", _("only supervisors are attached to an org unit"))
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                user=user, role=role, administration=administration, region=region, org_unit=org_unit
            )
    except IntegrityError as exc:
        raise invalid("role", _("the user already holds this role here")) from exc
    audit_record(
        actor=actor,
        action="create",
        instance=membership,
        after=snapshot(membership),
        administration_id=membership.administration_id,
        region_id=membership.region_id,
    )
    forget_access(user)
    return membership


@transaction.atomic
def membership_revoke(*, actor: Any, membership: Membership) -> None:
    """Remove a role; the last admin of an administration or region cannot be removed (no lock-out)."""
    for role, scope in ((Role.ADMIN, "administration"), (Role.REGIONAL_ADMIN, "region")):
        scope_id = getattr(membership, f"{scope}_id")
        if membership.role == role and scope_id is not None:
            others = Membership.objects.filter(role=role, **{f"{scope}_id": scope_id}).exclude(
                pk=membership.pk
            )
            if not others.exists():
                raise invalid(
                    "membership",
                    _("the last %(role)s cannot be removed")
                    % {"role": membership.get_role_display().lower()},
                )
    before = snapshot(membership)
    audit_record(
        actor=actor,
        action="delete",
        instance=membership,
        before=before,
        administration_id=membership.administration_id,
        region_id=membership.region_id,
    )
    membership.delete()
    forget_access(membership.user)


def user_create(
    *, username: str, password: str | None, email: str = "", first_name: str = "", last_name: str = ""
) -> Any:
    """Create a login; ``password=None`` leaves it unusable until set."""
    User = get_user_model()  # noqa: N806
    if User.objects.filter(username=username).exists():
        raise invalid("username", _("already taken"))
    user = User.objects.create_user(
        username=username, email=email, first_name=first_name, last_name=last_name
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save(update_fields=["password"])
    return user


@transaction.atomic
def administration_settings_update(
    *, actor: Any, administration: Administration, currency: str, time_zone: str
) -> Administration:
    """Set the administration's money and clock; both validated (ISO 4217, tz database)."""
    from django.core.exceptions import ValidationError

    from cadre.tenancy.types import validate_currency, validate_time_zone

    currency = currency.strip().upper()
    errors = []
    for name, value, validate in (
        ("currency", currency, validate_currency),
        ("time_zone", time_zone, validate_time_zone),
    ):
        if not value:
            errors.append(FieldError(name, _("required")))
            continue
        try:
            validate(value)
        except ValidationError as exc:
            errors.append(FieldError(name, " ".join(exc.messages)))
    if errors:
        raise DomainError(_("Settings not saved"), errors)
    from cadre.core.audit import audited_update

    audited_update(
        actor=actor,
        instance=administration,
        changes={"currency": currency, "time_zone": time_zone},
        administration_id=administration.pk,
    )
    return administration
