"""cmi5 reads, scoped to the caller's administrations (foreign or missing ids answer the same 404)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce

from cadre.catalogue.selectors import courses_editable_by
from cadre.cmi5.models import AssignableUnit, AuProgress, CoursePackage, LaunchSession, MoveOn, Registration
from cadre.people.selectors import officer_for_user
from cadre.tenancy.access import (
    MANAGERS,
    MEMBERS,
    Actor,
    access_for,
    get_scoped_or_404,
    scope_to_administrations,
)
from cadre.tenancy.selectors import administrations_for_user

if TYPE_CHECKING:
    from cadre.tenancy.models import Administration


def packages_visible_to(*, user: Actor) -> QuerySet[CoursePackage]:
    return scope_to_administrations(CoursePackage.objects.all(), user=user, roles=MEMBERS).select_related(
        "administration"
    )


def package_get_for_user(*, user: Actor, package_id: int) -> CoursePackage:
    return get_scoped_or_404(packages_visible_to(user=user), pk=package_id)


def package_get_managed(*, user: Actor, package_id: int) -> CoursePackage:
    packages = scope_to_administrations(CoursePackage.objects.all(), user=user, roles=MANAGERS)
    return get_scoped_or_404(packages, pk=package_id)


def au_get_for_user(*, user: Actor, au_id: int) -> AssignableUnit:
    aus = AssignableUnit.objects.filter(package__in=packages_visible_to(user=user)).select_related("package")
    return get_scoped_or_404(aus, pk=au_id)


def may_manage(*, user: Actor, administration_id: int) -> bool:
    return access_for(user).has_role(administration_id, MANAGERS)


def administrations_for_import(*, user: Actor) -> QuerySet[Administration]:
    return administrations_for_user(user=user, roles=MANAGERS)


def catalogue_courses_for_link(*, user: Actor) -> QuerySet[Any]:
    return courses_editable_by(user=user.user).filter(administration__isnull=False)


def registrations_visible_to(*, user: Actor) -> QuerySet[Registration]:
    """Managers see their administrations' registrations; a learner sees their own."""
    managed = scope_to_administrations(Registration.objects.all(), user=user, roles=MANAGERS)
    own = Registration.objects.filter(officer__user_id=user.user_id or 0)
    return (managed | own).select_related("package", "officer")


def registration_get_for_user(*, user: Actor, registration_id: int) -> Registration:
    return get_scoped_or_404(registrations_visible_to(user=user), pk=registration_id)


def registration_get_by_code(*, user: Actor, code: str) -> Registration:
    return get_scoped_or_404(registrations_visible_to(user=user), code=code)


def session_get_for_user(*, user: Actor, session_pk: int) -> LaunchSession:
    sessions = LaunchSession.objects.filter(registration__in=registrations_visible_to(user=user))
    return get_scoped_or_404(sessions.select_related("registration__officer", "au__package"), pk=session_pk)


def own_registration(*, user: Actor, package: CoursePackage) -> Registration | None:
    officer = officer_for_user(user=user.user)
    if officer is None or officer.administration_id != package.administration_id:
        return None
    return Registration.objects.filter(package=package, officer=officer).first()


@dataclass(frozen=True)
class AuLine:
    au: AssignableUnit
    progress: AuProgress | None


@dataclass(frozen=True)
class PackageDetail:
    package: CoursePackage
    lines: list[AuLine]
    registration: Registration | None
    registrations: list[Registration]
    may_manage: bool
    may_launch: bool


def package_detail(*, user: Actor, package_id: int) -> PackageDetail:
    package = package_get_for_user(user=user, package_id=package_id)
    registration = own_registration(user=user, package=package)
    progress = {p.au_id: p for p in registration.progress.all()} if registration else {}
    aus = package.aus.select_related("block").order_by("sequence")
    manage = may_manage(user=user, administration_id=package.administration_id)
    return PackageDetail(
        package=package,
        lines=[AuLine(au=au, progress=progress.get(au.pk)) for au in aus],
        registration=registration,
        registrations=list(package.registrations.select_related("officer")[:200]) if manage else [],
        may_manage=manage,
        may_launch=officer_for_user(user=user.user) is not None
        and officer_for_user(user=user.user).administration_id == package.administration_id,  # type: ignore[union-attr]
    )


def sessions_idle(*, now: dt.datetime, idle_for: dt.timedelta) -> QuerySet[LaunchSession]:
    """Active sessions (all administrations) with nothing heard for ``idle_for``, or past their expiry.

    The last sign of life is the last statement, else the preferences read, the fetch, the launch.
    """
    return (
        LaunchSession.objects.filter(terminated_at__isnull=True, abandoned_at__isnull=True)
        .annotate(
            last_activity=Coalesce("last_statement_at", "preferences_read_at", "fetched_at", "launched_at")
        )
        .filter(Q(last_activity__lt=now - idle_for) | Q(expires_at__lte=now))
        .select_related("registration", "au__package")
        .order_by("id")
    )


def registrations_unclaimed() -> QuerySet[Registration]:
    """Registrations (all administrations) with an AU whose progress meets its moveOn but is not
    marked satisfied: an evaluation that never ran (the process died after the AU's statement
    committed) or that other evaluations kept pre-empting. Normally empty."""
    done = (
        Q(progress__waived=True)
        | Q(progress__au__move_on=MoveOn.NOT_APPLICABLE)
        | Q(progress__au__move_on=MoveOn.COMPLETED, progress__completed=True)
        | Q(progress__au__move_on=MoveOn.PASSED, progress__passed=True)
        | Q(
            progress__au__move_on=MoveOn.COMPLETED_AND_PASSED, progress__completed=True, progress__passed=True
        )
        | (
            Q(progress__au__move_on=MoveOn.COMPLETED_OR_PASSED)
            & (Q(progress__completed=True) | Q(progress__passed=True))
        )
    )
    return Registration.objects.filter(done, progress__satisfied=False).distinct().order_by("id")
