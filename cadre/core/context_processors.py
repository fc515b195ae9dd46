"""Role-aware navigation for every page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadre.core.scoping import MANAGERS, access_for
from cadre.tenancy.models import REGIONAL_ROLES, Role


@dataclass(frozen=True)
class NavItem:
    label: Any
    url: str
    key: str


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    access = access_for(user)
    items = [NavItem(_("Home"), reverse("core:home"), "home")]
    is_manager = bool(access.administration_ids(MANAGERS))
    is_supervisor = bool(access.supervised_paths)
    has_officer = hasattr(user, "officer")
    if has_officer:
        items.append(NavItem(_("My profile"), reverse("people:me"), "me"))
        items.append(NavItem(_("My gaps"), reverse("needs:my_gaps"), "my_gaps"))
        items.append(NavItem(_("My learning"), reverse("delivery:my_learning"), "my_learning"))
        items.append(NavItem(_("cmi5 courses"), reverse("cmi5:package_list"), "cmi5"))
        items.append(
            NavItem(_("My questionnaires"), reverse("evaluation:my_questionnaires"), "my_questionnaires")
        )
    if access.roles or access.regional_roles:
        items.append(NavItem(_("Frameworks"), reverse("competencies:framework_list"), "frameworks"))
    if access.roles or access.regional_roles:
        items.append(NavItem(_("Catalogue"), reverse("catalogue:course_list"), "catalogue"))
    if access.roles:
        items.append(NavItem(_("Sessions"), reverse("delivery:session_list"), "sessions"))
    if access.roles or access.regional_roles:
        items.append(NavItem(_("Good practices"), reverse("practices:list"), "practices"))
        items.append(NavItem(_("Regional events"), reverse("community:event_list"), "events"))
        items.append(NavItem(_("Expert pool"), reverse("community:expert_list"), "experts"))
    if is_manager or is_supervisor:
        items.append(NavItem(_("Nominations"), reverse("delivery:enrolment_list"), "nominations"))
        items.append(NavItem(_("Follow-ups"), reverse("evaluation:follow_up_list"), "follow_ups"))
    if is_manager:
        items.append(NavItem(_("Role profiles"), reverse("competencies:profile_list"), "profiles"))
        items.append(NavItem(_("Strategy"), reverse("strategy:objective_list"), "strategy"))
        items.append(NavItem(_("Needs analysis"), reverse("needs:heatmap"), "needs"))
        items.append(NavItem(_("Annual plan"), reverse("planning:list"), "planning"))
        items.append(NavItem(_("Evaluation"), reverse("evaluation:overview"), "evaluation"))
    if is_manager or is_supervisor:
        items.append(NavItem(_("Officers"), reverse("people:officer_list"), "officers"))
    if is_supervisor:
        items.append(NavItem(_("Assess my staff"), reverse("competencies:assess_grid"), "assess"))
    if is_manager:
        items.append(NavItem(_("Organisation"), reverse("tenancy:org_units"), "org"))
        items.append(NavItem(_("Instructors"), reverse("delivery:instructor_list"), "instructors"))
        items.append(NavItem(_("Content review"), reverse("catalogue:obsolescence"), "obsolescence"))
        items.append(NavItem(_("xAPI clients"), reverse("lrs:clients"), "lrs"))
        items.append(NavItem(_("Audit log"), reverse("core:audit"), "audit"))
    if access.region_ids(REGIONAL_ROLES):
        items.append(NavItem(_("Regional gaps"), reverse("needs:regional"), "regional"))
    # Granting roles is for administration admins and regional admins (a coordinator gets a 404 there).
    if access.region_ids({Role.REGIONAL_ADMIN}) or Role.ADMIN in set().union(*access.roles.values(), set()):
        items.append(NavItem(_("Members and roles"), reverse("tenancy:memberships"), "members"))
    return {"nav_items": items, "cadre_access": access}
