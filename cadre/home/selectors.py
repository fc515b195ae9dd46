"""The home page: every panel the person's roles call for (see ``panels`` and ``queues``).

A queue is what waits for the person, oldest (or soonest) first, each item linking to the page where
it is done. Every queue costs a fixed number of queries (``cadre.core.queues.waiting``), so the home
page's query count does not grow with the number of waiting items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from cadre.catalogue.selectors import course_titles_for_viewer
from cadre.competencies.selectors import officer_requirement_status
from cadre.delivery.selectors import instructor_for_user
from cadre.home.panels import (
    coordinator_panel,
    instructor_panel,
    manager_panel,
    officer_panel,
    supervisor_panel,
)
from cadre.home.queues import LearnerRecord, Panel, course_titles
from cadre.people.selectors import officer_for_user
from cadre.tenancy.access import MANAGERS, access_for
from cadre.tenancy.models import Administration, OrgUnit
from cadre.tenancy.types import REGIONAL_ROLES


@dataclass(frozen=True)
class HomePage:
    panels: list[Panel] = field(default_factory=list)
    learner: LearnerRecord | None = None
    supervised_units: list[OrgUnit] = field(default_factory=list)
    regional_administrations: list[Administration] = field(default_factory=list)

    @property
    def waiting(self) -> int:
        return sum(p.waiting for p in self.panels)

    def panel(self, key: str) -> Panel | None:
        return next((p for p in self.panels if p.key == key), None)


def home_page(*, user: Any) -> HomePage:
    """Every panel the person's roles call for, in the order of their working day."""
    titles = course_titles.set(course_titles_for_viewer(user=user))
    try:
        return _home_page(user=user)
    finally:
        course_titles.reset(titles)


def _home_page(*, user: Any) -> HomePage:
    access = access_for(user)
    today = timezone.localdate()
    panels: list[Panel] = []
    learner = None
    if access.administration_ids(MANAGERS):
        panels.append(manager_panel(user=user, today=today))
    units: list[OrgUnit] = []
    if access.supervised_paths:
        paths = [p for paths in access.supervised_paths.values() for p in paths]
        units = list(OrgUnit.objects.filter(path__in=paths).select_related("administration"))
        panels.append(supervisor_panel(user=user, today=today))
    instructor = instructor_for_user(user=user)
    if instructor is not None:
        panels.append(instructor_panel(instructor=instructor))
    officer = officer_for_user(user=user)
    if officer is not None:
        learner = LearnerRecord(officer=officer, requirements=officer_requirement_status(officer=officer))
        panels.append(officer_panel(user=user, officer=officer, record=learner))
    regional: list[Administration] = []
    region_ids = access.region_ids(REGIONAL_ROLES)
    if region_ids:
        regional = list(Administration.objects.filter(region_id__in=region_ids).only("name", "region_id"))
        panels.append(coordinator_panel(user=user, today=today, members=len(regional)))
    return HomePage(panels=panels, learner=learner, supervised_units=units, regional_administrations=regional)
