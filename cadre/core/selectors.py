"""Read the audit log and the home dashboard, always scoped to the caller."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from cadre.competencies.selectors import (
    RequirementStatus,
    frameworks_visible_to,
    officer_requirement_status,
    pending_validations_for,
    role_profiles_for_user,
)
from cadre.core.models import AuditEvent
from cadre.core.scoping import MANAGERS, access_for
from cadre.people.models import Officer
from cadre.people.selectors import officer_for_user, officers_managed_by
from cadre.tenancy.models import REGIONAL_ROLES, Administration, OrgUnit, Role

AUDIT_REGIONAL_ROLES = frozenset({Role.REGIONAL_ADMIN})


def audit_viewable_by(*, user: Any) -> bool:
    """Whether the user may open the audit log at all (managers, admins, regional admins)."""
    access = access_for(user)
    return bool(access.administration_ids(MANAGERS) or access.region_ids(AUDIT_REGIONAL_ROLES))


def audit_day_start(day: dt.date) -> dt.datetime:
    """Midnight of ``day`` in the active time zone (the administration's, set by the middleware)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min), timezone.get_current_timezone())


def audit_events_for_user(
    *,
    user: Any,
    entity_type: str = "",
    actor: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """Events of administrations the user manages, plus their region's own events for regional admins.

    ``since`` and ``until`` are inclusive calendar days in the active time zone.
    """
    access = access_for(user)
    events = AuditEvent.objects.filter(
        Q(administration_id__in=access.administration_ids(MANAGERS))
        | Q(administration__isnull=True, region_id__in=access.region_ids(AUDIT_REGIONAL_ROLES))
    ).select_related("administration", "region")
    if entity_type:
        events = events.filter(entity_type=entity_type)
    if actor:
        events = events.filter(actor_name__iexact=actor.strip())
    if since is not None:
        events = events.filter(at__gte=audit_day_start(since))
    if until is not None:
        events = events.filter(at__lt=audit_day_start(until + dt.timedelta(days=1)))
    return events


def audit_entity_types_for_user(*, user: Any) -> list[str]:
    """The entity types present in the caller's audit log, for the filter menu."""
    return sorted(set(audit_events_for_user(user=user).order_by().values_list("entity_type", flat=True)))


@dataclass(frozen=True)
class LearnerSummary:
    officer: Officer
    requirements: list[RequirementStatus]

    @property
    def met(self) -> int:
        return sum(1 for r in self.requirements if r.meets)

    @property
    def unknown(self) -> int:
        return sum(1 for r in self.requirements if r.current is None)


@dataclass(frozen=True)
class SupervisorSummary:
    units: list[OrgUnit]
    pending_validations: int


@dataclass(frozen=True)
class ManagerSummary:
    officers: int
    frameworks: int
    role_profiles: int
    recent_events: list[AuditEvent]


@dataclass(frozen=True)
class Dashboard:
    """What the home page shows; each part is None when the user's roles do not call for it."""

    learner: LearnerSummary | None = None
    supervisor: SupervisorSummary | None = None
    manager: ManagerSummary | None = None
    regional_administrations: list[Administration] = field(default_factory=list)


def home_dashboard(*, user: Any, recent_events: int = 5) -> Dashboard:
    """Assemble the role-aware home page in a handful of queries."""
    access = access_for(user)
    learner = None
    officer = officer_for_user(user=user)
    if officer is not None:
        learner = LearnerSummary(officer=officer, requirements=officer_requirement_status(officer=officer))
    supervisor = None
    if access.supervised_paths:
        paths = [p for paths in access.supervised_paths.values() for p in paths]
        supervisor = SupervisorSummary(
            units=list(OrgUnit.objects.filter(path__in=paths).select_related("administration")),
            pending_validations=pending_validations_for(user=user).count(),
        )
    manager = None
    if access.administration_ids(MANAGERS):
        manager = ManagerSummary(
            officers=officers_managed_by(user=user).filter(active=True).count(),
            frameworks=frameworks_visible_to(user=user).count(),
            role_profiles=role_profiles_for_user(user=user, roles=MANAGERS).count(),
            recent_events=list(audit_events_for_user(user=user)[:recent_events]),
        )
    regional: list[Administration] = []
    region_ids = access.region_ids(REGIONAL_ROLES)
    if region_ids:
        regional = list(Administration.objects.filter(region_id__in=region_ids).only("name", "region_id"))
    return Dashboard(
        learner=learner, supervisor=supervisor, manager=manager, regional_administrations=regional
    )
