"""Who may act on an enrolment, and the eligibility and away checks the workflow shares."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.core.audit import audit_record, snapshot
from cadre.core.errors import DomainError, FieldError
from cadre.delivery.models import (
    DeliveryPolicy,
    Enrolment,
    Session,
)
from cadre.delivery.selectors import (
    officer_unmet_prerequisites,
)
from cadre.people.models import Officer
from cadre.tenancy.access import MANAGERS, access_for

State = Enrolment.State


def _is_self(actor: Any, officer: Officer) -> bool:
    return officer.user_id is not None and officer.user_id == getattr(actor, "pk", None)


def _manages(actor: Any, administration_id: int) -> bool:
    return access_for(actor).has_role(administration_id, MANAGERS)


def _supervises(actor: Any, officer: Officer) -> bool:
    paths = access_for(actor).supervised_paths.get(officer.administration_id, [])
    return not _is_self(actor, officer) and any(officer.org_unit.path.startswith(p) for p in paths)


def _teaches(actor: Any, session: Session) -> bool:
    return session.instructors.filter(
        officer__user_id=int(getattr(actor, "pk", None) or 0), officer__isnull=False
    ).exists()


def _refuse() -> Http404:
    # Lacking the role answers like a missing object: nothing is confirmed to an outsider.
    return Http404("Not found")


def _locked(session: Session) -> Session:
    return Session.objects.select_for_update().select_related("course", "administration").get(pk=session.pk)


def _audit(actor: Any, enrolment: Enrolment, before: dict[str, Any] | None) -> None:
    audit_record(
        actor=actor,
        action="create" if before is None else "update",
        instance=enrolment,
        before=before,
        after=snapshot(enrolment),
        administration_id=enrolment.session.administration_id,
    )


# --- checks -----------------------------------------------------------------------------------------


def _check_eligible(*, session: Session, officer: Officer) -> list[FieldError]:
    """Session open, officer active, language spoken, prerequisites met, not already enrolled."""
    errors: list[FieldError] = []
    if session.self_paced:
        errors.append(FieldError("session", _("a self-paced course is joined by starting its modules")))
    elif session.status != Session.Status.SCHEDULED:
        errors.append(FieldError("session", _("the session is cancelled")))
    elif session.ends_at <= timezone.now():
        errors.append(FieldError("session", _("the session is over")))
    if not officer.active:
        errors.append(FieldError("officer", _("the officer is not active")))
    spoken = list(officer.languages or [])
    if session.language not in spoken:
        errors.append(
            FieldError(
                "language",
                _("the session is taught in %(language)s; the officer's languages are %(languages)s")
                % {"language": session.language, "languages": ", ".join(spoken) or _("not recorded")},
            )
        )
    errors += [
        FieldError("prerequisites", reason)
        for reason in officer_unmet_prerequisites(
            course_id=session.course_id, officer=officer, before=session.starts_at
        )
    ]
    if Enrolment.objects.filter(session=session, officer=officer, state__in=Enrolment.ACTIVE).exists():
        errors.append(FieldError("officer", _("already has a request for this session")))
    return errors


def _away_check(*, session: Session, officer: Officer, policy: DeliveryPolicy) -> str | None:
    """Warn (or, in refuse mode, raise) when the officer's absence would pass the unit's cap.

    The cap is the policy's share of the unit's active staff, and the unit's own ``away_cap`` head
    count when set; "away" means approved or confirmed for a session overlapping this one.
    """
    unit = officer.org_unit
    limits: list[int] = []
    staff = Officer.objects.filter(org_unit_id=unit.pk, active=True).count()
    if policy.away_cap_share is not None:
        limits.append(math.floor(Decimal(staff) * policy.away_cap_share))
    if unit.away_cap is not None:
        limits.append(unit.away_cap)
    if not limits:
        return None
    away = (
        Enrolment.objects.filter(
            officer__org_unit_id=unit.pk,
            state__in=[State.APPROVED, State.CONFIRMED],
            session__status=Session.Status.SCHEDULED,
            session__starts_at__lt=session.ends_at,
            session__ends_at__gt=session.starts_at,
        )
        .exclude(officer=officer)
        .values("officer_id")
        .distinct()
        .count()
    )
    limit = min(limits)
    if away + 1 <= limit:
        return None
    message = _(
        "%(away)s of %(staff)s officers of %(unit)s would be away at the same time (at most %(max)s may be)"
    ) % {
        "away": away + 1,
        "staff": staff,
        "unit": unit.name,
        "max": limit,
    }
    if policy.away_cap_mode == DeliveryPolicy.AwayMode.REFUSE:
        raise DomainError(_("Too many of the unit's staff away"), [FieldError("officer", message)])
    return message


def _with_warning(enrolment: Enrolment, warning: str | None) -> list[str]:
    if warning and warning not in enrolment.warnings:
        return [*enrolment.warnings, warning]
    return list(enrolment.warnings)
