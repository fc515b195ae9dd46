"""No page offers a ``<select>`` of more than 100 options: long lists are picked by typing.

Alpha gets more officers, units, courses, competencies, instructors and members than a short
list holds; then every page of the site is read, as each of Alpha's personas, and every
``<select>`` counted.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from cadre.catalogue.models import Course
from cadre.competencies.models import Competency
from cadre.core.pickers import SHORT_LIST_MAX
from cadre.delivery.models import Instructor
from cadre.people.models import Officer
from cadre.people.search import officer_keys_fill
from cadre.tenancy.models import Membership
from tests.core.pages_support import PAGES, build_alpha, login
from tests.support import factories as f

pytestmark = pytest.mark.django_db

MANY = SHORT_LIST_MAX + 20
_SELECT = re.compile(r"<select\b[^>]*>(.*?)</select>", re.S | re.I)
_NAME = re.compile(r'name="([^"]*)"')


def _crowd(world) -> None:
    a = world.a
    for i in range(MANY):
        f.OrgUnitFactory(
            administration=a.administration, parent=a.bureau, code=f"a-U{i:03d}", name=f"Unit {i:03d}"
        )
    officers = [
        Officer(
            administration=a.administration,
            org_unit=a.house,
            position=a.position,
            employee_number=f"N{i:04d}",
            given_name=f"Crowd{i}",
            family_name="Member",
        )
        for i in range(MANY)
    ]
    for officer in officers:
        officer_keys_fill(officer)
    Officer.objects.bulk_create(officers)
    Course.objects.bulk_create(
        [
            Course(
                administration=a.administration, code=f"C{i:03d}", title=f"Course {i:03d}", status="published"
            )
            for i in range(MANY)
        ]
    )
    Competency.objects.bulk_create(
        [
            Competency(framework=a.framework, code=f"K{i:03d}", title=f"Competency {i:03d}", sequence=100 + i)
            for i in range(MANY)
        ]
    )
    users = get_user_model().objects.bulk_create(
        [
            get_user_model()(username=f"crowd{i:03d}", password="!", first_name=f"Crowd{i}")
            for i in range(MANY)
        ]
    )
    Membership.objects.bulk_create(
        [Membership(user=u, role="learner", administration=a.administration) for u in users]
    )
    Instructor.objects.bulk_create(
        [
            Instructor(administration=a.administration, kind="external", name=f"Expert {i:03d}")
            for i in range(MANY)
        ]
    )


def _long_selects(html: str) -> list[str]:
    found = []
    for match in _SELECT.finditer(html):
        count = match.group(1).lower().count("<option")
        if count > SHORT_LIST_MAX:
            name = _NAME.search(match.group(0)[:300])
            found.append(f"{name.group(1) if name else '?'} ({count} options)")
    return found


def test_no_page_has_a_select_of_more_than_100_options(world):
    alpha = build_alpha(world)
    _crowd(world)
    a = world.a
    problems = []
    pages_read = 0
    for user in (a.tm, a.admin, a.sup, a.learner, world.coordinator, world.regional_admin):
        client = login(user)
        for page in PAGES:
            if page.name == "accounts:logout":
                continue
            urls = alpha.urls(page, token_for=user) if page.params else ["/" + page.route]
            for url in urls:
                response = client.get(url)
                if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                    continue
                pages_read += 1
                for select in _long_selects(response.content.decode(errors="replace")):
                    problems.append(f"{user} GET {url}: {select}")
    assert pages_read > 100  # the sweep did read the site's pages
    assert not problems, "selects with more than 100 options:\n" + "\n".join(sorted(set(problems)))
