"""Navigation grouped by the training cycle, showing only what the person's roles may use.

Every link here must answer 200 to the person it is shown to (``tests/test_link_crawl.py`` follows
them all). Built from ``access_for`` (cached per request) and the user's officer record: no query
of its own, so every page's query count stays what its own view makes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadre.tenancy.access import MANAGERS, Access, access_for
from cadre.tenancy.types import REGIONAL_ROLES, Role

#: No role sees more top-level entries than this (Home and eight groups).
MAX_TOP_LEVEL = 9


@dataclass(frozen=True)
class NavLink:
    label: Any
    url: str
    key: str


@dataclass
class NavGroup:
    """One step of the training cycle: a disclosure of links (or a single link when ``url`` is set)."""

    key: str
    label: Any
    links: list[NavLink] = field(default_factory=list)
    url: str = ""

    def add(self, label: Any, url_name: str, key: str) -> None:
        self.links.append(NavLink(label, reverse(url_name), key))

    current: bool = False

    def mark_current(self, path: str) -> None:
        """Flag the group holding the page at ``path`` (a link's own page or one beneath it)."""
        if self.url:
            self.current = path == self.url
        else:
            self.current = any(path.startswith(link.url) for link in self.links)


@dataclass(frozen=True)
class Roles:
    """What the person may use, read once from their access."""

    any_role: bool
    regional: bool
    regional_admin: bool
    manager: bool
    admin: bool
    supervisor: bool
    instructor: bool
    officer: bool

    @classmethod
    def of(cls, user: Any, access: Access) -> Roles:
        administration_roles: set[str] = set().union(*access.roles.values()) if access.roles else set()
        return cls(
            any_role=bool(access.roles),
            regional=bool(access.region_ids(REGIONAL_ROLES)),
            regional_admin=bool(access.region_ids({Role.REGIONAL_ADMIN})),
            manager=bool(access.administration_ids(MANAGERS)),
            admin=Role.ADMIN in administration_roles,
            supervisor=bool(access.supervised_paths),
            instructor=Role.INSTRUCTOR in administration_roles,
            officer=hasattr(user, "officer"),
        )


def _my_learning(r: Roles) -> NavGroup:
    g = NavGroup("learning", _("My learning"))
    if r.officer:
        g.add(_("My learning"), "delivery:my_learning", "my_learning")
        g.add(_("My profile"), "people:me", "me")
        g.add(_("My gaps"), "needs:my_gaps", "my_gaps")
        g.add(_("Self-assessment"), "competencies:self_assess", "self_assess")
        g.add(_("cmi5 courses"), "cmi5:package_list", "cmi5")
        g.add(_("My questionnaires"), "evaluation:my_questionnaires", "my_questionnaires")
    return g


def _competencies(r: Roles) -> NavGroup:
    g = NavGroup("competencies", _("Competencies"))
    if r.any_role or r.regional:
        g.add(_("Frameworks"), "competencies:framework_list", "frameworks")
    if r.manager:
        g.add(_("Role profiles"), "competencies:profile_list", "profiles")
    if r.supervisor:
        g.add(_("Assess my staff"), "competencies:assess_grid", "assess")
        g.add(_("Validations"), "competencies:validations", "validations")
    return g


def _needs(r: Roles) -> NavGroup:
    g = NavGroup("needs", _("Needs"))
    if r.manager:
        g.add(_("Strategy"), "strategy:objective_list", "strategy")
        g.add(_("Needs analysis"), "needs:heatmap", "needs")
        g.add(_("Snapshots"), "needs:snapshots", "snapshots")
    if r.regional:
        g.add(_("Regional gaps"), "needs:regional", "regional")
    return g


def _plan(r: Roles) -> NavGroup:
    g = NavGroup("plan", _("Plan"))
    if r.manager:
        g.add(_("Annual plan"), "planning:list", "planning")
    if r.any_role or r.regional:
        g.add(_("Catalogue"), "catalogue:course_list", "catalogue")
    if r.manager:
        g.add(_("Content review"), "catalogue:obsolescence", "obsolescence")
    return g


def _delivery(r: Roles) -> NavGroup:
    g = NavGroup("delivery", _("Delivery"))
    if r.any_role:
        g.add(_("Sessions"), "delivery:session_list", "sessions")
    if r.manager or r.supervisor:
        g.add(_("Nominations"), "delivery:enrolment_list", "nominations")
    if r.manager:
        g.add(_("Instructors"), "delivery:instructor_list", "instructors")
    if r.officer:
        g.add(_("Calendar"), "delivery:calendar", "calendar")
    return g


def _evaluation(r: Roles) -> NavGroup:
    g = NavGroup("evaluation", _("Evaluation"))
    if r.manager:
        g.add(_("Evaluation"), "evaluation:overview", "evaluation")
    if r.manager or r.supervisor:
        g.add(_("Follow-ups"), "evaluation:follow_up_list", "follow_ups")
    return g


def _community(r: Roles) -> NavGroup:
    g = NavGroup("community", _("Community"))
    if r.any_role or r.regional:
        g.add(_("Good practices"), "practices:list", "practices")
        g.add(_("Regional events"), "community:event_list", "events")
        g.add(_("Expert pool"), "community:expert_list", "experts")
    return g


def _administration(r: Roles) -> NavGroup:
    g = NavGroup("administration", _("Administration"))
    if r.manager or r.supervisor:
        g.add(_("Officers"), "people:officer_list", "officers")
    if r.manager:
        g.add(_("Organisation"), "tenancy:org_units", "org")
        g.add(_("xAPI clients"), "lrs:clients", "lrs")
    if r.admin or r.regional_admin:
        g.add(_("Members and roles"), "tenancy:memberships", "members")
    if r.manager or r.regional_admin:
        g.add(_("Audit log"), "core:audit", "audit")
    return g


GROUPS = (_my_learning, _competencies, _needs, _plan, _delivery, _evaluation, _community, _administration)


def navigation_for(*, user: Any, path: str = "") -> list[NavGroup]:
    """Home, then each training-cycle group the person has at least one link in."""
    roles = Roles.of(user, access_for(user))
    groups = [NavGroup("home", _("Home"), url=reverse("home:home"))]
    groups += [g for g in (build(roles) for build in GROUPS) if g.links]
    for group in groups:
        group.mark_current(path)
    return groups


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Template context: ``nav_groups`` for the menu, ``cadre_access`` for pages that need it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_groups": []}
    return {"nav_groups": navigation_for(user=user, path=request.path), "cadre_access": access_for(user)}
